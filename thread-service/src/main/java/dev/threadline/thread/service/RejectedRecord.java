package dev.threadline.thread.service;

import dev.threadline.schemas.serde.MalformedEventException;
import dev.threadline.schemas.serde.UnknownSchemaException;
import dev.threadline.schemas.topics.DeadLetterReasons;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the projection cannot apply, with a stable reason code and a readable detail. */
public record RejectedRecord(ConsumerRecord<String, byte[]> record, String reason, String detail) {

    /** An event PostgreSQL refused for its data (the detail holds the SQLSTATE). */
    public static final String REJECTED_BY_DATABASE = "rejected-by-database";

    /** Every reason the thread service dead-letters a record for (docs/api.md, "Dead letters"). */
    public static final List<String> REASONS = List.of(DeadLetterReasons.TOMBSTONE, DeadLetterReasons.KEY_MISMATCH,
            MalformedEventException.REASON, UnknownSchemaException.REASON, DeadLetterReasons.TENANT_MISMATCH, REJECTED_BY_DATABASE);
}
