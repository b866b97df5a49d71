package dev.threadline.thread.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the projection cannot apply, with a stable reason code and a readable detail. */
public record RejectedRecord(ConsumerRecord<String, byte[]> record, String reason, String detail) {
}
