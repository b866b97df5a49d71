package dev.threadline.thread.messaging;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the event consumers report about themselves, for readiness: a consumer whose last batch failed on the
 * database (and has not applied one since) cannot do its job, and says why.
 */
@Singleton
public class ConsumerHealth {

    /** Since when a consumer has been failing, and the last reason. */
    public record Failing(Instant since, String reason) {
    }

    private final Map<Object, Failing> failing = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    void progressed(Object consumer) {
        failing.remove(consumer);
    }

    void failed(Object consumer, Exception error) {
        String reason = error.getClass().getSimpleName();
        failing.compute(consumer, (key, previous) -> new Failing(previous == null ? clock.instant() : previous.since(), reason));
    }

    /** The consumer failing the longest, if any is. */
    public Optional<Failing> longestFailing() {
        return failing.values().stream().min((a, b) -> a.since().compareTo(b.since()));
    }
}
