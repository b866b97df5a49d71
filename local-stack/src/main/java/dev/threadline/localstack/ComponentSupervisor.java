package dev.threadline.localstack;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Watches one component of the local stack on a thread of its own and brings it back when it ends.
 *
 * <p>Every {@code probeInterval} it checks that the process is there and answers. A process that ended is reported
 * (one line: which, how it ended, its log) and restarted after 1 s, 2 s, 4 s … up to {@code maxBackoff}, until a
 * replacement is ready; the waits start over once a component has stayed healthy for {@code stableAfter}. A
 * process that is there but does not answer (stopped, wedged, swapping) is reported once when it stops answering
 * and once when it answers again, and is killed and restarted only after {@code unresponsiveLimit}. With
 * {@code failFast} an ended process is not restarted but recorded as {@link #failure()}.
 */
final class ComponentSupervisor {

    private final SupervisionSettings settings;
    private final Consumer<String> report;
    private final RestartBackoff backoff;
    private final Object lock = new Object();
    private final Thread thread;
    private final String name;

    private SupervisedProcess current;
    private volatile boolean healthy = true;
    private volatile boolean stopping;
    private volatile LocalStackException failure;
    /** Watch thread only: since when the component answers (restarts and silences reset it) or does not. */
    private long answeringSince = System.nanoTime();
    private long silentSince;
    private boolean silent;

    private ComponentSupervisor(SupervisedProcess process, SupervisionSettings settings, Consumer<String> report) {
        this.current = process;
        this.name = process.name();
        this.settings = settings;
        this.report = report;
        this.backoff = settings.newBackoff();
        this.thread = Thread.ofVirtual().name("supervise-" + name).unstarted(this::watch);
    }

    /** Takes over {@code process}, which is running and ready, and starts watching it. */
    static ComponentSupervisor watch(SupervisedProcess process, SupervisionSettings settings, Consumer<String> report) {
        ShutdownSequence.deregister(process);
        ComponentSupervisor supervisor = new ComponentSupervisor(process, settings, report);
        supervisor.thread.start();
        return supervisor;
    }

    String name() {
        return name;
    }

    /** The process id of the component as it runs now. */
    long pid() {
        return current().pid();
    }

    /** SIGKILL to the component's process; the supervisor notices at its next probe. */
    void kill() {
        current().kill();
    }

    /** The component ended and, with {@code failFast}, was not restarted. */
    Optional<LocalStackException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Waits until the component runs, answers and is not being restarted.
     *
     * @throws LocalStackException if it is not so within {@code timeout}, or it failed with {@code failFast}
     */
    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(healthy && current().isRunning() && current().answers())) {
            failure().ifPresent(e -> {
                throw e;
            });
            if (System.nanoTime() > deadline) {
                throw new LocalStackException(name + " was not healthy within " + timeout.toSeconds() + " s",
                        current().logFile(), "", null);
            }
            if (!sleep(Duration.ofMillis(100))) {
                throw new LocalStackException("Interrupted while waiting for " + name + " to be healthy");
            }
        }
    }

    /** Stops watching (and any restart under way) without stopping the component. */
    void stopWatching() {
        synchronized (lock) {
            stopping = true;
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching, then stops the component. */
    void close() {
        stopWatching();
        current().close();
    }

    private SupervisedProcess current() {
        synchronized (lock) {
            return current;
        }
    }

    private void watch() {
        while (!stopping && sleep(settings.probeInterval())) {
            try {
                check(current());
            } catch (RuntimeException e) {
                if (!stopping) {
                    report.accept(name + ": the supervisor failed to check it: " + e.getMessage());
                }
            }
        }
    }

    private void check(SupervisedProcess process) {
        if (!process.isRunning()) {
            ended(process);
        } else if (process.answers()) {
            answering();
        } else {
            notAnswering(process);
        }
    }

    private void answering() {
        long now = System.nanoTime();
        if (silent) {
            silent = false;
            answeringSince = now;
            report.accept(name + " answers again");
        }
        if (now - answeringSince >= settings.stableAfter().toNanos()) {
            backoff.reset();
        }
    }

    private void notAnswering(SupervisedProcess process) {
        long now = System.nanoTime();
        if (!silent) {
            silent = true;
            silentSince = now;
            report.accept(name + " does not answer (pid " + process.pid() + " still runs); it is restarted if it does"
                    + " not answer for " + shown(settings.unresponsiveLimit()));
        } else if (now - silentSince >= settings.unresponsiveLimit().toNanos() && !stopping) {
            report.accept(name + " did not answer for " + shown(settings.unresponsiveLimit()) + "; killing pid "
                    + process.pid() + " to restart it");
            process.kill();
        }
    }

    private void ended(SupervisedProcess process) {
        if (stopping) {
            return;
        }
        healthy = false;
        silent = false;
        String how = process.name() + " " + process.howItEnded();
        String log = "; log " + LocalStack.displayed(process.logFile());
        if (settings.failFast()) {
            failure = new LocalStackException(how + " while it was expected to run", process.logFile(),
                    ChildProcess.tail(process.logFile(), 40), null);
            stopping = true;
            return;
        }
        report.accept(how + "; restarting it in " + shown(backoff.peek()) + log);
        restartUntilReady(process);
    }

    private void restartUntilReady(SupervisedProcess ended) {
        int attempts = 0;
        while (!stopping && sleep(backoff.next())) {
            attempts++;
            try {
                SupervisedProcess replacement = ended.restarted();
                ShutdownSequence.deregister(replacement);
                if (!adopt(replacement)) {
                    replacement.close();
                    return;
                }
                report.accept(name + " is healthy again (pid " + replacement.pid() + ", after "
                        + attempts + (attempts == 1 ? " restart)" : " restarts)"));
                return;
            } catch (LocalStackException e) {
                if (!stopping) {
                    report.accept(name + " restart failed: " + e.summary() + "; next attempt in " + shown(backoff.peek()));
                }
            }
        }
    }

    /** Makes {@code replacement} the component unless the supervisor is stopping. */
    private boolean adopt(SupervisedProcess replacement) {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            current = replacement;
            answeringSince = System.nanoTime();
            healthy = true;
            return true;
        }
    }

    /** False if interrupted, which only {@link #stopWatching()} does. */
    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String shown(Duration duration) {
        if (duration.toMillis() < 1_000) {
            return duration.toMillis() + " ms";
        }
        return duration.toSeconds() < 120 ? duration.toSeconds() + " s" : duration.toMinutes() + " min";
    }
}
