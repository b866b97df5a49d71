package dev.threadline.schemas.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead letter of a rejected record, the same way in every service: its key, value and headers exactly as
 * they arrived, plus the {@link DeadLetterHeaders} — why, where it was read, and who rejected it. A record re-driven
 * from a dead-letter topic and rejected again carries only the latest of each (its earlier reason is replaced, never
 * doubled), so one tool reads every dead-letter topic alike.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * The dead letter, unpartitioned (the producer's partitioner spreads it by key).
     *
     * @param topic    the dead-letter topic
     * @param consumer the service that rejects the record
     * @param source   where the record was read: topic, partition and offset
     * @param original the record's headers as it arrived; null for none
     * @param reason   a short, stable reason code, e.g. {@code malformed}
     * @param detail   what a person needs to know about the failure
     */
    public static ProducerRecord<byte[], byte[]> of(Topic<byte[], byte[]> topic, String consumer, Source source, byte[] key,
                                                    byte[] value, Headers original, String reason, String detail) {
        RecordHeaders headers = new RecordHeaders(original == null ? new Header[0] : original.toArray());
        set(headers, DeadLetterHeaders.REASON, reason);
        set(headers, DeadLetterHeaders.DETAIL, detail);
        set(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        set(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        set(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        set(headers, DeadLetterHeaders.CONSUMER, consumer);
        return new ProducerRecord<>(topic.name(), null, key, value, headers);
    }

    /** {@link #of} with the {@link DeadLetterHeaders#APPLICATION} header too, naming the consumer's instance group. */
    public static ProducerRecord<byte[], byte[]> of(Topic<byte[], byte[]> topic, String consumer, String application,
                                                    Source source, byte[] key, byte[] value, Headers original,
                                                    String reason, String detail) {
        ProducerRecord<byte[], byte[]> record = of(topic, consumer, source, key, value, original, reason, detail);
        set((RecordHeaders) record.headers(), DeadLetterHeaders.APPLICATION, application);
        return record;
    }

    /** Where a rejected record was read. */
    public record Source(String topic, int partition, long offset) {
    }

    private static void set(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
