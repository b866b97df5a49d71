package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.left;
import static dev.threadline.testkit.ConversationEvents.members;
import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.read;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.thread.ThreadTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.Role;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/users/{userId}/unread}, with read horizons moved by MessagesRead events. */
@MicronautTest
class UnreadCountsIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");

    UnreadCountsIT() {
        super("thread_unread_counts_it");
    }

    @Test
    void unreadEndpointCountsPerConversationAndInTotalLeavingOutReadAndLeftConversations() {
        // Given erin with two conversations partly unread, one fully read and one she left
        String erin = "erin-" + run;
        String fred = "fred-" + run;
        String partly = newId();
        String unread = newId();
        String allRead = newId();
        String leftBehind = newId();
        support.send(
                start(partly, fred, erin + ":user", fred + ":agent"),
                posted(partly, newId(), fred, Role.agent, "a", T0.plusSeconds(1), null),
                posted(partly, newId(), fred, Role.agent, "b", T0.plusSeconds(2), null),
                posted(partly, newId(), fred, Role.agent, "c", T0.plusSeconds(3), null),
                read(partly, erin, 1, T0.plusSeconds(4)),
                start(unread, fred, erin + ":user", fred + ":user"),
                posted(unread, newId(), fred, Role.user, "ping", T0.plusSeconds(50), null),
                start(allRead, fred, erin + ":user", fred + ":user"),
                posted(allRead, newId(), fred, Role.user, "x", T0.plusSeconds(5), null),
                posted(allRead, newId(), fred, Role.user, "y", T0.plusSeconds(6), null),
                read(allRead, erin, 2, T0.plusSeconds(7)),
                start(leftBehind, fred, erin + ":user", fred + ":user"),
                posted(leftBehind, newId(), fred, Role.user, "z", T0.plusSeconds(8), null),
                left(leftBehind, erin, T0.plusSeconds(9)));
        support.sync(http, partly, unread, allRead, leftBehind);

        // When her unread counts are asked for
        Map<String, Object> counts = http.toBlocking().retrieve("/v1/users/" + erin + "/unread", Map.class);

        // Then only conversations with unread messages are listed, newest activity first, with the total
        assertThat(counts).containsEntry("total", 3).containsEntry("unreadConversations", 2);
        assertThat(items(counts, "conversations")).extracting(c -> c.get("conversationId"), c -> c.get("unreadCount"))
                .containsExactly(tuple(unread, 1), tuple(partly, 2));
        // And a limit shortens the list, not the total
        Map<String, Object> first = http.toBlocking().retrieve("/v1/users/" + erin + "/unread?limit=1", Map.class);
        assertThat(first).containsEntry("total", 3);
        assertThat(items(first, "conversations")).hasSize(1);
        // And a user in nothing has nothing unread
        assertThat(http.toBlocking().retrieve("/v1/users/nobody-" + run + "/unread", Map.class))
                .containsEntry("total", 0).containsEntry("conversations", List.of());
    }

    @Test
    void ownMessagesAreNeverUnread() {
        // Given hana who posts in a conversation after gus did
        String hana = "hana-" + run;
        String gus = "gus-" + run;
        String id = newId();
        support.send(start(id, gus, hana + ":user", gus + ":user"),
                posted(id, newId(), gus, Role.user, "hi hana", T0.plusSeconds(1), null),
                posted(id, newId(), hana, Role.user, "hi gus", T0.plusSeconds(2), null));
        support.sync(http, id);

        // Then posting moved her read horizon past gus's message and her own; gus has hers unread
        assertThat(unread(hana)).containsEntry("total", 0);
        assertThat(unread(gus)).containsEntry("total", 1);
    }

    @Test
    void limitOutOfRangeIsA400() {
        var rejected = failure(http, "/v1/users/x/unread?limit=500");
        assertThat(rejected.getStatus().getCode()).isEqualTo(400);
        Map<?, ?> problem = rejected.getResponse().getBody(Map.class).orElseThrow();
        assertThat((List<Map<String, Object>>) problem.get("errors")).extracting(e -> e.get("field")).containsExactly("limit");
    }

    private Map<String, Object> unread(String userId) {
        return http.toBlocking().retrieve("/v1/users/" + userId + "/unread", Map.class);
    }

    private static ConversationEvent start(String id, String createdBy, String... members) {
        return started(id, T0, createdBy, ConversationStarted.newBuilder().setKind(ConversationKind.direct)
                .setParticipants(members(members)).build());
    }

    private static List<Map<String, Object>> items(Map<String, Object> page, String field) {
        return (List<Map<String, Object>>) page.get(field);
    }
}
