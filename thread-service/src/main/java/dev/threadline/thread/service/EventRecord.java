package dev.threadline.thread.service;

import dev.threadline.events.ConversationEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A decoded event together with the Kafka record it was read from. */
public record EventRecord(ConsumerRecord<String, byte[]> source, ConversationEvent event) {
}
