package dev.threadline.schemas.serde;

/** The bytes are not an Avro single-object encoded record, or its body is corrupt or truncated. */
public final class MalformedEventException extends EventDecodingException {

    /** What a dead letter of such a record gives as its reason. */
    public static final String REASON = "malformed";

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reason() {
        return REASON;
    }
}
