package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentSupervisorTest {

    private static final Duration PROBE = Duration.ofMillis(50);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(400);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private ComponentSupervisor supervisor;

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    @Test
    void processKilledWithSigkillIsReportedAndRestartedUntilHealthy() {
        // given
        SleepingProcess sleeper = SleepingProcess.start(dir.resolve("sleeper.log"));
        supervisor = ComponentSupervisor.watch(sleeper, settings(Duration.ofMinutes(5), false), console::add);
        long killed = sleeper.pid();

        // when
        supervisor.kill();
        supervisor.awaitHealthy(WAIT);

        // then
        assertThat(supervisor.pid()).isNotEqualTo(killed);
        assertThat(ProcessHandle.of(supervisor.pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(console).containsExactly(
                "sleeper exited with code 137; restarting it in 100 ms; log " + LocalStack.displayed(dir.resolve("sleeper.log")),
                "sleeper is healthy again (pid " + supervisor.pid() + ", after 1 restart)");
    }

    @Test
    void failedRestartsAreRetriedTwiceAsLateEachTimeUpToTheCap() {
        // given a process whose next three restarts fail
        SleepingProcess sleeper = SleepingProcess.start(dir.resolve("sleeper.log"));
        sleeper.restartsToFail.set(3);
        supervisor = ComponentSupervisor.watch(sleeper, settings(Duration.ofMinutes(5), false), console::add);

        // when
        supervisor.kill();
        supervisor.awaitHealthy(WAIT);

        // then
        assertThat(console).hasSize(5);
        assertThat(console.subList(1, 4)).containsExactly(
                "sleeper restart failed: sleeper did not start on purpose; next attempt in 200 ms",
                "sleeper restart failed: sleeper did not start on purpose; next attempt in 400 ms",
                "sleeper restart failed: sleeper did not start on purpose; next attempt in 400 ms");
        assertThat(console.get(4)).endsWith("after 4 restarts)");
    }

    @Test
    void processThatStopsAnsweringIsReportedOnceAndAgainWhenItAnswers() throws InterruptedException {
        // given
        SleepingProcess sleeper = SleepingProcess.start(dir.resolve("sleeper.log"));
        supervisor = ComponentSupervisor.watch(sleeper, settings(Duration.ofMinutes(5), false), console::add);

        // when it does not answer for several probes, then answers again
        sleeper.answering.set(false);
        Thread.sleep(PROBE.multipliedBy(8));
        sleeper.answering.set(true);
        supervisor.awaitHealthy(WAIT);
        Thread.sleep(PROBE.multipliedBy(3));

        // then it is reported twice and left running
        assertThat(console).containsExactly(
                "sleeper does not answer (pid " + sleeper.pid() + " still runs); it is restarted if it does not answer for 5 min",
                "sleeper answers again");
        assertThat(supervisor.pid()).isEqualTo(sleeper.pid());
    }

    @Test
    void processThatDoesNotAnswerForTheLimitIsKilledAndRestarted() throws InterruptedException {
        // given a process that never answers and a limit of half a second
        SleepingProcess sleeper = SleepingProcess.start(dir.resolve("sleeper.log"));
        supervisor = ComponentSupervisor.watch(sleeper, settings(Duration.ofMillis(500), false), console::add);
        long stuck = sleeper.pid();

        // when
        sleeper.answering.set(false);
        awaitLine("sleeper is healthy again");

        // then
        assertThat(console).contains("sleeper did not answer for 500 ms; killing pid " + stuck + " to restart it");
        assertThat(ProcessHandle.of(stuck).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        sleeper.answering.set(true);
        supervisor.awaitHealthy(WAIT);
    }

    @Test
    void withFailFastAnEndedProcessIsAFailureAndIsNotRestarted() throws InterruptedException {
        // given
        SleepingProcess sleeper = SleepingProcess.start(dir.resolve("sleeper.log"));
        supervisor = ComponentSupervisor.watch(sleeper, settings(Duration.ofMinutes(5), true), console::add);

        // when
        supervisor.kill();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (supervisor.failure().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        // then
        assertThat(supervisor.failure()).hasValueSatisfying(
                e -> assertThat(e.summary()).isEqualTo("sleeper exited with code 137 while it was expected to run"));
        assertThat(supervisor.pid()).isEqualTo(sleeper.pid());
        assertThat(sleeper.isRunning()).isFalse();
        assertThat(console).isEmpty();
    }

    private static SupervisionSettings settings(Duration unresponsiveLimit, boolean failFast) {
        return new SupervisionSettings(PROBE, FIRST_BACKOFF, MAX_BACKOFF, Duration.ofMinutes(1), unresponsiveLimit, failFast);
    }

    private void awaitLine(String start) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (console.stream().noneMatch(line -> line.startsWith(start))) {
            assertThat(System.nanoTime()).as("'%s' within %s; console: %s", start, WAIT, console).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
