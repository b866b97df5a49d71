package dev.threadline.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The part of the chaos suite that runs in every {@code ./mvnw verify}: a short load at a modest rate through
 * {@code POST /v1/batch} while thread-service, ingest, PostgreSQL and the broker are each killed with SIGKILL and
 * started again. The stack is the test's own (its own broker and PostgreSQL on free ports with persistent data), so
 * killing it disturbs no other test. After each scenario nothing acknowledged may be lost, duplicated or
 * dead-lettered, and the read model and the stats must equal a recount. The report goes to
 * {@code target/chaos/chaos-subset.md} and {@code .json}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSubsetIT {

    private static final ChaosSettings SETTINGS = ChaosSettings.verifySubset();
    private static final List<ScenarioOutcome> OUTCOMES = new ArrayList<>();
    private static final long STARTED = System.nanoTime();
    private static ChaosStack stack;

    @BeforeAll
    static void startTheStack() {
        stack = ChaosStack.start("subset", 1);
    }

    @AfterAll
    static void stopAndReport() {
        if (stack != null) {
            stack.close();
        }
        ChaosReport.write(SETTINGS.reportDir(), "chaos-subset", SETTINGS, OUTCOMES, (System.nanoTime() - STARTED) / 1e9);
    }

    @Test
    @Order(1)
    void killedThreadServiceLosesAndDuplicatesNothingAcknowledged() {
        assertInvariantsHold(ChaosScenarios.killThreadService(SETTINGS));
    }

    @Test
    @Order(2)
    void killedIngestLosesNothingItAcknowledged() {
        assertInvariantsHold(ChaosScenarios.killIngest(SETTINGS));
    }

    @Test
    @Order(3)
    void killedPostgresLosesAndDeadLettersNothingAcknowledged() {
        assertInvariantsHold(ChaosScenarios.killPostgres(SETTINGS));
    }

    @Test
    @Order(4)
    void killedBrokerLosesNothingAcknowledged() {
        assertInvariantsHold(ChaosScenarios.killBroker(SETTINGS));
    }

    private static void assertInvariantsHold(Scenario scenario) {
        // Given the running stack, When the scenario's load runs and its fault strikes in the middle
        ScenarioOutcome outcome = ChaosRun.run(stack, SETTINGS, scenario);
        OUTCOMES.add(outcome);

        // Then every invariant holds once the consumers caught up
        assertThat(outcome.violations()).as("%s: %s", scenario.name(), outcome).isEmpty();
    }
}
