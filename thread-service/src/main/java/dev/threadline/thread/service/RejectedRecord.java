package dev.threadline.thread.service;

import dev.threadline.schemas.serde.MalformedEventException;
import dev.threadline.schemas.serde.UnknownSchemaException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the projection cannot apply, with a stable reason code and a readable detail. */
public record RejectedRecord(ConsumerRecord<String, byte[]> record, String reason, String detail) {

    /** A record without a value: conversation-events carries no tombstones. */
    public static final String TOMBSTONE = "tombstone";
    /** A record whose key is not its event's conversation id. */
    public static final String KEY_MISMATCH = "key-mismatch";
    /** An event of another tenant than its conversation's. */
    public static final String TENANT_MISMATCH = "tenant-mismatch";
    /** An event PostgreSQL refused for its data (the detail holds the SQLSTATE). */
    public static final String REJECTED_BY_DATABASE = "rejected-by-database";

    /** Every reason the thread service dead-letters a record for (docs/api.md, "Dead letters"). */
    public static final List<String> REASONS = List.of(TOMBSTONE, KEY_MISMATCH, MalformedEventException.REASON,
            UnknownSchemaException.REASON, TENANT_MISMATCH, REJECTED_BY_DATABASE);
}
