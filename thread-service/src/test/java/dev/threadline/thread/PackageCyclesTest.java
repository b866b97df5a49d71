package dev.threadline.thread;

import dev.threadline.testkit.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The thread service's packages depend on each other in one direction only (the controllers on the queries and the
 * JSON views, the queries and the projection on the shared persistence parts, never back).
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.threadline.thread");
    }
}
