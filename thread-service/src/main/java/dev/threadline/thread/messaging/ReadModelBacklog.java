package dev.threadline.thread.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far behind this instance's read model is, in time: each read-model consumer reports the produce time of the
 * oldest record of every batch it commits (a batch spans several partitions, and the oldest tells how far the one
 * furthest behind is), and the lag is the largest gap between a commit and that time over the consumers that
 * committed recently. The search indexer gives way while it is large
 * ({@code threadline.kafka.search-yield-lag}), so that after an outage PostgreSQL's time goes to the read model first.
 */
final class ReadModelBacklog {

    /** A consumer that committed nothing for this long has nothing to catch up with (or cannot commit at all). */
    static final Duration RECENT = Duration.ofSeconds(2);

    private record Commit(long atMillis, long oldestRecordMillis) {
    }

    private final Map<Object, Commit> commits = new ConcurrentHashMap<>();

    /** A read-model consumer committed a batch whose oldest record was produced at {@code oldestRecordMillis}. */
    void committed(Object consumer, long atMillis, long oldestRecordMillis) {
        commits.put(consumer, new Commit(atMillis, oldestRecordMillis));
    }

    /** The read model's lag at {@code nowMillis}: 0 when no consumer committed within {@link #RECENT}. */
    Duration lag(long nowMillis) {
        long lag = 0;
        for (Commit commit : commits.values()) {
            if (nowMillis - commit.atMillis() <= RECENT.toMillis()) {
                lag = Math.max(lag, commit.atMillis() - commit.oldestRecordMillis());
            }
        }
        return Duration.ofMillis(lag);
    }
}
