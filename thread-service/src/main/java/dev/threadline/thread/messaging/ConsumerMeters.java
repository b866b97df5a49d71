package dev.threadline.thread.messaging;

import dev.threadline.schemas.events.EventTypes;
import dev.threadline.thread.service.EventRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * What the thread service's consumers tell Prometheus (docs/operations.md, "Metrics"): per projection (read model,
 * search) the events applied by type, the size and duration of each batch transaction, the end-to-end latency from
 * the ingest service's acceptance ({@code ingested_at}) to the committed write, and per consumer group the lag in
 * records and in seconds behind the log end; also the Kafka client metrics of every client the service builds.
 */
@Singleton
public class ConsumerMeters {

    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, List<ConsumerLag>> lagsByGroup = new ConcurrentHashMap<>();

    public ConsumerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Binds a client's Kafka metrics; closing the result removes them. */
    AutoCloseable bind(Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    /** Binds a producer's Kafka metrics; closing the result removes them. */
    AutoCloseable bind(Producer<?, ?> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
    }

    /** The meters of one projection's batches. */
    Projection projection(String name) {
        return new Projection(name);
    }

    /**
     * A consumer's lag, summed (records) and maxed (seconds) with the other consumers of {@code group} in this instance
     * into the group's gauges.
     */
    ConsumerLag lag(String group) {
        ConsumerLag lag = new ConsumerLag(clock);
        lagsByGroup.computeIfAbsent(group, this::registerGroup).add(lag);
        return lag;
    }

    private List<ConsumerLag> registerGroup(String group) {
        List<ConsumerLag> lags = new CopyOnWriteArrayList<>();
        Gauge.builder("threadline.consumer.lag.records", lags, all -> all.stream().mapToLong(ConsumerLag::records).sum())
                .description("Records of conversation-events this instance's consumers of the group have yet to apply")
                .tag("group", group)
                .register(registry);
        Gauge.builder("threadline.consumer.lag.seconds", lags,
                        all -> all.stream().mapToDouble(ConsumerLag::seconds).max().orElse(0))
                .description("How far behind the log end the group's consumers in this instance are: the age of the"
                        + " last record applied while records wait, else 0")
                .tag("group", group)
                .baseUnit("seconds")
                .register(registry);
        return lags;
    }

    /** One projection's meters, shared by its consumers. */
    final class Projection {

        private final String name;
        private final Map<String, Counter> appliedByType = new ConcurrentHashMap<>();
        private final Timer committed;
        private final Timer failed;
        private final DistributionSummary batchSize;
        private final Timer latency;

        private Projection(String name) {
            this.name = name;
            this.committed = batchTimer("committed");
            this.failed = batchTimer("failed");
            this.batchSize = DistributionSummary.builder("threadline.projection.batch.records")
                    .description("Records per batch transaction")
                    .tag("projection", name)
                    .register(registry);
            this.latency = Timer.builder("threadline.end.to.end.latency")
                    .description("From the ingest service's acceptance of an event (ingested_at) to its effect: committed"
                            + " in the read model or the search index, or its conversation's metrics published")
                    .tag("stage", name)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry);
        }

        /** A batch committed: its events are counted by type and their latency recorded. */
        void committed(List<EventRecord> applied, int records, Duration took) {
            committed.record(took);
            batchSize.record(records);
            long now = clock.millis();
            for (EventRecord record : applied) {
                String type = EventTypes.of(record.event());
                appliedByType.computeIfAbsent(type, this::appliedCounter).increment();
                latency.record(Math.max(0, now - record.event().getIngestedAt().toEpochMilli()),
                        TimeUnit.MILLISECONDS);
            }
        }

        /** A batch was rolled back, to be retried. */
        void failed(Duration took) {
            failed.record(took);
        }

        private Counter appliedCounter(String type) {
            return Counter.builder("threadline.events.applied")
                    .description("Events committed by a projection, by type")
                    .tag("projection", name)
                    .tag("type", type)
                    .register(registry);
        }

        private Timer batchTimer(String outcome) {
            return Timer.builder("threadline.projection.batch")
                    .description("Duration of a batch transaction, by outcome")
                    .tag("projection", name)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(1))
                    .register(registry);
        }
    }

    /**
     * One consumer's lag, written by its thread and read by the gauges: the records of its partitions it has yet to
     * apply (up to the last-stable offset, as it reads committed data only: those behind its position, and those of the
     * batch in hand), and the age of the oldest of them — the batch's first record while it is applied or retried, then
     * about the age of the last one applied.
     */
    static final class ConsumerLag {

        private final Clock clock;
        private volatile long records;
        private volatile long oldestTimestamp = -1;

        private ConsumerLag(Clock clock) {
            this.clock = clock;
        }

        /** Before a poll, nothing in hand: {@code behind} records wait. */
        void behind(long behind) {
            this.records = behind;
        }

        /** A polled batch of {@code size} records, the oldest written at {@code oldest}; {@code behind} more wait. */
        void batch(long behind, int size, long oldest) {
            this.oldestTimestamp = oldest;
            this.records = behind + size;
        }

        /** The batch committed; its last record was written at {@code newest}. */
        void applied(long newest) {
            this.oldestTimestamp = newest;
        }

        long records() {
            return records;
        }

        double seconds() {
            long oldest = oldestTimestamp;
            if (records == 0 || oldest < 0) {
                return 0;
            }
            return Math.max(0, clock.millis() - oldest) / 1000.0;
        }
    }
}
