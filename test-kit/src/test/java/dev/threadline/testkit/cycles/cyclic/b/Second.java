package dev.threadline.testkit.cycles.cyclic.b;

import dev.threadline.testkit.cycles.cyclic.a.First;

/** The other half of a package cycle, for PackageCyclesTest: b uses a back. */
public final class Second {

    public First back() {
        return new First();
    }
}
