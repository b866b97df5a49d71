package dev.threadline.localstack;

import java.nio.file.Path;

/**
 * The services of Threadline as the local runtime launches them: module, packaged jar and local port.
 *
 * <p>Each module packages {@code target/<module>.jar} with its dependencies in {@code target/lib/}, so the jar
 * runs with {@code java -jar}.
 */
public enum ThreadlineService {

    INGEST("ingest-service", 8081, "THREADLINE_INGEST_PORT"),
    THREAD("thread-service", 8082, "THREADLINE_THREAD_PORT"),
    STATS("stats-streams", 8083, "THREADLINE_STATS_PORT");

    private final String module;
    private final int defaultPort;
    private final String portVariable;

    ThreadlineService(String module, int defaultPort, String portVariable) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
    }

    /** The Maven module, which is also the service's name in logs and messages. */
    public String module() {
        return module;
    }

    /** The port of {@code ./threadline up}. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The environment variable that overrides {@link #defaultPort()}. */
    public String portVariable() {
        return portVariable;
    }

    /** {@code <repoRoot>/<module>/target/<module>.jar}. */
    public Path jar(Path repoRoot) {
        return repoRoot.resolve(module).resolve("target").resolve(module + ".jar");
    }
}
