package dev.threadline.testkit.cycles.acyclic.b;

/** The lower package of PackageCyclesTest's cycle-free fixture. */
public final class Lower {
}
