package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.members;
import static dev.threadline.testkit.ConversationEvents.messageDeleted;
import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.thread.ThreadTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.Role;
import dev.threadline.testkit.ConversationEvents;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MicronautTest
class SearchIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-08-01T08:00:00Z");

    // A word no other test writes, so the results are this class's messages only.
    private final String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String alice = "alice-" + word;

    private final String twice = newId();
    private final String once = newId();
    private final String notHers = newId();
    private final String refund = newId();
    private final String removed = newId();

    SearchIT() {
        super("thread_search_it");
    }

    @BeforeAll
    void messages() {
        // Given alice's conversation with three matching messages (one later deleted), and one she is not in
        String hers = newId();
        String others = newId();
        support.send(
                started(hers, T0, alice, ConversationStarted.newBuilder().setKind(ConversationKind.support)
                        .setTitle("Lost parcel").setParticipants(members(alice + ":user", "agent-9:agent")).build()),
                posted(hers, once, alice, Role.user, "My parcel never arrived at the depot " + word, T0.plusSeconds(1), null),
                posted(hers, twice, "agent-9", Role.agent, word + " The parcel arrived damaged; the parcel box was crushed",
                        T0.plusSeconds(2), null),
                posted(hers, refund, alice, Role.user, word + " I want a refund for the parcel", T0.plusSeconds(3), null),
                posted(hers, removed, alice, Role.user, word + " parcel parcel parcel, posted by mistake", T0.plusSeconds(4), null),
                messageDeleted(hers, removed, T0.plusSeconds(5)),
                started(others, T0, "bob", ConversationStarted.newBuilder().setKind(ConversationKind.direct)
                        .setParticipants(members("bob:user")).build()),
                posted(others, notHers, "bob", Role.user, word + " where is my parcel", T0.plusSeconds(6), null));
        support.sync(http, hers, others);
        awaitSearchIndex();
    }

    @Test
    void matchesAreRankedWithHighlightedSnippetsAndDeletedMessagesLeftOut() {
        // When the word and "parcel" are searched for
        List<Map<String, Object>> hits = items(search("q=" + encode(word + " parcel")));

        // Then the message naming the parcel twice ranks first, and the deleted one is not found
        assertThat(hits).extracting(h -> h.get("messageId")).first().isEqualTo(twice);
        assertThat(hits).extracting(h -> h.get("messageId")).containsExactlyInAnyOrder(twice, once, refund, notHers);
        assertThat(hits).extracting(h -> ((Number) h.get("rank")).doubleValue()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // And snippets highlight the matches, stemmed: "arrive" finds "arrived"
        assertThat((String) hits.getFirst().get("snippet")).contains("<mark>parcel</mark>");
        List<Map<String, Object>> arrived = items(search("q=" + encode(word + " arrive")));
        assertThat(arrived).extracting(h -> h.get("messageId")).containsExactlyInAnyOrder(once, twice);
        assertThat(arrived).allSatisfy(h -> assertThat((String) h.get("snippet")).contains("<mark>arrived</mark>"));
        assertThat(arrived.getFirst()).containsEntry("conversationTitle", "Lost parcel");
    }

    @Test
    void anEditIsSearchableByItsNewWordsOnlyAndADeletedConversationLeavesTheIndex() {
        // Given a message edited from one word to another, and a conversation deleted after its message
        String edited = newId();
        String gone = newId();
        String conversation = newId();
        String deletedConversation = newId();
        String before = word + "before";
        String after = word + "after";
        support.send(
                started(conversation, T0, alice, ConversationStarted.newBuilder().setKind(ConversationKind.direct).build()),
                posted(conversation, edited, alice, Role.user, "typo " + before, T0.plusSeconds(1), null),
                ConversationEvents.envelope(conversation, T0.plusSeconds(2), new Actor(alice, Role.user),
                        MessageEdited.newBuilder().setMessageId(edited).setContent("fixed " + after).build()),
                started(deletedConversation, T0, alice, ConversationStarted.newBuilder().setKind(ConversationKind.direct).build()),
                posted(deletedConversation, gone, alice, Role.user, "secret " + after, T0.plusSeconds(1), null),
                ConversationEvents.deleted(deletedConversation, T0.plusSeconds(3)));
        support.sync(http, conversation, deletedConversation);
        awaitSearchIndex();

        // Then the new words find the edit, the old ones nothing, and the deleted conversation's message is gone
        assertThat(items(search("q=" + encode(before)))).isEmpty();
        assertThat(items(search("q=" + encode(after)))).extracting(h -> h.get("messageId")).containsExactly(edited);
    }

    @Test
    void participantSeesOnlyTheirConversationsAndWebSearchSyntaxWorks() {
        assertThat(items(search("q=" + encode(word) + "&participant=" + alice))).extracting(h -> h.get("messageId"))
                .containsExactlyInAnyOrder(twice, once, refund);
        assertThat(items(search("q=" + encode(word + " -refund") + "&participant=" + alice))).extracting(h -> h.get("messageId"))
                .containsExactlyInAnyOrder(twice, once);
        assertThat(items(search("q=" + encode("\"parcel box\" " + word)))).extracting(h -> h.get("messageId"))
                .containsExactly(twice);
    }

    @Test
    void pagesWalkTheRankingOnce() {
        List<Object> walked = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = search("q=" + encode(word + " parcel") + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(items(page)).hasSizeLessThanOrEqualTo(1);
            items(page).forEach(h -> walked.add(h.get("messageId")));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null && walked.size() < 10);

        assertThat(walked).containsExactlyElementsOf(items(search("q=" + encode(word + " parcel"))).stream()
                .map(h -> h.get("messageId")).toList());
    }

    @Test
    void missingQueryOrBadLimitOrCursorIsA400NamingTheParameter() {
        Map<String, String> cases = Map.of(
                "participant=x", "q",
                "q=", "q",
                "q=parcel&limit=0", "limit",
                "q=parcel&limit=201", "limit",
                "q=parcel&cursor=abc", "cursor");
        cases.forEach((query, parameter) -> {
            var rejected = failure(http, "/v1/search?" + query);
            assertThat(rejected.getStatus().getCode()).as(query).isEqualTo(400);
            Map<?, ?> problem = rejected.getResponse().getBody(Map.class).orElseThrow();
            assertThat((List<Map<String, Object>>) problem.get("errors")).as(query).extracting(e -> e.get("field")).contains(parameter);
        });
    }

    private Map<String, Object> search(String query) {
        return http.toBlocking().retrieve("/v1/search?" + query, Map.class);
    }

    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
