package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.messageDeleted;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.Eventually.WAIT;
import static dev.threadline.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.ConversationUpdated;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.events.Priority;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TopicReader;
import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.projection.ConversationWriter;
import dev.threadline.thread.projection.OffsetStore;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@MicronautTest
class ConversationProjectionIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    private final TopicReader topics = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());

    @Inject
    ConversationWriter writer;

    @Inject
    OffsetStore offsets;

    @Inject
    ThreadKafkaConfig kafka;

    ConversationProjectionIT() {
        super("thread_projection_it");
    }

    @AfterAll
    void close() {
        topics.close();
    }

    @Test
    void messagesAreStoredInEventOrderWithCountersAndARedeliveryChangesNothing() {
        // Given a started support conversation and three messages, the second one delivered twice
        String id = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        support.send(started(id, T0));
        support.send(posted(id, UUID.randomUUID().toString(), Role.user, "Where is my parcel?", T0.plusSeconds(10)));
        support.send(posted(id, second, Role.agent, "Let me check.", T0.plusSeconds(70)));
        support.send(posted(id, second, Role.agent, "Let me check.", T0.plusSeconds(70)));
        support.send(posted(id, UUID.randomUUID().toString(), Role.user, "Thanks", T0.plusSeconds(90)));

        // When the thread service has applied them
        Map<String, Object> conversation = eventually(() -> conversationWithMessages(id, 3));

        // Then the conversation carries its description and counters, each message counted once
        assertThat(conversation).containsEntry("kind", "support").containsEntry("title", "Parcel lost").containsEntry("status", "open");
        assertThat((Map<String, Object>) conversation.get("messageCounts"))
                .containsEntry("total", 3).containsEntry("user", 2).containsEntry("responder", 1);
        assertThat(conversation.get("lastMessageAt")).isEqualTo(T0.plusSeconds(90).toString());
        assertThat(conversation.get("firstResponseAt")).isEqualTo(T0.plusSeconds(70).toString());
        assertThat(conversation.get("lastMessagePreview")).isEqualTo("Thanks");
        assertThat((List<Map<String, Object>>) conversation.get("participants")).extracting(p -> p.get("userId"))
                .containsExactlyInAnyOrder("customer-1", "agent-9");

        // And the messages read back numbered 1, 2, 3 in event order
        List<Map<String, Object>> messages = messages(id, "");
        assertThat(messages).extracting(m -> m.get("seq")).containsExactly(1, 2, 3);
        assertThat(messages).extracting(m -> m.get("content")).containsExactly("Where is my parcel?", "Let me check.", "Thanks");
        assertThat(messages(id, "?beforeSeq=3&limit=1")).extracting(m -> m.get("seq")).containsExactly(2);
        assertThat(messages(id, "?afterSeq=1&limit=1")).extracting(m -> m.get("seq")).containsExactly(2);
    }

    @Test
    void theStoredOffsetsAreCopiedToKafkaForLagMonitoring() throws Exception {
        // Given a conversation the thread service has applied
        String id = UUID.randomUUID().toString();
        support.send(started(id, T0));
        support.sync(http, id);

        // Then Kafka's committed offsets of the group come to be those stored with the rows
        List<TopicPartition> partitions = IntStream.range(0, Topics.CONVERSATION_EVENTS.partitions())
                .mapToObj(p -> new TopicPartition(Topics.CONVERSATION_EVENTS.name(), p)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().kafkaBootstrapServers()))) {
            eventually(() -> {
                try {
                    Map<TopicPartition, Long> stored = offsets.load(kafka.groupId(), partitions);
                    Map<TopicPartition, Long> committed = new HashMap<>();
                    admin.listConsumerGroupOffsets(kafka.groupId()).partitionsToOffsetAndMetadata().get()
                            .forEach((partition, at) -> committed.put(partition, at.offset()));
                    return !stored.isEmpty() && committed.equals(stored) ? committed : null;
                } catch (Exception e) {
                    return null;
                }
            });
        }
    }

    @Test
    void onlyItsAuthorOrAnAdminChangesAMessage() {
        // Given a customer's two messages
        String id = UUID.randomUUID().toString();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        support.send(started(id, T0), posted(id, first, "customer-1", Role.user, "Where is my parcel?", T0.plusSeconds(1), null),
                posted(id, second, "customer-1", Role.user, "Order 42", T0.plusSeconds(2), null));

        // When another user and an agent edit and delete them, then their author edits one and an admin deletes the other
        support.send(edit(id, first, new Actor("customer-2", Role.user), "forged", T0.plusSeconds(3)),
                edit(id, first, new Actor("agent-9", Role.agent), "forged by an agent", T0.plusSeconds(4)),
                ConversationEvents.envelope(id, T0.plusSeconds(5), new Actor("customer-2", Role.user),
                        MessageDeleted.newBuilder().setMessageId(second).build()),
                edit(id, first, new Actor("customer-1", Role.user), "Where is my parcel, please?", T0.plusSeconds(6)));
        support.sync(http, id);

        // Then only the author's edit shows, and the other message is still there
        assertThat(messages(id, "")).extracting(m -> m.get("content")).containsExactly("Where is my parcel, please?", "Order 42");
        support.send(messageDeleted(id, second, T0.plusSeconds(7)));
        support.sync(http, id);
        assertThat(messages(id, "")).extracting(m -> m.get("content")).containsExactly("Where is my parcel, please?");
    }

    private static ConversationEvent edit(String id, String messageId, Actor actor, String content, Instant at) {
        return ConversationEvents.envelope(id, at, actor, MessageEdited.newBuilder().setMessageId(messageId).setContent(content).build());
    }

    @Test
    void aBatchMixingConversationsAndEventKindsLeavesTheRowsThatOneEventAtATimeLeaves() throws Exception {
        // Given two conversations whose events interleave in one batch, of every kind the writer groups around:
        // a message before its start, starts, messages (one redelivered), status changes, a read receipt, a flag,
        // a participant leaving, a deleted message, and an edit that arrives before its message (and so changes
        // nothing: applied after it, it would)
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String m1 = UUID.randomUUID().toString();
        String m2 = UUID.randomUUID().toString();
        String n1 = UUID.randomUUID().toString();
        String n3 = UUID.randomUUID().toString();
        List<ConversationEvent> batch = List.of(
                posted(a, m1, Role.user, "Before the start", T0.plusSeconds(1)),
                started(b, T0),
                started(a, T0),
                posted(b, n1, Role.user, "Hello", T0.plusSeconds(5)),
                posted(a, m2, Role.agent, "On it", T0.plusSeconds(6)),
                posted(b, n1, Role.user, "Hello", T0.plusSeconds(5)),
                ConversationEvents.statusChanged(a, ConversationStatus.resolved, T0.plusSeconds(7)),
                ConversationEvents.statusChanged(b, ConversationStatus.pending, T0.plusSeconds(8)),
                posted(a, UUID.randomUUID().toString(), Role.user, "Reopen?", T0.plusSeconds(9)),
                ConversationEvents.read(b, "customer-1", 1, T0.plusSeconds(10)),
                posted(b, UUID.randomUUID().toString(), Role.agent, "Answered", T0.plusSeconds(11)),
                ConversationEvents.read(a, "customer-1", 2, T0.plusSeconds(12)),
                ConversationEvents.flagged(a, "agent-9", null, true, null, T0.plusSeconds(13)),
                messageDeleted(a, m2, T0.plusSeconds(14)),
                ConversationEvents.left(b, "agent-9", T0.plusSeconds(15)),
                ConversationEvents.envelope(b, T0.plusSeconds(16), new Actor("user-1", Role.user),
                        MessageEdited.newBuilder().setMessageId(n3).setContent("Edited too early").build()),
                posted(b, n3, Role.user, "Still there?", T0.plusSeconds(16)));

        // When the writer applies it in one go, and (in another transaction) one event at a time
        Map<String, List<String>> together = rowsAfter(List.of(a, b), connection -> writer.apply(connection, batch));
        Map<String, List<String>> oneByOne = rowsAfter(List.of(a, b), connection -> {
            for (ConversationEvent event : batch) {
                writer.apply(connection, List.of(event));
            }
        });

        // Then every row of both conversations is the same
        assertThat(together.get("messages")).hasSize(6);
        assertThat(together).isEqualTo(oneByOne);
    }

    @Test
    void eventsOfOtherKindsInARowAreAppliedInTheirOrderBesideOtherConversations() throws Exception {
        // Given three conversations whose events other than messages come several in a row, so the writer applies
        // them in layers (one event per conversation each), beside each other: a status change before the start, a
        // start, a change of status right after it, priority, a new participant, new descriptive fields, a read
        // receipt and a flag, then a message and more changes
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String hello = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        Actor admin = new Actor("admin-1", Role.admin);
        List<ConversationEvent> batch = new ArrayList<>();
        for (String id : List.of(a, b, c)) {
            batch.add(ConversationEvents.statusChanged(id, ConversationStatus.pending, T0));
        }
        batch.addAll(List.of(
                started(a, T0.plusSeconds(1)),
                started(b, T0.plusSeconds(1)),
                ConversationEvents.statusChanged(a, ConversationStatus.resolved, T0.plusSeconds(2)),
                ConversationEvents.envelope(b, T0.plusSeconds(2), admin,
                        PriorityChanged.newBuilder().setPriority(Priority.urgent).build()),
                ConversationEvents.envelope(a, T0.plusSeconds(3), admin,
                        ParticipantAdded.newBuilder().setParticipant(new Participant("agent-3", Role.agent)).build()),
                ConversationEvents.envelope(b, T0.plusSeconds(3), admin, ConversationUpdated.newBuilder()
                        .setTitle("Refund").setTags(List.of("vip", "refund")).setAttributes(Map.of("channel", "chat")).build()),
                ConversationEvents.statusChanged(c, ConversationStatus.resolved, T0.plusSeconds(3)),
                posted(a, hello, Role.user, "Hello", T0.plusSeconds(4)),
                ConversationEvents.read(a, "customer-1", 1, T0.plusSeconds(5)),
                ConversationEvents.flagged(a, "customer-1", null, true, null, T0.plusSeconds(5)),
                ConversationEvents.statusChanged(a, ConversationStatus.open, T0.plusSeconds(6)),
                ConversationEvents.read(b, "customer-1", 0, T0.plusSeconds(6)),
                ConversationEvents.envelope(c, T0.plusSeconds(6), admin,
                        ConversationUpdated.newBuilder().setSummary("Closed without a start").build()),
                ConversationEvents.statusChanged(c, ConversationStatus.open, T0.plusSeconds(7)),
                // a participant joining between messages keeps its place: their own message after it moves their
                // read horizon, one before it (by a participant not there yet) does not
                posted(b, UUID.randomUUID().toString(), "agent-5", Role.agent, "Taking over", T0.plusSeconds(8), null),
                ConversationEvents.envelope(b, T0.plusSeconds(9), admin,
                        ParticipantAdded.newBuilder().setParticipant(new Participant("agent-5", Role.agent)).build()),
                posted(b, UUID.randomUUID().toString(), "agent-5", Role.agent, "Here now", T0.plusSeconds(9), null),
                // a read receipt naming a message posted later keeps its place too (it reads nothing yet) ...
                readUpTo(b, "customer-1", later, T0.plusSeconds(9)),
                posted(b, later, Role.user, "Now it exists", T0.plusSeconds(10)),
                // ... and one naming a message already posted commutes with the messages after it
                readUpTo(a, "customer-1", hello, T0.plusSeconds(10)),
                posted(a, UUID.randomUUID().toString(), Role.agent, "Anything else?", T0.plusSeconds(11))));

        // When the writer applies it in one go, and (in another transaction) one event at a time
        List<String> ids = List.of(a, b, c);
        Map<String, List<String>> together = rowsAfter(ids, connection -> writer.apply(connection, batch));
        Map<String, List<String>> oneByOne = rowsAfter(ids, connection -> {
            for (ConversationEvent event : batch) {
                writer.apply(connection, List.of(event));
            }
        });

        // Then every row is the same, and the changes landed in their order (a was resolved, then reopened)
        assertThat(together).isEqualTo(oneByOne);
        assertThat(together.get("conversations")).hasSize(3);
        assertThat(together.get("participants")).hasSize(6);
        assertThat(together.get("conversations")).anySatisfy(row -> assertThat(row)
                .contains("\"id\":\"" + a + "\"").contains("\"status\":\"open\"").contains("\"reopen_count\":1"));
    }

    private static ConversationEvent readUpTo(String conversationId, String userId, String messageId, Instant at) {
        return ConversationEvents.envelope(conversationId, at, new Actor(userId, Role.user),
                MessagesRead.newBuilder().setUserId(userId).setUpToMessageId(messageId).build());
    }

    private interface Work {
        void on(Connection connection) throws SQLException;
    }

    /** The rows of the two conversations after {@code work}, in a transaction rolled back afterwards. */
    private Map<String, List<String>> rowsAfter(List<String> conversations, Work work) throws SQLException {
        try (Connection connection = databaseConnection()) {
            connection.setAutoCommit(false);
            try {
                work.on(connection);
                Map<String, List<String>> rows = new LinkedHashMap<>();
                for (var table : Map.of("conversations", "id", "participants", "conversation_id, user_id",
                        "messages", "conversation_id, seq").entrySet()) {
                    String key = table.getKey().equals("conversations") ? "id" : "conversation_id";
                    try (PreparedStatement select = connection.prepareStatement("SELECT row_to_json(t)::text FROM "
                            + table.getKey() + " t WHERE " + key + " = ANY (?::uuid[]) ORDER BY " + table.getValue())) {
                        select.setArray(1, connection.createArrayOf("uuid", conversations.toArray()));
                        List<String> found = new ArrayList<>();
                        try (ResultSet result = select.executeQuery()) {
                            while (result.next()) {
                                found.add(result.getString(1));
                            }
                        }
                        rows.put(table.getKey(), found);
                    }
                }
                return rows;
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void aMessageIdIsScopedToItsConversation() {
        // Given two conversations whose producers picked the same message id, then deleted it in the first one
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String shared = UUID.randomUUID().toString();
        support.send(started(first, T0));
        support.send(started(second, T0));
        support.send(posted(first, shared, Role.user, "mine", T0.plusSeconds(1)));
        support.send(posted(second, shared, Role.user, "also mine", T0.plusSeconds(2)));
        support.send(messageDeleted(first, shared, T0.plusSeconds(3)));

        // Then each conversation has its own message under that id, and the delete took only the first one's
        eventually(() -> conversationWithMessages(first, 1));
        eventually(() -> conversationWithMessages(second, 1));
        eventually(() -> messages(first, "").isEmpty() ? true : null);
        assertThat(messages(second, "")).extracting(m -> m.get("id"), m -> m.get("content"))
                .containsExactly(tuple(shared, "also mine"));
    }

    @Test
    void messageBeforeItsStartEventIsKeptAndTheStartFillsInTheConversation() {
        String id = UUID.randomUUID().toString();
        support.send(posted(id, UUID.randomUUID().toString(), Role.user, "early bird", T0.plusSeconds(1)));
        support.send(started(id, T0));

        Map<String, Object> conversation = eventually(() -> {
            Map<String, Object> c = conversationWithMessages(id, 1);
            return c != null && "support".equals(c.get("kind")) ? c : null;
        });

        assertThat(conversation.get("startedAt")).isEqualTo(T0.toString());
        assertThat(messages(id, "")).extracting(m -> m.get("content")).containsExactly("early bird");
    }

    @Test
    void anAgentsMessageEarlierThanTheStartIsCountedButIsNoFirstResponse() {
        // Given an agent's message written before the conversation's start, then the start, then a later answer,
        // in two conversations: one whose start arrives first and one whose start arrives after the messages
        String startFirst = UUID.randomUUID().toString();
        support.send(started(startFirst, T0));
        support.send(posted(startFirst, UUID.randomUUID().toString(), Role.agent, "note written before", T0.minusSeconds(60)));
        support.send(posted(startFirst, UUID.randomUUID().toString(), Role.agent, "the answer", T0.plusSeconds(30)));
        String startLast = UUID.randomUUID().toString();
        support.send(posted(startLast, UUID.randomUUID().toString(), Role.agent, "note written before", T0.minusSeconds(60)));
        support.send(posted(startLast, UUID.randomUUID().toString(), Role.agent, "the answer", T0.plusSeconds(30)));
        support.send(started(startLast, T0));

        // Then both count both messages, keep the start's time, and have the later answer as their first response
        for (String id : List.of(startFirst, startLast)) {
            Map<String, Object> conversation = eventually(() -> {
                Map<String, Object> c = conversationWithMessages(id, 2);
                return c != null && "support".equals(c.get("kind")) ? c : null;
            });
            assertThat((Map<String, Object>) conversation.get("messageCounts")).containsEntry("total", 2).containsEntry("responder", 2);
            assertThat(conversation.get("startedAt")).isEqualTo(T0.toString());
            assertThat(conversation.get("firstResponseAt")).as(id).isEqualTo(T0.plusSeconds(30).toString());
        }
    }

    @Test
    void undecodableRecordIsDeadLetteredWithItsReasonAndThePartitionKeepsMoving() {
        // Given garbage followed by a valid event on the same key, hence the same partition
        String id = UUID.randomUUID().toString();
        support.sendRaw(id, "not avro".getBytes(StandardCharsets.UTF_8));
        support.send(started(id, T0));

        // Then the valid event behind it is applied
        eventually(() -> conversationWithMessages(id, 0));

        // And the garbage is on the dead-letter topic with the reason and where it came from
        var dead = topics.readAll(Topics.THREAD_SERVICE_DLQ, r -> id.equals(new String(r.key(), StandardCharsets.UTF_8)), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(header(dead.getFirst().headers().lastHeader(DeadLetterHeaders.REASON).value())).isEqualTo("malformed");
        assertThat(header(dead.getFirst().headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value()))
                .isEqualTo(Topics.CONVERSATION_EVENTS.name());
    }

    @Test
    void unknownConversationIsA404Problem() {
        var missing = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().retrieve("/v1/conversations/" + UUID.randomUUID(), Map.class));

        assertThat(missing.getResponse().code()).isEqualTo(404);
        assertThat(missing.getResponse().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
    }

    private Map<String, Object> conversationWithMessages(String id, int count) {
        try {
            Map<String, Object> conversation = http.toBlocking().retrieve("/v1/conversations/" + id, Map.class);
            int total = (Integer) ((Map<String, Object>) conversation.get("messageCounts")).get("total");
            return total == count ? conversation : null;
        } catch (HttpClientResponseException e) {
            return null;
        }
    }

    private List<Map<String, Object>> messages(String id, String query) {
        Map<String, Object> page = http.toBlocking().retrieve("/v1/conversations/" + id + "/messages" + query, Map.class);
        return (List<Map<String, Object>>) page.get("messages");
    }

    private static String header(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
