package dev.threadline.localstack;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * {@code ./threadline up [--wipe]}: runs the whole of Threadline on this machine in the foreground until Ctrl-C.
 *
 * <p>Every failure a user can cause or meet (a port in use, a service that does not come up) is one line on the
 * console with a pointer to the log to read, never a stack trace, and exit code 1. Library logs go to
 * {@code .threadline/logs/threadline.log}.
 */
public final class ThreadlineUp {

    static final String USAGE = "usage: ./threadline up [--wipe]";
    private static final String PREFIX = "threadline: ";
    private static final String LOGBACK_CONFIGURATION = "dev/threadline/localstack/threadline-up-logback.xml";

    private static volatile boolean stopping;

    private ThreadlineUp() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out));
    }

    /** Runs the stack until the JVM is stopped (then it never returns) or a component fails (then it returns 1). */
    static int run(List<String> args, Map<String, String> environment, PrintStream out) {
        if (!args.isEmpty() && !args.equals(List.of("--wipe"))) {
            out.println(PREFIX + "unknown option " + String.join(" ", args) + "; " + USAGE);
            return 2;
        }
        try {
            LocalStackSettings settings = LocalStackSettings.from(ServiceProcess.locateRepoRoot(), environment);
            LocalPorts.requireFree(settings.portClaims());
            if (args.contains("--wipe")) {
                LocalStack.wipe(settings);
                out.println(PREFIX + "wiped " + LocalStack.displayed(settings.home()));
            }
            configureLogging(settings);
            LocalStack stack = LocalStack.start(settings, line -> out.println(PREFIX + line));
            ShutdownSequence.register(stopOnExit(stack, out));
            out.println(PREFIX + "up; data in " + LocalStack.displayed(settings.home()) + "; Ctrl-C stops everything");
            return watch(stack, out);
        } catch (LocalStackException e) {
            report(e, out);
            return 1;
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ThreadlineUp.class).error("threadline up failed", e);
            out.println(PREFIX + "failed: " + e.getMessage() + "; see threadline.log in the logs directory");
            return 1;
        }
    }

    /** Blocks while every component runs; returns 1 once one of them stops by itself. */
    private static int watch(LocalStack stack, PrintStream out) {
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            Optional<LocalStackException> failure = stack.failure();
            if (failure.isPresent() && !stopping) {
                report(failure.get(), out);
                return 1;
            }
        }
    }

    /** Registered last, so it runs first at shutdown: services, Kafka, then PostgreSQL, before anything else. */
    private static AutoCloseable stopOnExit(LocalStack stack, PrintStream out) {
        return () -> {
            stopping = true;
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
