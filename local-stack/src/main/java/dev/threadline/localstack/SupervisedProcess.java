package dev.threadline.localstack;

import java.nio.file.Path;

/**
 * What {@link ComponentSupervisor} needs of a component to watch it and bring it back: is the process there, does
 * it answer, and a replacement on the same ports and data.
 *
 * <p>Implemented by the broker, PostgreSQL and the services; each instance is one operating-system process, so a
 * restart yields a new instance and the old one is left behind.
 */
interface SupervisedProcess extends AutoCloseable {

    /** For messages, e.g. {@code kafka} or {@code ingest-service}. */
    String name();

    Path logFile();

    /** The operating-system process id. */
    long pid();

    /** The process still exists. */
    boolean isRunning();

    /** How the process ended, for the console, e.g. {@code exited with code 137}; only once it has ended. */
    String howItEnded();

    /** A cheap probe with a timeout of about two seconds: does the component answer a client? */
    boolean answers();

    /**
     * Starts a replacement on the same ports and data and returns it once it is ready; this process must have ended.
     *
     * @throws LocalStackException if the replacement does not get ready
     */
    SupervisedProcess restarted();

    /** SIGKILL, as a crash or the OOM killer would; returns once the process is gone. */
    void kill();

    /** Stops the process cleanly (SIGTERM and a grace period); does nothing if it has ended. */
    @Override
    void close();
}
