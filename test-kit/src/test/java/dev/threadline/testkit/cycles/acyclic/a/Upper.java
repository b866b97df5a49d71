package dev.threadline.testkit.cycles.acyclic.a;

import dev.threadline.testkit.cycles.acyclic.b.Lower;

/** Packages in one direction, for PackageCyclesTest: a uses b, b nothing back. */
public final class Upper {

    public Lower below() {
        return new Lower();
    }
}
