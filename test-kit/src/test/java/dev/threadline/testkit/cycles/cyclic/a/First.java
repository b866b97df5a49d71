package dev.threadline.testkit.cycles.cyclic.a;

import dev.threadline.testkit.cycles.cyclic.b.Second;

/** Half of a package cycle, for PackageCyclesTest: a uses b. */
public final class First {

    public Second next() {
        return new Second();
    }
}
