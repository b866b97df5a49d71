package dev.threadline.thread.messaging;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.schemas.serde.EventDecodingException;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.projection.SentimentStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds stats-streams' per-conversation metrics back into the read model: the average user
 * sentiment of each conversation. The topic is compacted and carries the latest metrics per
 * conversation, so applying a value twice is harmless: offsets are committed to Kafka after the
 * database write (at least once), and within a batch only the newest value per key is written.
 */
@Context
@Requires(property = "threadline.metrics-feed.enabled", notEquals = "false")
public class ConversationMetricsConsumer extends PollingConsumer<String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationMetricsConsumer.class);

    private final SentimentStore sentiments;

    public ConversationMetricsConsumer(ThreadKafkaConfig config, SentimentStore sentiments, KafkaClientSecurity security,
                                       ConsumerMeters meters) {
        super(Topics.CONVERSATION_METRICS.name(), Topics.CONVERSATION_METRICS.name() + "-consumer", security.addTo(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, config.groupId() + "-metrics",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.fetchMinBytes(),
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis())),
                new StringDeserializer(), new ByteArrayDeserializer(), config.pollTimeout(),
                new RetryBackoff(config.retryBackoff(), config.retryBackoffMax()), meters);
        this.sentiments = sentiments;
        start();
    }

    @Override
    void handle(ConsumerRecords<String, byte[]> records) {
        Map<String, Double> latest = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            if (record.value() == null) {
                continue;
            }
            try {
                ConversationMetrics metrics = Topics.CONVERSATION_METRICS.valueSerde().deserializer()
                        .deserialize(record.topic(), record.value());
                latest.put(metrics.getConversationId(), metrics.getAverageUserSentiment());
            } catch (EventDecodingException e) {
                // Derived data that stats-streams republishes on the next change: skip, don't stop.
                LOG.warn("Skipping undecodable metrics at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        try {
            sentiments.update(latest);
            consumer.commitSync(next);
            backoff().reset();
        } catch (SQLException e) {
            Duration wait = backoff().next();
            LOG.warn("Sentiment of {} conversations not stored, retrying in {} ms: {}", latest.size(), wait.toMillis(), e.toString());
            records.partitions().forEach(p -> consumer.seek(p, records.records(p).getFirst().offset()));
            sleep(wait);
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        stop();
    }
}
