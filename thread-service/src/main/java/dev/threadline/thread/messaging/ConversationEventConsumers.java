package dev.threadline.thread.messaging;

import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.persistence.OffsetStore;
import dev.threadline.thread.service.ConversationProjection;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance's consumers of conversation-events ({@code threadline.kafka.consumers}). They are
 * members of one consumer group, so each holds its own partitions; a conversation lives on one
 * partition, so two consumers never write the same conversation's rows, and each applies its
 * batches in transactions of its own. More consumers let PostgreSQL work on several batches at
 * once; more than the topic's partitions leaves the extra ones idle.
 */
@Context
public class ConversationEventConsumers {

    private final List<ConversationEventConsumer> consumers = new ArrayList<>();

    public ConversationEventConsumers(ThreadKafkaConfig config, ConversationProjection projection, OffsetStore offsets) {
        for (int number = 1; number <= config.consumers(); number++) {
            consumers.add(new ConversationEventConsumer(number, config, projection, offsets));
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        for (ConversationEventConsumer consumer : consumers) {
            consumer.stopPolling();
        }
        for (ConversationEventConsumer consumer : consumers) {
            consumer.stop();
        }
    }
}
