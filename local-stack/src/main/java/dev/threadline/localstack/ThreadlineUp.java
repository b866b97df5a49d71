package dev.threadline.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * {@code ./threadline up [--wipe] [--fail-fast]}: runs the whole of Threadline on this machine in the foreground
 * until Ctrl-C.
 *
 * <p>Every failure a user can cause or meet at startup (a port in use, a service that does not come up) is one line
 * on the console with a pointer to the log to read, never a stack trace, and exit code 1. Once up, a component
 * whose process ends is reported and restarted, and one that stops answering is reported ({@link ComponentSupervisor});
 * with {@code --fail-fast} the first component that ends stops everything instead, with exit code 1. Library logs
 * go to {@code .threadline/logs/threadline.log}.
 */
public final class ThreadlineUp {

    static final String USAGE = "usage: ./threadline up [--wipe] [--fail-fast]";
    static final String WIPE = "--wipe";
    static final String FAIL_FAST = "--fail-fast";
    private static final String PREFIX = "threadline: ";
    private static final String LOGBACK_CONFIGURATION = "dev/threadline/localstack/threadline-up-logback.xml";

    private ThreadlineUp() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out));
    }

    /**
     * Runs the stack until the JVM is stopped (then it never returns) or, with {@code --fail-fast}, a component
     * ends (then it stops the others and returns 1).
     */
    static int run(List<String> args, Map<String, String> environment, PrintStream out) {
        List<String> unknown = args.stream().filter(arg -> !Set.of(WIPE, FAIL_FAST).contains(arg)).toList();
        if (!unknown.isEmpty()) {
            out.println(PREFIX + "unknown option " + String.join(" ", unknown) + "; " + USAGE);
            return 2;
        }
        try {
            return run(args, ServiceProcess.locateRepoRoot(), environment, out);
        } catch (LocalStackException e) {
            report(e, out);
            return 1;
        }
    }

    /** {@link #run(List, Map, PrintStream)} with the service jars of {@code repoRoot}. */
    static int run(List<String> args, Path repoRoot, Map<String, String> environment, PrintStream out) {
        try {
            LocalStackSettings settings = LocalStackSettings.from(repoRoot, environment);
            LocalPorts.requireFree(settings.portClaims());
            if (args.contains(WIPE)) {
                LocalStack.wipe(settings);
                out.println(PREFIX + "wiped " + LocalStack.displayed(settings.home()));
            }
            configureLogging(settings);
            boolean failFast = args.contains(FAIL_FAST);
            LocalStack stack = LocalStack.start(settings, SupervisionSettings.defaults(failFast),
                    line -> out.println(PREFIX + line));
            AtomicBoolean stopping = new AtomicBoolean();
            AutoCloseable stopOnExit = stopOnExit(stack, stopping, out);
            ShutdownSequence.register(stopOnExit);
            out.println(PREFIX + "up; data in " + LocalStack.displayed(settings.home()) + "; "
                    + (failFast ? "stops everything if a component ends" : "restarts a component that ends")
                    + "; Ctrl-C stops everything");
            String opsToken = DevelopmentTokens.mint(DevelopmentTokens.secret(settings.home()), "ops-console",
                    List.of("ops"), null, Duration.ofHours(12));
            out.println(PREFIX + "try (an ops token for 12 h; ./threadline token mints others): curl -H 'Authorization: Bearer "
                    + opsToken + "' http://127.0.0.1:" + settings.servicePorts().get(ThreadlineService.STATS) + "/v1/stats/status-counts");
            int exitCode = watch(stack, stopping, out);
            ShutdownSequence.deregister(stopOnExit);
            stopOnExit.close();
            return exitCode;
        } catch (LocalStackException e) {
            report(e, out);
            return 1;
        } catch (Exception e) {
            LoggerFactory.getLogger(ThreadlineUp.class).error("threadline up failed", e);
            out.println(PREFIX + "failed: " + e.getMessage() + "; see threadline.log in the logs directory");
            return 1;
        }
    }

    /** Blocks while the stack runs; returns 1 once a component ended under {@code --fail-fast}. */
    private static int watch(LocalStack stack, AtomicBoolean stopping, PrintStream out) {
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            Optional<LocalStackException> failure = stack.failure();
            if (failure.isPresent() && !stopping.get()) {
                report(failure.get(), out);
                return 1;
            }
        }
    }

    /** Registered last, so it runs first at shutdown: services, Kafka, then PostgreSQL, before anything else. */
    private static AutoCloseable stopOnExit(LocalStack stack, AtomicBoolean stopping, PrintStream out) {
        return () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            out.println(PREFIX + "stopping");
            stack.close();
            out.println(PREFIX + "stopped");
        };
    }

    private static void report(LocalStackException e, PrintStream out) {
        out.println(PREFIX + e.summary() + e.logFile().map(log -> "; see " + LocalStack.displayed(log)).orElse(""));
    }

    /** Must run before the first logger exists, so that logback writes into this stack's log directory. */
    private static void configureLogging(LocalStackSettings settings) {
        System.setProperty("threadline.logs.dir", settings.logsDir().toString());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        }
    }
}
