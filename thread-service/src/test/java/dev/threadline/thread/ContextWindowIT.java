package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.members;
import static dev.threadline.testkit.ConversationEvents.messageDeleted;
import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.thread.ThreadTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.Role;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AI context window and paging through a conversation's messages. */
@MicronautTest
class ContextWindowIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-09-01T10:00:00Z");

    ContextWindowIT() {
        super("thread_context_window_it");
    }

    @Test
    void windowKeepsTheSystemPromptAndTheNewestMessagesThatFitOldestFirst() {
        // Given an AI chat that opens with a system prompt; tokens known for some messages, estimated
        // as ceil(UTF-8 bytes / 4) for the others: 12, 2 ("Hello"), 30, 5 ("My parcel is late"), 40, 2 ("Thanks")
        String id = newId();
        List<String> messageIds = List.of(newId(), newId(), newId(), newId(), newId(), newId());
        support.send(started(id, T0, "user-1", aiChat(null)),
                message(id, messageIds.get(0), Role.system, "You are a support bot.", 1, 12),
                message(id, messageIds.get(1), Role.user, "Hello", 2, null),
                message(id, messageIds.get(2), Role.assistant, "Hi! How can I help?", 3, 30),
                message(id, messageIds.get(3), Role.user, "My parcel is late", 4, null),
                message(id, messageIds.get(4), Role.assistant, "Let me check that for you.", 5, 40),
                message(id, messageIds.get(5), Role.user, "Thanks", 6, null));
        support.sync(http, id);

        // When the window is bounded by messages, Then the system prompt counts as one of them
        Map<String, Object> byMessages = context(id, "?maxMessages=3");
        assertThat(seqs(byMessages)).containsExactly(1, 5, 6);
        assertThat(byMessages).containsEntry("leadingSystemMessages", 1).containsEntry("totalTokens", 54)
                .containsEntry("truncated", true);

        // When it is bounded by tokens, Then the newest that fit are kept and the first that does not fit ends it
        Map<String, Object> byTokens = context(id, "?maxTokens=60");
        assertThat(seqs(byTokens)).containsExactly(1, 4, 5, 6);
        assertThat(byTokens).containsEntry("totalTokens", 59).containsEntry("maxTokens", 60);
        assertThat(messages(byTokens).get(1)).containsEntry("tokens", 5).containsEntry("tokensEstimated", true);
        assertThat(messages(byTokens).get(2)).containsEntry("tokens", 40).containsEntry("tokensEstimated", false);

        // And a budget that holds everything returns everything, untruncated
        assertThat(seqs(context(id, "?maxTokens=1000"))).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(context(id, "?maxTokens=1000")).containsEntry("truncated", false).containsEntry("totalTokens", 91);

        // And the system prompt stays even when it alone is over the budget
        Map<String, Object> tight = context(id, "?maxTokens=10");
        assertThat(seqs(tight)).containsExactly(1);
        assertThat(tight).containsEntry("truncated", true);

        // When a message is deleted, Then the window closes over it
        support.send(messageDeleted(id, messageIds.get(3), T0.plusSeconds(60)));
        support.sync(http, id);
        assertThat(seqs(context(id, "?maxTokens=60"))).containsExactly(1, 5, 6);
    }

    @Test
    void modelContextWindowIsTheDefaultTokenBudget() {
        // Given an AI chat whose model has a 50-token window and three 20-token messages
        String id = newId();
        support.send(started(id, T0, "user-2", aiChat(50)),
                message(id, newId(), Role.user, "one", 1, 20),
                message(id, newId(), Role.assistant, "two", 2, 20),
                message(id, newId(), Role.user, "three", 3, 20));
        support.sync(http, id);

        // When the window is asked for without maxTokens
        Map<String, Object> window = context(id, "");

        // Then the model's window is the budget
        assertThat(seqs(window)).containsExactly(2, 3);
        assertThat(window).containsEntry("maxTokens", 50).containsEntry("leadingSystemMessages", 0);
    }

    @Test
    void messagePagesNameTheirNeighboursAndAnUnknownConversationIsA404() {
        // Given a conversation of five messages
        String id = newId();
        support.send(started(id, T0));
        List<String> messageIds = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            messageIds.add(newId());
            support.send(message(id, messageIds.getLast(), Role.user, "m" + seq, seq, null));
        }
        support.sync(http, id);

        // When it is paged two at a time from the newest, Then each page names the seq to page on with
        Map<String, Object> newest = page(id, "?limit=2");
        assertThat(seqs(newest)).containsExactly(4, 5);
        assertThat(newest).containsEntry("olderBeforeSeq", 4).containsEntry("newerAfterSeq", null);
        Map<String, Object> middle = page(id, "?limit=2&beforeSeq=4");
        assertThat(seqs(middle)).containsExactly(2, 3);
        assertThat(middle).containsEntry("olderBeforeSeq", 2).containsEntry("newerAfterSeq", 3);
        Map<String, Object> oldest = page(id, "?limit=2&beforeSeq=2");
        assertThat(seqs(oldest)).containsExactly(1);
        assertThat(oldest).containsEntry("olderBeforeSeq", null).containsEntry("newerAfterSeq", 1);
        // And paged forward, each page names both neighbours too
        Map<String, Object> forward = page(id, "?limit=2&afterSeq=1");
        assertThat(seqs(forward)).containsExactly(2, 3);
        assertThat(forward).containsEntry("olderBeforeSeq", 2).containsEntry("newerAfterSeq", 3);
        Map<String, Object> last = page(id, "?limit=2&afterSeq=3");
        assertThat(seqs(last)).containsExactly(4, 5);
        assertThat(last).containsEntry("olderBeforeSeq", 4).containsEntry("newerAfterSeq", null);
        Map<String, Object> beyond = page(id, "?afterSeq=5");
        assertThat(seqs(beyond)).isEmpty();
        assertThat(beyond).containsEntry("olderBeforeSeq", null).containsEntry("newerAfterSeq", null);

        // And a deleted message is left out of the pages, and the neighbours are still found around it
        support.send(messageDeleted(id, messageIds.get(3), T0.plusSeconds(60)));
        support.sync(http, id);
        Map<String, Object> withoutFour = page(id, "?limit=2");
        assertThat(seqs(withoutFour)).containsExactly(3, 5);
        assertThat(withoutFour).containsEntry("olderBeforeSeq", 3).containsEntry("newerAfterSeq", null);
        Map<String, Object> acrossTheGap = page(id, "?limit=1&afterSeq=3");
        assertThat(seqs(acrossTheGap)).containsExactly(5);
        assertThat(acrossTheGap).containsEntry("olderBeforeSeq", 5).containsEntry("newerAfterSeq", null);

        // And a conversation without messages has an empty page, not a 404
        String quiet = newId();
        support.send(started(quiet, T0));
        support.sync(http, quiet);
        assertThat(seqs(page(quiet, ""))).isEmpty();

        // And an unknown conversation is a 404, not an empty page or window
        String unknown = newId();
        for (String path : List.of("/messages", "/context", "")) {
            assertThat(failure(http, "/v1/conversations/" + unknown + path).getStatus().getCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void budgetsOutOfRangeAreA400NamingTheParameter() {
        String id = newId();
        for (String query : List.of("maxMessages=0", "maxMessages=1001", "maxMessages=x", "maxTokens=0", "maxTokens=x")) {
            var rejected = failure(http, "/v1/conversations/" + id + "/context?" + query);
            assertThat(rejected.getStatus().getCode()).as(query).isEqualTo(400);
            Map<?, ?> problem = rejected.getResponse().getBody(Map.class).orElseThrow();
            assertThat((List<Map<String, Object>>) problem.get("errors")).extracting(e -> e.get("field"))
                    .containsExactly(query.substring(0, query.indexOf('=')));
        }
    }

    private static ConversationStarted aiChat(Integer contextWindow) {
        return ConversationStarted.newBuilder().setKind(ConversationKind.ai_chat).setModel("gpt-test")
                .setContextWindow(contextWindow).setParticipants(members("user-1:user")).build();
    }

    private static ConversationEvent message(String id, String messageId, Role role, String content, int second, Integer tokens) {
        String sender = role == Role.system ? null : role.name() + "-1";
        return posted(id, messageId, sender, role, content, T0.plusSeconds(second), tokens);
    }

    private Map<String, Object> context(String id, String query) {
        return http.toBlocking().retrieve("/v1/conversations/" + id + "/context" + query, Map.class);
    }

    private Map<String, Object> page(String id, String query) {
        return http.toBlocking().retrieve("/v1/conversations/" + id + "/messages" + query, Map.class);
    }

    private static List<Map<String, Object>> messages(Map<String, Object> window) {
        return (List<Map<String, Object>>) window.get("messages");
    }

    private static List<Object> seqs(Map<String, Object> window) {
        return messages(window).stream().map(m -> m.get("seq")).toList();
    }
}
