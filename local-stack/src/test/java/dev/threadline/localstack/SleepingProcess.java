package dev.threadline.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest real component for supervisor tests: a {@code sleep} process. Whether it answers, and how many
 * restarts fail before one works, are up to the test.
 */
final class SleepingProcess implements SupervisedProcess {

    final AtomicBoolean answering;
    final AtomicInteger restartsToFail;
    private final Path logFile;
    private final ChildProcess process;

    private SleepingProcess(Path logFile, AtomicBoolean answering, AtomicInteger restartsToFail) {
        this.logFile = logFile;
        this.answering = answering;
        this.restartsToFail = restartsToFail;
        this.process = ChildProcess.start("sleeper", List.of("sleep", "120"), Map.of(), logFile);
    }

    static SleepingProcess start(Path logFile) {
        return new SleepingProcess(logFile, new AtomicBoolean(true), new AtomicInteger());
    }

    @Override
    public String name() {
        return "sleeper";
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public String howItEnded() {
        return "exited with code " + process.exitCode();
    }

    @Override
    public boolean answers() {
        return answering.get();
    }

    @Override
    public SupervisedProcess restarted() {
        if (restartsToFail.getAndDecrement() > 0) {
            throw new LocalStackException("sleeper did not start on purpose");
        }
        return new SleepingProcess(logFile, answering, restartsToFail);
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.stop(ChildProcess.STOP_GRACE);
    }
}
