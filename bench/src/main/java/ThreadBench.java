import dev.threadline.bench.Cli;

/**
 * {@code ThreadBench} by its old, unqualified name: the pipeline benchmark's COPY anchor (end-to-end-tests'
 * {@code dev.threadline.e2e.pipeline.Anchors}) starts this main class on the classpath bench/pipeline.sh gives it.
 * Runs {@link dev.threadline.bench.thread.ThreadBench} with the same arguments; goes once Anchors names that class.
 */
public final class ThreadBench {

    private ThreadBench() {
    }

    public static void main(String[] args) {
        Cli.run(new dev.threadline.bench.thread.ThreadBench(), args);
    }
}
