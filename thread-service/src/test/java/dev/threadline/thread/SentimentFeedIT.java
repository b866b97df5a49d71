package dev.threadline.thread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestInfrastructure;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The average sentiment stats-streams publishes on conversation-metrics reaches the conversation's row. */
@MicronautTest
class SentimentFeedIT extends ThreadServiceIT {

    SentimentFeedIT() {
        super("thread_sentiment_feed_it");
    }

    @Test
    void averageSentimentFromTheMetricsTopicIsServedWithTheConversation() throws Exception {
        // Given a materialised conversation
        String id = UUID.randomUUID().toString();
        support.send(ConversationEvents.started(id, Instant.parse("2026-11-01T09:00:00Z")));
        support.sync(http, id);

        // When stats-streams publishes its metrics, first an older value then the newest
        try (var producer = metricsProducer()) {
            producer.send(record(id, 0.25));
            producer.send(record(id, -0.5));
            producer.flush();
        }

        // Then the conversation carries the newest average
        Object average = Eventually.eventually(() -> {
            Map<String, Object> conversation = http.toBlocking().retrieve("/v1/conversations/" + id, Map.class);
            Object value = conversation.get("averageSentiment");
            return value != null && ((Number) value).doubleValue() == -0.5 ? value : null;
        });
        assertThat(((Number) average).doubleValue()).isEqualTo(-0.5);
    }

    @Test
    void anAverageThatBecomesUnknownIsClearedWhileOthersInTheSamePollAreSet() throws Exception {
        // Given a conversation with an average
        String cleared = UUID.randomUUID().toString();
        String set = UUID.randomUUID().toString();
        try (var producer = metricsProducer()) {
            producer.send(record(cleared, 0.5));
            producer.flush();
        }
        Eventually.eventually(() -> stored(cleared));

        // When its metrics come back without an average (no user message counts any more), beside another's average
        try (var producer = metricsProducer()) {
            producer.send(withoutAverage(cleared));
            producer.send(record(set, -0.25));
            producer.flush();
        }

        // Then the first has its row with no average, the second its average
        assertThat(Eventually.eventually(() -> stored(set))).isEqualTo(-0.25);
        Eventually.eventually(() -> stored(cleared) == null ? Boolean.TRUE : null);
    }

    @Test
    void anAverageThatArrivesBeforeItsConversationIsServedOnceTheConversationExists() throws Exception {
        // Given metrics for a conversation the read model has not seen yet
        String id = UUID.randomUUID().toString();
        try (var producer = metricsProducer()) {
            producer.send(record(id, 0.75));
            producer.flush();
        }
        Eventually.eventually(() -> stored(id));

        // When its events arrive afterwards and nothing about it is published again
        support.send(ConversationEvents.started(id, Instant.parse("2026-11-01T09:00:00Z")));
        support.sync(http, id);

        // Then the conversation has the average
        Object average = http.toBlocking().retrieve("/v1/conversations/" + id, Map.class).get("averageSentiment");
        assertThat(((Number) average).doubleValue()).isEqualTo(0.75);
    }

    @Test
    void theFeedDoesNotWaitForAConversationRowSomebodyHolds() throws Exception {
        // Given a materialised conversation whose row a transaction holds, as a projection batch would
        String id = UUID.randomUUID().toString();
        support.send(ConversationEvents.started(id, Instant.parse("2026-11-01T09:00:00Z")));
        support.sync(http, id);
        try (Connection holder = databaseConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM conversations WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }

            // When its metrics arrive while the row is held
            try (var producer = metricsProducer()) {
                producer.send(record(id, -0.25));
                producer.flush();
            }

            // Then the feed stores the average without waiting for the row
            assertThat(Eventually.eventually(() -> stored(id))).isEqualTo(-0.25);
            holder.rollback();
        }

        // And the conversation serves it
        Object average = http.toBlocking().retrieve("/v1/conversations/" + id, Map.class).get("averageSentiment");
        assertThat(((Number) average).doubleValue()).isEqualTo(-0.25);
    }

    /** The average the feed stored for the conversation, null if none yet. */
    private Double stored(String id) {
        try (Connection connection = databaseConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT average FROM conversation_sentiment WHERE conversation_id = ?::uuid")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? (Double) row.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProducerRecord<String, ConversationMetrics> record(String id, double average) {
        ConversationMetrics metrics = ConversationMetrics.newBuilder()
                .setConversationId(id)
                .setUserSentimentSum(average * 2).setUserSentimentCount(2).setAverageUserSentiment(average)
                .setUpdatedAt(Instant.parse("2026-11-01T09:05:00Z"))
                .build();
        return new ProducerRecord<>(Topics.CONVERSATION_METRICS.name(), id, metrics);
    }

    private static ProducerRecord<String, ConversationMetrics> withoutAverage(String id) {
        ConversationMetrics metrics = ConversationMetrics.newBuilder()
                .setConversationId(id)
                .setUserSentimentSum(0).setUserSentimentCount(0).setAverageUserSentiment(null)
                .setUpdatedAt(Instant.parse("2026-11-01T09:06:00Z"))
                .build();
        return new ProducerRecord<>(Topics.CONVERSATION_METRICS.name(), id, metrics);
    }

    private static KafkaProducer<String, ConversationMetrics> metricsProducer() {
        var topic = Topics.CONVERSATION_METRICS;
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
