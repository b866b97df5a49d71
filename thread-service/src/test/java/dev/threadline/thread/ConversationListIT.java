package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.deleted;
import static dev.threadline.testkit.ConversationEvents.flagged;
import static dev.threadline.testkit.ConversationEvents.left;
import static dev.threadline.testkit.ConversationEvents.members;
import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.read;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.ConversationEvents.statusChanged;
import static dev.threadline.thread.ThreadTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
class ConversationListIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");

    ConversationListIT() {
        super("thread_conversation_list_it");
    }

    @Test
    void participantListIsNewestActivityFirstWithUnreadCountsAndTheirOwnFlags() {
        // Given alice in four conversations with bob (one she left), and one she is not in
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        String parcel = newId();
        String direct = newId();
        String group = newId();
        String leftBehind = newId();
        String notHers = newId();
        support.send(
                start(parcel, alice, ConversationKind.support, Priority.high, List.of("parcel"), alice + ":user", bob + ":agent"),
                posted(parcel, newId(), bob, Role.agent, "one", T0.plusSeconds(10), null),
                posted(parcel, newId(), bob, Role.agent, "two", T0.plusSeconds(11), null),
                posted(parcel, newId(), bob, Role.agent, "three", T0.plusSeconds(12), null),
                read(parcel, alice, 1, T0.plusSeconds(13)),
                statusChanged(parcel, ConversationStatus.resolved, T0.plusSeconds(14)),
                start(direct, bob, ConversationKind.direct, Priority.medium, List.of(), alice + ":user", bob + ":user"),
                posted(direct, newId(), bob, Role.user, "hi", T0.plusSeconds(30), null),
                flagged(direct, alice, true, null, true, T0.plusSeconds(31)),
                start(group, bob, ConversationKind.group, Priority.low, List.of(), alice + ":user", bob + ":user"),
                flagged(group, alice, null, true, null, T0.plusSeconds(5)),
                start(leftBehind, bob, ConversationKind.ai_chat, Priority.medium, List.of(), alice + ":user", bob + ":user"),
                posted(leftBehind, newId(), bob, Role.user, "bye", T0.plusSeconds(20), null),
                left(leftBehind, alice, T0.plusSeconds(21)),
                start(notHers, bob, ConversationKind.direct, Priority.medium, List.of(), bob + ":user", "zed-" + run + ":user"),
                posted(notHers, newId(), bob, Role.user, "not for alice", T0.plusSeconds(40), null));
        support.sync(http, parcel, direct, group, leftBehind, notHers);

        // When alice lists her conversations
        Map<String, Object> page = list("participant=" + alice);

        // Then newest activity comes first and the one without messages last; the one she left is not listed
        assertThat(ids(page)).containsExactly(direct, parcel, group);
        assertThat(page.get("nextCursor")).isNull();
        // And each line carries her unread count and her own flags
        assertThat(items(page)).extracting(i -> i.get("unreadCount")).containsExactly(1, 2, 0);
        assertThat(membership(items(page).get(0))).containsEntry("archived", true).containsEntry("favorited", true)
                .containsEntry("pinned", false);
        assertThat(membership(items(page).get(2))).containsEntry("pinned", true).containsEntry("archived", false);

        // And filters pick by the conversation's fields and by her own flags
        assertThat(ids(list("participant=" + alice + "&status=resolved"))).containsExactly(parcel);
        assertThat(ids(list("participant=" + alice + "&kind=direct"))).containsExactly(direct);
        assertThat(ids(list("participant=" + alice + "&priority=high"))).containsExactly(parcel);
        assertThat(ids(list("participant=" + alice + "&tag=parcel"))).containsExactly(parcel);
        assertThat(ids(list("participant=" + alice + "&pinned=true"))).containsExactly(group);
        assertThat(ids(list("participant=" + alice + "&archived=false"))).containsExactly(parcel, group);
        assertThat(ids(list("participant=" + alice + "&favorited=true"))).containsExactly(direct);
        assertThat(ids(list("participant=" + alice + "&includeLeft=true"))).containsExactly(direct, leftBehind, parcel, group);
        assertThat(ids(list("participant=" + alice + "&pinnedFirst=true"))).containsExactly(group, direct, parcel);
    }

    @Test
    void pagesWalkEveryConversationOnceInOrderAcrossEqualTimesAndConversationsWithoutMessages() {
        // Given carol in seven conversations of one tag: two pairs posted at equal times, two without
        // messages, one dated and one undated pinned; and one deleted conversation of the same tag
        String carol = "carol-" + run;
        String tag = "paging-" + run;
        List<Instant> times = List.of(T0.plusSeconds(100), T0.plusSeconds(100), T0.plusSeconds(90), T0.plusSeconds(80),
                T0.plusSeconds(80));
        List<Listed> conversations = new ArrayList<>();
        List<ConversationEvent> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = newId();
            Instant at = i < times.size() ? times.get(i) : null;
            boolean pinned = i == 2 || i == 6;
            conversations.add(new Listed(id, at, pinned));
            events.add(start(id, carol, ConversationKind.support, Priority.medium, List.of(tag), carol + ":user", "dan-" + run + ":agent"));
            if (at != null) {
                events.add(posted(id, newId(), "dan-" + run, Role.agent, "update " + i, at, null));
            }
            if (pinned) {
                events.add(flagged(id, carol, null, true, null, T0));
            }
        }
        String gone = newId();
        events.add(start(gone, carol, ConversationKind.support, Priority.medium, List.of(tag), carol + ":user"));
        events.add(deleted(gone, T0.plusSeconds(1)));
        support.send(events.toArray(ConversationEvent[]::new));
        support.sync(http, conversations.stream().map(Listed::id).toArray(String[]::new));
        support.sync(http, gone);
        List<String> byActivity = conversations.stream().sorted(Listed.BY_ACTIVITY).map(Listed::id).toList();
        List<String> pinnedFirst = conversations.stream()
                .sorted(Comparator.comparing((Listed l) -> !l.pinned()).thenComparing(Listed.BY_ACTIVITY)).map(Listed::id).toList();

        // When the lists are walked a few at a time, Then each conversation comes exactly once, in order
        assertThat(walk("participant=" + carol, 2)).containsExactlyElementsOf(byActivity);
        assertThat(walk("participant=" + carol + "&pinnedFirst=true", 2)).containsExactlyElementsOf(pinnedFirst);
        assertThat(walk("participant=" + carol + "&pinnedFirst=true", 1)).containsExactlyElementsOf(pinnedFirst);
        assertThat(walk("tag=" + tag, 3)).containsExactlyElementsOf(byActivity);
        assertThat(walk("tag=" + tag + "&status=open", 2)).containsExactlyElementsOf(byActivity);

        // And the list of everything holds them, in order, and never the deleted one
        List<Map<String, Object>> everything = walkItems("", 200);
        assertThat(everything).extracting(i -> (String) i.get("id")).doesNotHaveDuplicates()
                .containsAll(byActivity).doesNotContain(gone);
        assertThat(everything).extracting(i -> i.get("lastMessageAt") == null ? null : Instant.parse((String) i.get("lastMessageAt")))
                .isSortedAccordingTo(Comparator.nullsLast(Comparator.<Instant>reverseOrder()));
    }

    @Test
    void badFilterCursorOrLimitIsA400ProblemNamingTheParameter() {
        String pinnedFirstCursor = pinnedFirstCursor();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("status=closed", "status"),
                Map.entry("kind=email", "kind"),
                Map.entry("priority=asap", "priority"),
                Map.entry("participant=x&archived=yes", "archived"),
                Map.entry("participant=x&pinnedFirst=1", "pinnedFirst"),
                Map.entry("pinned=true", "pinned"),
                Map.entry("limit=0", "limit"),
                Map.entry("limit=201", "limit"),
                Map.entry("limit=ten", "limit"),
                Map.entry("cursor=not-a-cursor", "cursor"),
                Map.entry("cursor=" + Base64.getUrlEncoder().encodeToString("a|-|12|nope".getBytes()), "cursor"),
                Map.entry("participant=x&cursor=" + pinnedFirstCursor, "cursor"));
        cases.forEach((query, parameter) -> {
            HttpClientResponseException rejected = failure(http, "/v1/conversations?" + query);
            assertThat(rejected.getStatus().getCode()).as(query).isEqualTo(400);
            assertThat(rejected.getResponse().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
            Map<?, ?> problem = rejected.getResponse().getBody(Map.class).orElseThrow();
            assertThat((List<Map<String, Object>>) problem.get("errors")).as(query).extracting(e -> e.get("field")).contains(parameter);
        });
    }

    private String pinnedFirstCursor() {
        String gina = "gina-" + run;
        String first = newId();
        String second = newId();
        support.send(start(first, gina, ConversationKind.direct, Priority.medium, List.of(), gina + ":user"),
                start(second, gina, ConversationKind.direct, Priority.medium, List.of(), gina + ":user"));
        support.sync(http, first, second);
        return (String) list("participant=" + gina + "&pinnedFirst=true&limit=1").get("nextCursor");
    }

    private static ConversationEvent start(String id, String createdBy, ConversationKind kind, Priority priority,
                                           List<String> tags, String... members) {
        return started(id, T0, createdBy, ConversationStarted.newBuilder().setKind(kind).setTitle("t").setPriority(priority)
                .setTags(tags).setParticipants(members(members)).build());
    }

    private Map<String, Object> list(String query) {
        return http.toBlocking().retrieve("/v1/conversations?" + query, Map.class);
    }

    private List<String> walk(String query, int limit) {
        return walkItems(query, limit).stream().map(i -> (String) i.get("id")).toList();
    }

    private List<Map<String, Object>> walkItems(String query, int limit) {
        List<Map<String, Object>> walked = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            Map<String, Object> page = list(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(items(page)).hasSizeLessThanOrEqualTo(limit);
            walked.addAll(items(page));
            cursor = (String) page.get("nextCursor");
            if (cursor == null) {
                return walked;
            }
        }
        throw new AssertionError("No end of " + query);
    }

    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return items(page, "items");
    }

    private static List<Map<String, Object>> items(Map<String, Object> page, String field) {
        return (List<Map<String, Object>>) page.get(field);
    }

    private static List<String> ids(Map<String, Object> page) {
        return items(page).stream().map(i -> (String) i.get("id")).toList();
    }

    private static Map<String, Object> membership(Map<String, Object> item) {
        return (Map<String, Object>) item.get("membership");
    }

    /** A conversation of the paging test and where it belongs in the list. */
    private record Listed(String id, Instant lastMessageAt, boolean pinned) {

        static final Comparator<Listed> BY_ACTIVITY = Comparator
                .comparing(Listed::lastMessageAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                .thenComparing(Listed::id);
    }
}
