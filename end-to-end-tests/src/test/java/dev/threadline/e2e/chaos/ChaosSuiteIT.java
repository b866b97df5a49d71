package dev.threadline.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The full chaos suite, run only by the {@code chaos} Maven profile ({@code bench/chaos.sh}): sustained loads, a
 * kill -9 of each service, of the broker and of PostgreSQL, a PostgreSQL outage and a rebalance storm on a
 * single-broker stack, then leader and controller loss on a three-broker cluster. Every scenario is checked and the
 * run writes one report, {@code target/chaos/chaos-report.md} and {@code .json}; it fails if any invariant broke.
 * Rates and durations come from {@link ChaosSettings}.
 */
class ChaosSuiteIT {

    @Test
    void everyScenarioKeepsEveryAcknowledgedMessageExactlyOnce() {
        // Given the settings and the scenarios they select
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        List<Scenario> scenarios = ChaosScenarios.all(settings);
        long started = System.nanoTime();
        List<ScenarioOutcome> outcomes = new ArrayList<>();

        // When each runs on its stack, the single-broker one first, then the cluster
        try {
            runOn(false, 1, "suite-single", settings, scenarios, outcomes);
            runOn(true, 3, "suite-cluster", settings, scenarios, outcomes);
        } finally {
            ChaosReport.write(settings.reportDir(), "chaos-report", settings, outcomes, (System.nanoTime() - started) / 1e9);
        }

        // Then no scenario broke an invariant
        assertThat(outcomes).as("scenarios run").hasSize(scenarios.size());
        assertThat(outcomes.stream().filter(o -> !o.passed()).map(o -> o.name() + ": " + o.violations()).toList())
                .as("scenarios that broke an invariant (see target/chaos/chaos-report.md)").isEmpty();
    }

    private static void runOn(boolean cluster, int nodes, String name, ChaosSettings settings, List<Scenario> scenarios,
                              List<ScenarioOutcome> outcomes) {
        List<Scenario> mine = scenarios.stream().filter(s -> s.cluster() == cluster).toList();
        if (mine.isEmpty()) {
            return;
        }
        try (ChaosStack stack = ChaosStack.start(name, nodes)) {
            ChaosRun.warmUp(stack, settings);
            for (Scenario scenario : mine) {
                outcomes.add(ChaosRun.run(stack, settings, scenario));
            }
        }
    }
}
