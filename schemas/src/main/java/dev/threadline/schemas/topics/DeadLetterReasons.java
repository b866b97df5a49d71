package dev.threadline.schemas.topics;

/**
 * Reason codes ({@link DeadLetterHeaders#REASON}) that more than one service dead-letters for, spelt the same
 * everywhere so one alert or query covers them all. Decoding failures have theirs on their exceptions
 * ({@code MalformedEventException.REASON}, {@code UnknownSchemaException.REASON}); a service's own codes stay with it.
 */
public final class DeadLetterReasons {

    /** A record without a value: Threadline's topics carry no tombstones where one was read. */
    public static final String TOMBSTONE = "tombstone";
    /** A record whose key is not its event's conversation id. */
    public static final String KEY_MISMATCH = "key-mismatch";
    /** An event of another tenant than its conversation's. */
    public static final String TENANT_MISMATCH = "tenant-mismatch";

    private DeadLetterReasons() {
    }
}
