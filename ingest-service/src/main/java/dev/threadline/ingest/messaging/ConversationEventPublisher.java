package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.topics.Topics;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to conversation-events keyed by conversation id and completes only when Kafka
 * acknowledged every one of them. Events of one call are sent in order on one producer, so the
 * idempotent producer keeps them in that order within their partition.
 */
@Singleton
public class ConversationEventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationEventPublisher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Producer<String, ConversationEvent> producer;

    public ConversationEventPublisher(Producer<String, ConversationEvent> producer) {
        this.producer = producer;
    }

    /** Fetches the topic's metadata once at startup so the first request does not pay for it. */
    @EventListener
    void warmUp(StartupEvent event) {
        try {
            producer.partitionsFor(Topics.CONVERSATION_EVENTS.name());
        } catch (KafkaException e) {
            LOG.warn("Kafka metadata for {} not available yet: {}", Topics.CONVERSATION_EVENTS.name(), e.getMessage());
        }
    }

    /** Sends the events in order; the future fails with {@link KafkaUnavailableException} if Kafka does not acknowledge. */
    public CompletableFuture<List<PublishedEvent>> publish(List<ConversationEvent> events) {
        List<CompletableFuture<PublishedEvent>> acks = new ArrayList<>(events.size());
        for (ConversationEvent event : events) {
            acks.add(send(event));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .thenApply(done -> acks.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PublishedEvent> send(ConversationEvent event) {
        var ack = new CompletableFuture<PublishedEvent>();
        var record = new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(), event);
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    ack.completeExceptionally(unavailable(error));
                } else {
                    ack.complete(new PublishedEvent(event.getEventId(), event.getPayload().getClass().getSimpleName(),
                            metadata.partition(), metadata.offset()));
                }
            });
        } catch (KafkaException e) {
            ack.completeExceptionally(unavailable(e));
        }
        return ack;
    }

    private static KafkaUnavailableException unavailable(Exception cause) {
        return new KafkaUnavailableException("Kafka did not acknowledge the event: " + cause.getMessage(), RETRY_AFTER, cause);
    }
}
