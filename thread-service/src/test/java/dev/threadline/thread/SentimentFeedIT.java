package dev.threadline.thread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.localstack.TestInfrastructure;
import dev.threadline.schemas.topics.Topics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
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
        support.send(ThreadTestSupport.started(id, Instant.parse("2026-11-01T09:00:00Z")));
        support.sync(http, id);

        // When stats-streams publishes its metrics, first an older value then the newest
        try (var producer = metricsProducer()) {
            producer.send(record(id, 0.25));
            producer.send(record(id, -0.5));
            producer.flush();
        }

        // Then the conversation carries the newest average
        Object average = ThreadTestSupport.eventually(() -> {
            Map<String, Object> conversation = http.toBlocking().retrieve("/v1/conversations/" + id, Map.class);
            Object value = conversation.get("averageSentiment");
            return value != null && ((Number) value).doubleValue() == -0.5 ? value : null;
        });
        assertThat(((Number) average).doubleValue()).isEqualTo(-0.5);
    }

    private static ProducerRecord<String, ConversationMetrics> record(String id, double average) {
        ConversationMetrics metrics = ConversationMetrics.newBuilder()
                .setConversationId(id)
                .setUserSentimentSum(average * 2).setUserSentimentCount(2).setAverageUserSentiment(average)
                .setUpdatedAt(Instant.parse("2026-11-01T09:05:00Z"))
                .build();
        return new ProducerRecord<>(Topics.CONVERSATION_METRICS.name(), id, metrics);
    }

    private static KafkaProducer<String, ConversationMetrics> metricsProducer() {
        var topic = Topics.CONVERSATION_METRICS;
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
