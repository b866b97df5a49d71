package dev.threadline.schemas.logging;

/**
 * The names under which every service puts what it is handling into the logging context (SLF4J's MDC), so that a log
 * line — a JSON field with {@code THREADLINE_LOG_FORMAT=json} — says which conversation and which event it is about
 * (docs/operations.md, "Logs").
 */
public final class LogContext {

    /** The conversation being handled. */
    public static final String CONVERSATION_ID = "conversationId";
    /** The event being handled. */
    public static final String EVENT_ID = "eventId";

    private LogContext() {
    }
}
