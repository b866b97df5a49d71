package dev.threadline.localstack;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what the local runtime started when the JVM exits, newest first.
 *
 * <p>One hook instead of one per process, because JVM shutdown hooks run concurrently: with a single sequence the
 * services stop before the broker they write to, and the broker before PostgreSQL. Whatever is closed explicitly
 * leaves the sequence.
 */
public final class ShutdownSequence {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);
    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();
    private static boolean hookInstalled;

    private ShutdownSequence() {
    }

    /** Closes {@code resource} when the JVM exits, before everything registered earlier. */
    public static synchronized void register(AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownSequence::closeAll, "threadline-shutdown"));
            hookInstalled = true;
        }
        OPEN.push(resource);
    }

    static synchronized void deregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static synchronized AutoCloseable next() {
        return OPEN.poll();
    }

    private static void closeAll() {
        for (AutoCloseable resource = next(); resource != null; resource = next()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Could not close {} at shutdown", resource, e);
            }
        }
    }
}
