package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.envelope;
import static dev.threadline.testkit.ConversationEvents.erased;
import static dev.threadline.testkit.ConversationEvents.flagged;
import static dev.threadline.testkit.ConversationEvents.members;
import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.purged;
import static dev.threadline.testkit.ConversationEvents.read;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.events.Role;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure and purge (docs/lifecycle.md) through conversation-events: an erased user's identity leaves every
 * conversation, also those whose events come later; a purged conversation's rows are gone and stay gone.
 */
@MicronautTest
class LifecycleIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    LifecycleIT() {
        super("thread_lifecycle_it");
    }

    @AfterAll
    void close() {
        support.close();
    }

    @Test
    void anErasedUsersIdentityAndWordsLeaveEveryConversationAndTheirLaterEventsFollow() throws Exception {
        // Given a user who started one conversation and took part in another, posting, reading and flagging in both
        String erasable = "erasable-" + run;
        String word = "zanzibar" + run.replace("-", "");
        String own = newId();
        String joined = newId();
        String agentsReply = newId();
        support.send(
                started(own, T0, erasable, ConversationKind.support, members(erasable + ":user", "agent-9:agent")),
                posted(own, newId(), erasable, Role.user, "I live at 12 Harbour Road " + word, T0.plusSeconds(1), null),
                posted(own, agentsReply, "agent-9", Role.agent, "Thanks, noted " + word, T0.plusSeconds(2), null),
                posted(own, newId(), erasable, Role.user, "My phone is 555-0101 " + word, T0.plusSeconds(3), null),
                read(own, erasable, 3, T0.plusSeconds(4)),
                flagged(own, erasable, null, true, null, T0.plusSeconds(5)),
                started(joined, T0, "agent-9", ConversationKind.group, members("agent-9:agent", erasable + ":user")),
                posted(joined, newId(), erasable, Role.user, "Hello from me " + word, T0.plusSeconds(6), null));
        support.sync(http, own, joined);
        assertThat(list("participant=" + erasable)).hasSize(2);

        // When the user is erased with their words, and events of theirs still come afterwards
        support.sendToEveryPartition(erased(erasable, "erased-" + run, true, support.partitions(), T0.plusSeconds(10)));
        String late = newId();
        support.send(posted(own, late, erasable, Role.user, "One more thing " + word, T0.plusSeconds(11), null),
                envelope(joined, T0.plusSeconds(12), new Actor("agent-9", Role.agent),
                        new ParticipantAdded(new Participant(erasable, Role.user))));
        support.sync(http, own, joined);

        // Then their messages stand under the pseudonym without content (an empty content is left out of a message), the
        // agent's reply as it was, the late one too
        List<Map<String, Object>> messages = messages(own);
        assertThat(messages).extracting(m -> m.get("senderId"))
                .containsExactly("erased-" + run, "agent-9", "erased-" + run, "erased-" + run);
        assertThat(messages).extracting(m -> m.get("content"))
                .containsExactly(null, "Thanks, noted " + word, null, null);
        assertThat(messages(joined)).extracting(m -> m.get("senderId")).containsExactly("erased-" + run);
        // And they are no participant, creator or list member anywhere, the preview of their last words gone too
        Map<String, Object> conversation = conversation(own);
        assertThat(conversation.get("createdBy")).isEqualTo("erased-" + run);
        assertThat(conversation).doesNotContainKey("lastMessagePreview");
        assertThat((List<Map<String, Object>>) conversation.get("participants")).extracting(p -> p.get("userId"))
                .containsExactly("agent-9");
        assertThat((List<Map<String, Object>>) conversation(joined).get("participants")).extracting(p -> p.get("userId"))
                .containsExactly("agent-9");
        assertThat(list("participant=" + erasable)).isEmpty();
        // And no row of the database holds the user id, nor the search index their words
        awaitSearchIndex();
        assertThat(rowsNaming(erasable)).isZero();
        assertThat(searchHits(word)).extracting(hit -> hit.get("messageId")).containsExactly(agentsReply);
    }

    @Test
    void aUserErasedWithoutPseudonymLeavesNoSenderAndCanNoLongerChangeTheirMessages() throws Exception {
        // Given a user's message in a conversation
        String erasable = "unnamed-" + run;
        String id = newId();
        String message = newId();
        support.send(started(id, T0, "agent-9", ConversationKind.support, members("agent-9:agent", erasable + ":user")),
                posted(id, message, erasable, Role.user, "Please call me back", T0.plusSeconds(1), null));
        support.sync(http, id);

        // When they are erased with nobody in their place, keeping the words, and then try to edit their message
        support.sendToEveryPartition(erased(erasable, null, false, support.partitions(), T0.plusSeconds(2)));
        support.send(envelope(id, T0.plusSeconds(3), new Actor(erasable, Role.user), new MessageEdited(message, "edited after")));
        support.sync(http, id);

        // Then the message has no sender, keeps its words, and the edit changed nothing
        List<Map<String, Object>> messages = messages(id);
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst().get("senderId")).isNull();
        assertThat(messages.getFirst().get("content")).isEqualTo("Please call me back");
        // (the search index is eventually consistent: its indexer applies the erasure when it gets there)
        awaitSearchIndex();
        assertThat(rowsNaming(erasable)).isZero();
    }

    @Test
    void erasingAUserAgainToRedactRemovesTheWordsTheFirstErasureKept() throws Exception {
        // Given a user erased with a pseudonym, keeping their words
        String erasable = "twice-" + run;
        String word = "wallaby" + run.replace("-", "");
        String id = newId();
        support.send(started(id, T0, "agent-9", ConversationKind.support, members("agent-9:agent", erasable + ":user")),
                posted(id, newId(), erasable, Role.user, "My passport number " + word, T0.plusSeconds(1), null));
        support.sync(http, id);
        support.sendToEveryPartition(erased(erasable, "erased-twice-" + run, false, support.partitions(), T0.plusSeconds(2)));
        support.sync(http, id);
        assertThat(messages(id)).extracting(m -> m.get("content")).containsExactly("My passport number " + word);

        // When they are erased again, now with their words
        support.sendToEveryPartition(erased(erasable, "erased-other-" + run, true, support.partitions(), T0.plusSeconds(3)));
        support.sync(http, id);

        // Then the first pseudonym stays and the words are gone, from the messages and the search index
        assertThat(messages(id)).extracting(m -> m.get("senderId")).containsExactly("erased-twice-" + run);
        assertThat(messages(id)).extracting(m -> m.get("content")).containsOnlyNulls();
        awaitSearchIndex();
        assertThat(searchHits(word)).isEmpty();
    }

    @Test
    void aPurgedConversationIsGoneForGoodAndItsLaterEventsDoNotBringItBack() throws Exception {
        // Given a conversation with messages, participants and flags, and another one beside it
        String id = newId();
        String other = newId();
        String word = "quokka" + run.replace("-", "");
        support.send(started(id, T0), posted(id, newId(), "customer-1", Role.user, "Delete all of this " + word, T0.plusSeconds(1), null),
                flagged(id, "customer-1", null, true, null, T0.plusSeconds(2)), started(other, T0));
        support.sync(http, id, other);

        // When an admin purges it, and a message of it still arrives afterwards
        support.send(purged(id, T0.plusSeconds(3)));
        RecordMetadata late = support.sendOne(posted(id, newId(), "customer-1", Role.user, "late " + word, T0.plusSeconds(4), null));
        awaitApplied(late);

        // Then nothing of it is left, neither read model rows nor search rows, and it is not found
        awaitSearchIndex();
        assertThat(count("SELECT count(*) FROM conversations WHERE id = ?::uuid", id)).isZero();
        assertThat(count("SELECT count(*) FROM messages WHERE conversation_id = ?::uuid", id)).isZero();
        assertThat(count("SELECT count(*) FROM participants WHERE conversation_id = ?::uuid", id)).isZero();
        assertThat(count("SELECT count(*) FROM message_search WHERE conversation_id = ?::uuid", id)).isZero();
        assertThat(ThreadTestSupport.failure(http, "/v1/conversations/" + id + "?includeDeleted=true").getStatus().getCode())
                .isEqualTo(404);
        assertThat(searchHits(word)).isEmpty();
        // And the conversation beside it is untouched
        assertThat(conversation(other).get("title")).isEqualTo("Parcel lost");
    }

    /** Waits until the read model's stored offset in the record's partition is past it. */
    private void awaitApplied(RecordMetadata record) {
        eventually(() -> {
            try {
                return count("""
                        SELECT count(*) FROM consumer_offsets WHERE consumer_group = 'thread-service-thread_lifecycle_it'
                          AND topic = ? AND partition = ? AND next_offset > ?""",
                        record.topic(), record.partition(), record.offset()) == 1 ? Boolean.TRUE : null;
            } catch (SQLException e) {
                return null;
            }
        });
    }

    /** Rows of the read model and search index that name the user in a user column. */
    private long rowsNaming(String userId) throws SQLException {
        return count("""
                SELECT (SELECT count(*) FROM messages WHERE sender_id = ?) + (SELECT count(*) FROM participants WHERE user_id = ?)
                     + (SELECT count(*) FROM conversations WHERE created_by = ?)
                     + (SELECT count(*) FROM message_search WHERE sender_id = ?)""", userId, userId, userId, userId);
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = databaseConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private Map<String, Object> conversation(String id) {
        return http.toBlocking().retrieve("/v1/conversations/" + id, Map.class);
    }

    private List<Map<String, Object>> messages(String id) {
        return (List<Map<String, Object>>) http.toBlocking().retrieve("/v1/conversations/" + id + "/messages", Map.class).get("messages");
    }

    private List<Map<String, Object>> list(String query) {
        return (List<Map<String, Object>>) http.toBlocking().retrieve("/v1/conversations?" + query, Map.class).get("items");
    }

    private List<Map<String, Object>> searchHits(String word) {
        return (List<Map<String, Object>>) http.toBlocking()
                .retrieve("/v1/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8), Map.class).get("items");
    }
}
