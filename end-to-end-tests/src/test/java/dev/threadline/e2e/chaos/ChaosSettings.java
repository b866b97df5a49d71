package dev.threadline.e2e.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How hard and how long the chaos suite pushes: every knob is a system property ({@code -Dchaos.rate=...}), so the
 * full suite's defaults are the targets while a short run on a shared machine asks for less.
 *
 * @param rates          load of the sustained-load scenarios, commands per second
 * @param faultRate      load while a fault is injected, commands per second (the default 5,900 is about 5,000
 *                       messages per second in the mix)
 * @param warmup         unmeasured load at {@code faultRate} on each fresh stack before its first scenario: services in
 *                       production meet a fault warm, and on two busy cores their JIT compilation takes a minute or more
 * @param load           how long each scenario's load runs
 * @param faultAfter     how long into the load the fault is injected
 * @param downtime       how long a killed process stays down before it is restarted
 * @param outage         how long PostgreSQL stays stopped in the outage scenario
 * @param batchSize      commands per {@code POST /v1/batch}
 * @param workers        concurrent senders; each owns its conversations, so a conversation's commands stay in order
 * @param catchUp        how long the consumers may take to catch up once the load stopped
 * @param statsSample    at most this many conversations are compared with stats-streams per scenario
 * @param only           scenario names to run; empty: all
 * @param reportDir      where the report goes
 */
record ChaosSettings(List<Integer> rates, int faultRate, Duration warmup, Duration load, Duration faultAfter, Duration downtime,
                     Duration outage, int batchSize, int workers, Duration catchUp, int statsSample, List<String> only,
                     Path reportDir) {

    /** The full suite as the issue asks for it, each value overridable by its {@code chaos.*} system property. */
    static ChaosSettings fromSystemProperties() {
        return new ChaosSettings(
                ints(System.getProperty("chaos.rates", "5000,10000,20000")),
                Integer.getInteger("chaos.faultRate", 5_900),
                Duration.ofSeconds(Long.getLong("chaos.warmupSeconds", 90)),
                Duration.ofSeconds(Long.getLong("chaos.loadSeconds", 60)),
                Duration.ofSeconds(Long.getLong("chaos.faultAfterSeconds", 20)),
                Duration.ofSeconds(Long.getLong("chaos.downtimeSeconds", 5)),
                Duration.ofSeconds(Long.getLong("chaos.outageSeconds", 180)),
                Integer.getInteger("chaos.batchSize", 100),
                Integer.getInteger("chaos.workers", 8),
                Duration.ofSeconds(Long.getLong("chaos.catchUpSeconds", 180)),
                Integer.getInteger("chaos.statsSample", 400),
                names(System.getProperty("chaos.scenarios", "")),
                Path.of(System.getProperty("chaos.reportDir", "target/chaos")));
    }

    /** The subset of {@code ./mvnw verify}: a short load at a modest rate, so four scenarios fit in 2-3 minutes. */
    static ChaosSettings verifySubset() {
        return new ChaosSettings(List.of(), 200, Duration.ZERO, Duration.ofSeconds(18), Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 20, 2, Duration.ofSeconds(45), 150, List.of(), Path.of("target/chaos"));
    }

    boolean runs(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    private static List<Integer> ints(String value) {
        return names(value).stream().map(Integer::parseInt).toList();
    }

    private static List<String> names(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
