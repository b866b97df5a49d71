package dev.threadline.thread.messaging;

import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.persistence.DatabaseFailure;
import dev.threadline.thread.projection.OffsetStore;
import dev.threadline.thread.projection.StaleBatchException;
import dev.threadline.thread.service.ConversationProjection;
import dev.threadline.thread.service.EventRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes conversation-events on its own thread and hands each polled batch to a projection (the
 * read model's or the search index's); {@link ConversationEventConsumers} runs as many as configured.
 *
 * <p>Offsets live in PostgreSQL, written with the data, and the consumer never trusts a position it
 * has not read from there (it copies them to Kafka's group offsets after each batch, for lag monitoring only): on assignment, and after every failed or stale batch, it seeks each
 * partition to its stored offset. It also remembers the offset it last stored, and the projection
 * commits a batch only if the stored offset is still exactly that one — so a commit PostgreSQL lost in
 * a crash, or a position moved by another consumer, is noticed and the records are applied again.
 *
 * <p>A batch that failed on the database is rolled back as a whole and retried after a jittered,
 * growing backoff, at half its size each time (down to one record), so a batch too big to finish in
 * time is split rather than abandoned; the size grows back with each success. While the stored offsets
 * cannot be read, the partitions are paused and polling goes on, so the consumer keeps its place in the group.
 */
final class ConversationEventConsumer extends PollingConsumer<String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationEventConsumer.class);

    private final ThreadKafkaConfig config;
    private final String groupId;
    private final ConversationProjection projection;
    private final OffsetStore offsets;
    /** Per assigned partition, the offset this consumer last read from or wrote to PostgreSQL; absent if no row. */
    private final Map<TopicPartition, Long> storedOffsets = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final ConsumerHealth health;
    private final ConsumerMeters.Projection meters;
    private final ConsumerMeters.ConsumerLag lag;
    private boolean repositionPending;
    private int batchLimit;
    /** The instance's read-model lag: reported to by a read-model consumer, read by a search consumer. */
    private final ReadModelBacklog backlog;
    private final boolean readModel;
    /** Whether this search consumer has paused its partitions to give way to the read model. */
    private boolean givingWay;

    ConversationEventConsumer(String threadName, String groupId, ThreadKafkaConfig config, Map<String, Object> settings,
                              ConversationProjection projection, OffsetStore offsets, ConsumerHealth health,
                              ConsumerMeters clientMeters, ConsumerMeters.Projection meters, ReadModelBacklog backlog,
                              boolean readModel) {
        super(dev.threadline.schemas.topics.Topics.CONVERSATION_EVENTS.name(), threadName, settings,
                new StringDeserializer(), new ByteArrayDeserializer(), config.pollTimeout(),
                new RetryBackoff(config.retryBackoff(), config.retryBackoffMax()), clientMeters);
        this.meters = meters;
        this.lag = clientMeters.lag(groupId);
        this.config = config;
        this.groupId = groupId;
        this.projection = projection;
        this.offsets = offsets;
        this.health = health;
        this.batchLimit = config.maxPollRecords();
        this.backlog = backlog;
        this.readModel = readModel;
        start();
    }

    @Override
    void handle(ConsumerRecords<String, byte[]> records) {
        PolledBatch batch = PolledBatch.decode(records, batchLimit);
        lag.batch(behind() + records.count() - batch.size(), batch.size(), batch.oldestTimestamp());
        long began = System.nanoTime();
        try {
            List<EventRecord> applied = projection.apply(groupId, batch.events(), batch.rejected(),
                    expectedOffsets(batch.nextOffsets().keySet()), batch.nextOffsets());
            meters.committed(applied, batch.size(), Duration.ofNanos(System.nanoTime() - began));
            lag.applied(batch.newestTimestamp());
            if (readModel && batch.oldestTimestamp() >= 0) {
                backlog.committed(this, System.currentTimeMillis(), batch.oldestTimestamp());
            }
            storedOffsets.putAll(batch.nextOffsets());
            batch.untaken().forEach(consumer::seek);
            mirrorToKafka(batch.nextOffsets());
            backoff().reset();
            batchLimit = Math.min(config.maxPollRecords(), batchLimit * 2);
            health.progressed(this);
        } catch (StaleBatchException e) {
            meters.failed(Duration.ofNanos(System.nanoTime() - began));
            LOG.warn("{}; resuming from the stored offsets", e.getMessage());
            repositionOrPause(assigned);
        } catch (SQLException | RuntimeException e) {
            meters.failed(Duration.ofNanos(System.nanoTime() - began));
            retryLater(batch, e);
        }
    }

    /** Records of the assigned partitions beyond the consumer's position, as far as the last fetch tells. */
    private long behind() {
        long behind = 0;
        for (TopicPartition partition : consumer.assignment()) {
            behind += consumer.currentLag(partition).orElse(0);
        }
        return behind;
    }

    /**
     * Tells Kafka the offsets just stored, for what reads a group's lag there (stats-streams' {@code GET
     * /v1/stats/pipeline}, {@code kafka-consumer-groups.sh}). Never read back: positions come from PostgreSQL only, so
     * a commit that fails or lands late (during a rebalance) leaves a figure stale for a batch and nothing else.
     */
    private void mirrorToKafka(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        try {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    LOG.debug("Offsets not mirrored to Kafka: {}", error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Offsets not mirrored to Kafka: {}", e.toString());
        }
    }

    private void retryLater(PolledBatch batch, Exception error) {
        Duration wait = backoff().next();
        batchLimit = Math.max(1, batch.size() / 2);
        health.failed(this, error);
        String cause = error instanceof SQLException sql
                ? DatabaseFailure.of(sql) + " " + DatabaseFailure.sqlState(sql) + ": " + sql.getMessage() : error.toString();
        LOG.warn("Batch of {} records not applied (attempt {}), retrying in {} ms with at most {} records: {}",
                batch.size(), backoff().failures(), wait.toMillis(), batchLimit, cause);
        sleep(wait);
        repositionOrPause(assigned);
    }

    private Map<TopicPartition, Long> expectedOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> expected = new HashMap<>();
        for (TopicPartition partition : partitions) {
            expected.put(partition, storedOffsets.getOrDefault(partition, OffsetStore.NO_ROW));
        }
        return expected;
    }

    /**
     * While the stored offsets cannot be read, asks PostgreSQL again before every poll, without a backoff of its own:
     * the attempt itself waits up to the pool's connection timeout for a connection, and the poll of the paused
     * partitions up to the poll timeout, so it asks every few seconds and resumes within about a poll of the
     * database's return (a growing backoff here cost up to 5 s more after every PostgreSQL restart).
     */
    @Override
    void beforePoll() {
        lag.behind(behind());
        if (repositionPending && !isStopping()) {
            repositionOrPause(assigned);
        } else if (!readModel && config.searchYieldLag().isPositive()) {
            giveWayToTheReadModel();
        }
    }

    /**
     * Pauses this search consumer while the read model is more than {@code search-yield-lag} behind, and resumes it
     * once the read model is within half of that: after an outage or a restart the database applies the read model's
     * backlog first, and search catches up after it. Under a load the read model keeps up with, its lag stays well
     * below the bound and search never waits.
     */
    private void giveWayToTheReadModel() {
        Duration behind = backlog.lag(System.currentTimeMillis());
        if (!givingWay && behind.compareTo(config.searchYieldLag()) > 0) {
            givingWay = true;
            LOG.info("Search indexing waits: the read model is {} ms behind", behind.toMillis());
        } else if (givingWay && behind.compareTo(config.searchYieldLag().dividedBy(2)) <= 0) {
            givingWay = false;
            consumer.resume(consumer.paused());
            LOG.info("Search indexing resumes: the read model is {} ms behind", behind.toMillis());
        }
        if (givingWay) {
            // Partitions assigned while giving way are paused too.
            consumer.pause(assigned);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
        repositionOrPause(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        partitions.forEach(storedOffsets::remove);
        // A batch that kept failing went with its partitions; the next attempt, here or at the new owner, reports anew.
        health.progressed(this);
    }

    /**
     * Seeks the partitions to their stored offsets. If PostgreSQL cannot tell them, the whole assignment is paused
     * until it can: polling goes on (the consumer stays in the group) but returns nothing.
     */
    private void repositionOrPause(Collection<TopicPartition> partitions) {
        try {
            Set<TopicPartition> targets = new HashSet<>(repositionPending ? assigned : partitions);
            seekToStored(targets);
            if (repositionPending) {
                consumer.resume(consumer.paused());
                repositionPending = false;
                givingWay = false;
                // The database answers again; an idle consumer may have no batch to prove it with.
                health.progressed(this);
                LOG.info("Stored offsets readable again; consuming {} partitions", targets.size());
            }
        } catch (SQLException e) {
            if (!repositionPending) {
                LOG.warn("Cannot read stored offsets ({}); partitions paused until PostgreSQL answers", e.toString());
            }
            health.failed(this, e);
            repositionPending = true;
            consumer.pause(assigned);
        }
    }

    private void seekToStored(Set<TopicPartition> partitions) throws SQLException {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = offsets.load(groupId, partitions);
        Set<TopicPartition> fresh = new HashSet<>();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            if (next == null) {
                storedOffsets.remove(partition);
                fresh.add(partition);
            } else {
                storedOffsets.put(partition, next);
                consumer.seek(partition, next);
            }
        }
        if (!fresh.isEmpty()) {
            // Careful: an empty list would mean "every assigned partition" to Kafka.
            consumer.seekToBeginning(fresh);
        }
    }
}
