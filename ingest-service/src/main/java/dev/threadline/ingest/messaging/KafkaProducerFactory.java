package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.schemas.topics.Topics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds the one Kafka producer of the service, configured so an acknowledged event is never lost. */
@Factory
class KafkaProducerFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Producer<String, ConversationEvent> conversationEventProducer(IngestKafkaConfig config) {
        long deliveryMs = config.deliveryTimeout().toMillis();
        long lingerMs = config.linger().toMillis();
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "ingest-service",
                // Acknowledged only once every in-sync replica has the record.
                ProducerConfig.ACKS_CONFIG, "all",
                // Retries cannot duplicate or reorder a conversation's events.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression(),
                ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs,
                // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, deliveryMs - lingerMs),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, config.maxBlock().toMillis());
        var topic = Topics.CONVERSATION_EVENTS;
        return new KafkaProducer<>(settings, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
