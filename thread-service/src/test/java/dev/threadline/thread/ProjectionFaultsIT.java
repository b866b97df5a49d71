package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Role;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TopicReader;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Database faults the projection must ride out without losing or dead-lettering a good event: a row lock held past
 * the lock timeout (the situation of a deadlock or a busy database), and commits that PostgreSQL lost in a crash.
 */
@MicronautTest
class ProjectionFaultsIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    private static final String DATABASE = "thread_faults_it";

    private final TopicReader topics = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
    private final String jdbcUrl = TestInfrastructure.shared().newDatabase(DATABASE);

    ProjectionFaultsIT() {
        super(DATABASE);
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("threadline.projection.lock-timeout", "500ms");
        properties.put("threadline.kafka.retry-backoff", "100ms");
        properties.put("threadline.kafka.retry-backoff-max", "1s");
        return properties;
    }

    @AfterAll
    void close() {
        topics.close();
    }

    @Test
    void messageBlockedByALockedRowIsRetriedUntilStoredAndNeverDeadLettered() throws Exception {
        // Given a conversation the service has stored
        String id = UUID.randomUUID().toString();
        support.send(started(id, T0));
        support.sync(http, id);

        String messageId = UUID.randomUUID().toString();
        try (Connection locker = connect()) {
            // And another transaction holding its row far longer than the projection's lock timeout
            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement("SELECT 1 FROM conversations WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }

            // When a message for it arrives
            support.send(posted(id, messageId, Role.user, "still there?", T0.plusSeconds(5)));

            // Then readiness says DOWN once the consumer has failed for a while, and nothing is stored yet
            Map<?, ?> health = eventually(() -> readinessDown());
            assertThat(health.toString()).contains("eventConsumers");
            assertThat(messageCount(id)).isZero();
            locker.rollback();
        }

        // And once the lock is gone the message is stored exactly once, and readiness is UP again
        eventually(() -> messageCount(id) == 1 ? true : null);
        try {
            eventually(() -> readinessDown() == null ? true : null);
        } catch (AssertionError e) {
            throw new AssertionError("Readiness still DOWN: " + readinessDown(), e);
        }
        assertThat(deadLettered(id)).isEmpty();
    }

    @Test
    void commitsLostByTheDatabaseAreAppliedAgainFromTheStoredOffsets() throws Exception {
        // Given a conversation with one message, stored
        String id = UUID.randomUUID().toString();
        String first = UUID.randomUUID().toString();
        support.send(started(id, T0), posted(id, first, Role.user, "first", T0.plusSeconds(1)));
        eventually(() -> messageCount(id) == 1 ? true : null);

        // When PostgreSQL loses the commits that stored them and their offsets (as a crash with unflushed WAL
        // would), while the consumer still holds its position past them
        int partition = BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), Topics.CONVERSATION_EVENTS.partitions());
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            for (String sql : List.of("DELETE FROM messages WHERE conversation_id = ?::uuid",
                    "DELETE FROM participants WHERE conversation_id = ?::uuid", "DELETE FROM conversations WHERE id = ?::uuid")) {
                try (PreparedStatement delete = db.prepareStatement(sql)) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement forget = db.prepareStatement(
                    "DELETE FROM consumer_offsets WHERE consumer_group = ? AND topic = ? AND partition = ?")) {
                forget.setString(1, "thread-service-" + DATABASE);
                forget.setString(2, Topics.CONVERSATION_EVENTS.name());
                forget.setInt(3, partition);
                assertThat(forget.executeUpdate()).isEqualTo(1);
            }
            db.commit();
        }

        // And the next event of that partition arrives
        String second = UUID.randomUUID().toString();
        support.send(posted(id, second, Role.agent, "second", T0.plusSeconds(2)));

        // Then the consumer notices the stored offset is not the one it wrote, re-reads from there, and every
        // event is stored again, in order, counted once
        eventually(() -> messageCount(id) == 2 ? true : null);
        Map<String, Object> conversation = http.toBlocking().retrieve("/v1/conversations/" + id, Map.class);
        assertThat(conversation).containsEntry("kind", "support").containsEntry("title", "Parcel lost");
        assertThat((Map<String, Object>) conversation.get("messageCounts")).containsEntry("total", 2);
        Map<String, Object> page = http.toBlocking().retrieve("/v1/conversations/" + id + "/messages", Map.class);
        assertThat((List<Map<String, Object>>) page.get("messages")).extracting(m -> m.get("content"))
                .containsExactly("first", "second");
    }

    private Map<?, ?> readinessDown() {
        try {
            http.toBlocking().retrieve("/health/readiness", Map.class);
            return null;
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode() == 503 ? e.getResponse().getBody(Map.class).orElse(Map.of()) : null;
        }
    }

    private int messageCount(String conversationId) {
        try (Connection db = connect();
             PreparedStatement count = db.prepareStatement("SELECT count(*) FROM messages WHERE conversation_id = ?::uuid")) {
            count.setString(1, conversationId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private List<?> deadLettered(String conversationId) {
        return topics.readAll(Topics.THREAD_SERVICE_DLQ,
                r -> r.key() != null && conversationId.equals(new String(r.key(), StandardCharsets.UTF_8)), 1, Duration.ofSeconds(3));
    }

    private Connection connect() throws SQLException {
        TestInfrastructure infra = TestInfrastructure.shared();
        return DriverManager.getConnection(jdbcUrl, infra.jdbcUser(), infra.jdbcPassword());
    }
}
