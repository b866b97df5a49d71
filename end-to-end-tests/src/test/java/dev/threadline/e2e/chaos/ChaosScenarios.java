package dev.threadline.e2e.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of the chaos suite, with their faults. Kills are SIGKILL ({@code destroyForcibly}); each killed
 * process is started again on the same ports and data after {@link ChaosSettings#downtime()}.
 */
final class ChaosScenarios {

    private ChaosScenarios() {
    }

    /** The full suite: sustained loads, then every fault on the single-broker stack, then the cluster faults. */
    static List<Scenario> all(ChaosSettings settings) {
        List<Scenario> scenarios = new ArrayList<>();
        for (int rate : settings.rates()) {
            scenarios.add(new Scenario("load-" + rate, "sustained load, no fault", rate, false, null));
        }
        scenarios.add(killThreadService(settings));
        scenarios.add(killIngest(settings));
        scenarios.add(new Scenario("kill-stats-streams", "kill -9 of stats-streams under load, then restart",
                settings.faultRate(), false, (stack, log) -> {
                    log.act("kill -9 stats-streams", stack::killStats);
                    pause(settings.downtime());
                    log.act("restart stats-streams", stack::startStats);
                }));
        scenarios.add(killBroker(settings));
        scenarios.add(killPostgres(settings));
        scenarios.add(new Scenario("postgres-outage", "PostgreSQL stopped for " + settings.outage().toSeconds()
                + " s under load, then started", settings.faultRate(), false, (stack, log) -> {
                    log.act("stop PostgreSQL", stack::stopPostgres);
                    pause(settings.outage());
                    log.act("start PostgreSQL", stack::startPostgres);
                }));
        scenarios.add(new Scenario("rebalance-storm", "thread-service instances started and stopped repeatedly under load",
                settings.faultRate(), false, ChaosScenarios::rebalanceStorm));
        scenarios.add(new Scenario("cluster-leader-kill", "3 brokers (RF 3, min ISR 2): kill -9 of the leader of busy "
                + "conversation-events partitions, then restart", settings.faultRate(), true, (stack, log) -> {
                    int leader = stack.cluster().leaderOfEventsPartition(0);
                    log.act("kill -9 broker " + leader + " (leader of conversation-events-0)", () -> stack.killBroker(leader));
                    pause(settings.downtime());
                    log.act("restart broker " + leader, () -> stack.startBroker(leader));
                }));
        scenarios.add(new Scenario("cluster-controller-kill", "3 brokers (RF 3, min ISR 2): kill -9 of the active "
                + "controller, then restart", settings.faultRate(), true, (stack, log) -> {
                    int controller = stack.cluster().activeController();
                    log.act("kill -9 node " + controller + " (active controller)", () -> stack.killBroker(controller));
                    pause(settings.downtime());
                    log.act("restart node " + controller, () -> stack.startBroker(controller));
                }));
        return scenarios.stream().filter(s -> settings.runs(s.name())).toList();
    }

    static Scenario killThreadService(ChaosSettings settings) {
        return new Scenario("kill-thread-service", "kill -9 of thread-service under load, then restart",
                settings.faultRate(), false, (stack, log) -> {
                    log.act("kill -9 thread-service", stack::killThread);
                    pause(settings.downtime());
                    log.act("restart thread-service", stack::startThread);
                });
    }

    static Scenario killIngest(ChaosSettings settings) {
        return new Scenario("kill-ingest", "kill -9 of ingest under load, then restart", settings.faultRate(), false,
                (stack, log) -> {
                    log.act("kill -9 ingest", stack::killIngest);
                    pause(settings.downtime());
                    log.act("restart ingest", stack::startIngest);
                });
    }

    static Scenario killBroker(ChaosSettings settings) {
        return new Scenario("kill-broker", "kill -9 of the (only) Kafka broker under load, then restart on the same data",
                settings.faultRate(), false, (stack, log) -> {
                    log.act("kill -9 broker", () -> stack.killBroker(1));
                    pause(settings.downtime());
                    log.act("restart broker", () -> stack.startBroker(1));
                });
    }

    static Scenario killPostgres(ChaosSettings settings) {
        return new Scenario("kill-postgres", "kill -9 of the PostgreSQL postmaster under load, then restart (crash recovery)",
                settings.faultRate(), false, (stack, log) -> {
                    log.act("kill -9 postmaster", stack::killPostgres);
                    pause(settings.downtime());
                    log.act("start PostgreSQL", stack::startPostgres);
                });
    }

    /** Extra instances join the group and leave again, one at a time, for the rest of the load. */
    private static void rebalanceStorm(ChaosStack stack, FaultLog log) {
        for (int cycle = 0; cycle < 3; cycle++) {
            log.act("start a thread-service instance", stack::startExtraThread);
            log.act("start a thread-service instance", stack::startExtraThread);
            log.act("stop a thread-service instance", stack::stopExtraThread);
        }
        while (stack.stopExtraThread()) {
            log.note("stopped a thread-service instance");
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
