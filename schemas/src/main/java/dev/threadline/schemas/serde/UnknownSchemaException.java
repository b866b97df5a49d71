package dev.threadline.schemas.serde;

/**
 * The record is well framed but names a writer schema, by its CRC-64-AVRO fingerprint, that is not
 * among the released versions this reader knows: it was written by a newer or foreign producer.
 */
public final class UnknownSchemaException extends EventDecodingException {

    /** What a dead letter of such a record gives as its reason. */
    public static final String REASON = "unknown-schema";

    private final long fingerprint;

    public UnknownSchemaException(long fingerprint, Throwable cause) {
        super("No released schema has fingerprint %016x; upgrade this reader or release the writer's schema"
                .formatted(fingerprint), cause);
        this.fingerprint = fingerprint;
    }

    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public String reason() {
        return REASON;
    }
}
