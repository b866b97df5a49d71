package dev.threadline.localstack;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code ./threadline up} watches its components.
 *
 * @param probeInterval     how often each component is checked: is its process there, does it answer
 * @param firstBackoff      the wait before the first restart of a component that ended
 * @param maxBackoff        the longest wait between restarts; each failed attempt doubles the wait up to it
 * @param stableAfter       a restarted component that stays up this long starts again from {@code firstBackoff}
 * @param unresponsiveLimit how long a component may be alive but not answer before it is killed and restarted
 * @param failFast          stop everything on the first component that ends, instead of restarting it
 */
record SupervisionSettings(Duration probeInterval, Duration firstBackoff, Duration maxBackoff, Duration stableAfter,
        Duration unresponsiveLimit, boolean failFast) {

    /**
     * Five minutes before an unresponsive component is killed: far longer than a GC pause, a checkpoint or crash
     * recovery on a busy laptop, and a process someone stopped on purpose (SIGSTOP, a debugger) is left alone
     * for a while; beyond that it is more likely wedged than paused.
     */
    static final Duration UNRESPONSIVE_LIMIT = Duration.ofMinutes(5);

    SupervisionSettings {
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(stableAfter, "stableAfter");
        Objects.requireNonNull(unresponsiveLimit, "unresponsiveLimit");
    }

    /** Probe every second; restart after 1 s, 2 s, 4 s … at most 30 s apart; reset after 60 s up. */
    static SupervisionSettings defaults(boolean failFast) {
        return new SupervisionSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(60), UNRESPONSIVE_LIMIT, failFast);
    }

    RestartBackoff newBackoff() {
        return new RestartBackoff(firstBackoff, maxBackoff);
    }
}
