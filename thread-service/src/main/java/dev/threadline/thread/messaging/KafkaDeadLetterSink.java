package dev.threadline.thread.messaging;

import dev.threadline.kafka.ProducerSettings;
import dev.threadline.schemas.logging.LogContext;
import dev.threadline.schemas.topics.DeadLetters;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.service.DeadLetterSink;
import dev.threadline.thread.service.RejectedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dead-letters records to the thread service's dead-letter topic with the reason in headers. The producer's settings
 * are micronaut-kafka's {@code kafka.producers.dead-letters.*}; acks=all and idempotence are always on.
 */
@Singleton
@Bean(typed = DeadLetterSink.class)
public class KafkaDeadLetterSink implements DeadLetterSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterSink.class);

    static final String CONSUMER = "thread-service";
    /** The name of the producer's settings: {@code kafka.producers.dead-letters.*}. */
    static final String SETTINGS = "dead-letters";

    private final KafkaProducer<byte[], byte[]> producer;
    private final AutoCloseable producerMeters;
    private final MeterRegistry registry;
    /** Per reason, its dead-letter counter: every known reason from the start, so a rate reads 0 rather than nothing. */
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    public KafkaDeadLetterSink(ThreadKafkaConfig config, ProducerSettings settings, ConsumerMeters meters,
                               MeterRegistry registry) {
        this.registry = registry;
        this.producer = new KafkaProducer<>(settings.of(SETTINGS,
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                // A dead letter is the only copy of what was rejected once the consumer moves past it.
                Map.of(ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.producerMeters = meters.bind(producer);
        RejectedRecord.REASONS.forEach(this::counter);
    }

    private Counter counter(String reason) {
        return deadLettered.computeIfAbsent(reason, r -> Counter.builder("threadline.events.dead.lettered")
                .description("Records written to a dead-letter topic, by consumer and reason")
                .tag("consumer", CONSUMER)
                .tag("reason", r)
                .register(registry));
    }

    @Override
    public void publish(List<RejectedRecord> rejected) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rejected.size());
        for (RejectedRecord dead : rejected) {
            var source = dead.record();
            try (var conversation = MDC.putCloseable(LogContext.CONVERSATION_ID, source.key())) {
                LOG.warn("Dead-lettering {}-{}@{}: {} ({})", source.topic(), source.partition(), source.offset(), dead.reason(),
                        dead.detail());
            }
            byte[] key = source.key() == null ? null : source.key().getBytes(StandardCharsets.UTF_8);
            acks.add(producer.send(DeadLetters.of(Topics.THREAD_SERVICE_DLQ, CONSUMER,
                    new DeadLetters.Source(source.topic(), source.partition(), source.offset()), key, source.value(),
                    source.headers(), dead.reason(), dead.detail())));
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new KafkaException("Dead letter not acknowledged", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while dead-lettering", e);
            }
        }
        for (RejectedRecord dead : rejected) {
            counter(dead.reason()).increment();
        }
    }

    @PreDestroy
    void close() throws Exception {
        producerMeters.close();
        producer.close();
    }
}
