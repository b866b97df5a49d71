package dev.threadline.schemas.topics;

/** Header names every dead-letter record carries, so one tool can read every dead-letter topic. */
public final class DeadLetterHeaders {

    /** Short, stable reason code, e.g. {@code malformed} or {@code unknown-schema}. */
    public static final String REASON = "threadline.dlq.reason";
    /** Human-readable detail of the failure. */
    public static final String DETAIL = "threadline.dlq.detail";
    /** Topic, partition and offset the record was read from. */
    public static final String SOURCE_TOPIC = "threadline.dlq.source.topic";
    public static final String SOURCE_PARTITION = "threadline.dlq.source.partition";
    public static final String SOURCE_OFFSET = "threadline.dlq.source.offset";
    /** Service that dead-lettered the record. */
    public static final String CONSUMER = "threadline.dlq.consumer";
    /**
     * The instance group within that service, where several read the same topic: stats-streams' Kafka Streams
     * {@code application.id} (several applications may compute from one conversation-events topic).
     */
    public static final String APPLICATION = "threadline.dlq.application";

    private DeadLetterHeaders() {
    }
}
