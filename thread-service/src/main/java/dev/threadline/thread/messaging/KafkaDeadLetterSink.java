package dev.threadline.thread.messaging;

import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.service.DeadLetterSink;
import dev.threadline.thread.service.RejectedRecord;
import io.micronaut.context.annotation.Bean;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Dead-letters records to the thread service's dead-letter topic with the reason in headers. */
@Singleton
@Bean(typed = DeadLetterSink.class)
public class KafkaDeadLetterSink implements DeadLetterSink {

    static final String CONSUMER = "thread-service";

    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaDeadLetterSink(ThreadKafkaConfig config, KafkaClientSecurity security) {
        this.producer = new KafkaProducer<>(security.addTo(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "thread-service-dlq",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(List<RejectedRecord> rejected) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rejected.size());
        for (RejectedRecord dead : rejected) {
            var source = dead.record();
            var headers = new RecordHeaders(source.headers().toArray());
            header(headers, DeadLetterHeaders.REASON, dead.reason());
            header(headers, DeadLetterHeaders.DETAIL, dead.detail());
            header(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
            header(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
            header(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
            header(headers, DeadLetterHeaders.CONSUMER, CONSUMER);
            byte[] key = source.key() == null ? null : source.key().getBytes(StandardCharsets.UTF_8);
            acks.add(producer.send(new ProducerRecord<>(Topics.THREAD_SERVICE_DLQ.name(), null, key, source.value(), headers)));
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
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
