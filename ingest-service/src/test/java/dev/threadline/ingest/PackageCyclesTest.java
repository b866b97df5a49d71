package dev.threadline.ingest;

import dev.threadline.testkit.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The ingest service's packages depend on each other in one direction only: {@code api} → {@code service} →
 * {@code messaging}/{@code persistence} → {@code command} → {@code config}, never back.
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.threadline.ingest");
    }
}
