package dev.threadline.e2e.chaos;

/**
 * One chaos scenario: a load at {@code rate} commands per second and, unless it is a plain load, a fault injected
 * into the running stack while the load goes on.
 *
 * @param name        short name, used in the report and by {@code -Dchaos.scenarios}
 * @param description what happens, for the report
 * @param rate        commands per second
 * @param cluster     true: runs on the three-broker cluster; false: on the single-broker stack
 * @param fault       what to do to the stack; null for none
 */
record Scenario(String name, String description, int rate, boolean cluster, Fault fault) {

    /** Something done to the running stack; it returns once whatever it broke was started again. */
    @FunctionalInterface
    interface Fault {
        void inject(ChaosStack stack, FaultLog log) throws Exception;
    }
}
