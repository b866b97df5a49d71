package dev.threadline.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that cannot be turned into a record of the contract. Consumers catch it to dead-letter the
 * record with {@link #reason()} instead of stopping; it is a Kafka {@link SerializationException}
 * so a Kafka deserializer surfaces it in the usual way.
 */
public abstract sealed class EventDecodingException extends SerializationException
        permits MalformedEventException, UnknownSchemaException {

    protected EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short, stable reason code for dead-letter headers and metrics. */
    public abstract String reason();
}
