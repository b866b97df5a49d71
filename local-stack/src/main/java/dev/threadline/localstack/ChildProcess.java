package dev.threadline.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process of the local runtime, its output appended to a log file.
 *
 * <p>Children run in a session of their own (via {@code setsid} where it exists), so a Ctrl-C in the terminal
 * reaches only the launcher, which then stops them in order. Stopping is SIGTERM, a grace period for a clean
 * shutdown, then SIGKILL.
 */
final class ChildProcess {

    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int TAIL_BYTES = 64 * 1024;
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} with {@code environment} added to this JVM's environment. */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new LocalStackException(name + " could not be launched: " + e.getMessage(), logFile, "", e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; false if it still runs after {@code timeout}. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    /** The failure to report when the process ended while it was expected to run. */
    LocalStackException exitedUnexpectedly(String when) {
        return new LocalStackException(name + " exited with code " + exitCode() + " " + when, logFile, logTail(40), null);
    }

    /** The failure to report when the process did not get ready in time. */
    LocalStackException notReady(String what, Duration timeout) {
        return new LocalStackException(name + " did not " + what + " within " + timeout.toSeconds() + " s",
                logFile, logTail(40), null);
    }

    /** SIGTERM, up to {@code grace} for a clean exit, then SIGKILL. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
    }

    /** SIGKILL: no shutdown hook runs, as in a crash. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** The last {@code lines} lines of this process's log file, after its first error if that came before them. */
    String logTail(int lines) {
        return tail(logFile, lines);
    }

    /**
     * The last {@code lines} lines of {@code logFile} (of its last 64 KiB), or an empty string if there is none. When
     * none of them is an error but an earlier line is, the first such line and the two after it come first: a process
     * that fails may go on logging (a shutdown, a dump of its settings) and push the reason out of the tail.
     */
    static String tail(Path logFile, int lines) {
        if (!Files.isRegularFile(logFile)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            int from = Math.max(0, all.size() - lines);
            List<String> last = all.subList(from, all.size());
            String tail = String.join(System.lineSeparator(), last);
            if (last.stream().anyMatch(ChildProcess::isError)) {
                return tail;
            }
            for (int i = 0; i < from; i++) {
                if (isError(all.get(i))) {
                    return String.join(System.lineSeparator(), all.subList(i, Math.min(from, i + 3)))
                            + System.lineSeparator() + "..." + System.lineSeparator() + tail;
                }
            }
            return tail;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isError(String line) {
        return line.contains("ERROR") || line.contains("FATAL") || line.contains("Exception");
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private static List<String> inOwnSession(List<String> command) {
        List<String> full = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        return full;
    }
}
