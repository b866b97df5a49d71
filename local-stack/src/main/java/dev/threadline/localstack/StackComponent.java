package dev.threadline.localstack;

/** A process of the local stack that {@link LocalStack} supervises, and that a test may kill. */
public enum StackComponent {

    POSTGRES("postgres"),
    KAFKA("kafka"),
    INGEST_SERVICE("ingest-service"),
    THREAD_SERVICE("thread-service"),
    STATS_STREAMS("stats-streams");

    private final String displayName;

    StackComponent(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the console and in log file names. */
    public String displayName() {
        return displayName;
    }

    static StackComponent of(ThreadlineService service) {
        return switch (service) {
            case INGEST -> INGEST_SERVICE;
            case THREAD -> THREAD_SERVICE;
            case STATS -> STATS_STREAMS;
        };
    }
}
