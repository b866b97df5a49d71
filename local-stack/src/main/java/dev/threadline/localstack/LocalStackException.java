package dev.threadline.localstack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A part of the local runtime could not start or stopped unexpectedly.
 *
 * <p>It exists so that {@code ./threadline up} can print one clear line ({@link #summary()}) and point at the
 * log file to read, while a failing test still gets the tail of that log in {@link #getMessage()}.
 */
public final class LocalStackException extends RuntimeException {

    private final String summary;
    private final Path logFile;

    public LocalStackException(String summary) {
        this(summary, null, "", null);
    }

    public LocalStackException(String summary, Throwable cause) {
        this(summary, null, "", cause);
    }

    public LocalStackException(String summary, Path logFile, String logTail, Throwable cause) {
        super(message(summary, logFile, logTail), cause);
        this.summary = summary;
        this.logFile = logFile;
    }

    /** One line saying what went wrong, without the log tail. */
    public String summary() {
        return summary;
    }

    /** The log file that tells more, if there is one. */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    private static String message(String summary, Path logFile, String logTail) {
        StringBuilder message = new StringBuilder(summary);
        if (logFile != null) {
            message.append(" (log: ").append(logFile).append(')');
        }
        if (logTail != null && !logTail.isBlank()) {
            message.append(System.lineSeparator()).append("--- last lines of the log ---")
                    .append(System.lineSeparator()).append(logTail);
        }
        return message.toString();
    }
}
