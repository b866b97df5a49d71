package dev.threadline.stats.pipeline;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.stats.config.KafkaConnection;
import dev.threadline.stats.config.PipelineConfig;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.streams.StatsUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How far each watched consumer group is behind conversation-events, and how fast the topic grows, asked of the
 * brokers with the Admin client: end offsets as a read_committed consumer sees them (the last stable offsets), the
 * groups' committed offsets and states, and the age of each group's oldest unconsumed record. One look answers every
 * request for {@code threadline.pipeline.refresh} (1 s), so consoles polling it cost the brokers nothing more; the
 * rates compare the look with the oldest of the last {@value #RATE_SPAN_SECONDS} s, so they need a second look.
 */
@Singleton
public class PipelineHealth implements AutoCloseable {

    static final int RATE_SPAN_SECONDS = 10;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);
    private static final String UNKNOWN_GROUP = "Dead";
    private static final String UNREADABLE_GROUP = "Unknown";

    /** A group's committed offsets on the topic, or why they could not be read. */
    private record Committed(Map<TopicPartition, Long> offsets, String error) {
    }

    /** One look's totals, kept for the rates. */
    private record Look(long atNanos, long endOffsets, Map<String, Long> positions) {
    }

    private final String topic = Topics.CONVERSATION_EVENTS.name();
    private final List<String> groups;
    private final Duration refresh;
    private final Admin admin;
    private final OldestUnconsumedRecords ages;
    private final Deque<Look> looks = new ArrayDeque<>();
    private PipelineView latest;
    private long latestAtNanos;

    @Inject
    public PipelineHealth(PipelineConfig config, StatsConfig stats, KafkaConnection kafka, KafkaClientSecurity security) {
        this(config.groupsOr(stats.applicationId()), config.refresh(),
                security.addTo(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())),
                stats.applicationId() + "-pipeline");
    }

    /** @param clientSettings the brokers and login of the Admin client and the consumer that reads record ages */
    public PipelineHealth(List<String> groups, Duration refresh, Map<String, Object> clientSettings, String clientId) {
        this.groups = List.copyOf(groups);
        this.refresh = refresh;
        Map<String, Object> admin = new HashMap<>(clientSettings);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis());
        this.admin = Admin.create(admin);
        Map<String, Object> consumer = new HashMap<>(clientSettings);
        consumer.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-ages");
        this.ages = new OldestUnconsumedRecords(consumer);
    }

    /**
     * The latest look, taken now if the one before is older than the refresh interval.
     *
     * @throws StatsUnavailableException if the brokers do not answer
     */
    public synchronized PipelineView current() {
        long now = System.nanoTime();
        if (latest == null || now - latestAtNanos >= refresh.toNanos()) {
            latest = look();
            latestAtNanos = now;
        }
        return latest;
    }

    private PipelineView look() {
        long atNanos = System.nanoTime();
        Instant at = Instant.now();
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<String, Committed> committed = committed(partitions);
        Map<String, String> states = new HashMap<>();
        Map<String, Integer> members = new HashMap<>();
        describe(states, members);
        List<TopicPartition> uncommitted = partitions.stream().filter(p -> committed.values().stream()
                .anyMatch(c -> c.offsets() != null && !c.offsets().containsKey(p))).toList();
        Map<TopicPartition, Long> start = uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());

        Map<String, Long> positions = new LinkedHashMap<>();
        Map<String, Map<TopicPartition, Long>> positionsByGroup = new LinkedHashMap<>();
        for (String group : groups) {
            Map<TopicPartition, Long> offsets = committed.get(group).offsets();
            if (offsets != null) {
                Map<TopicPartition, Long> position = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    position.put(partition, offsets.getOrDefault(partition, start.getOrDefault(partition, 0L)));
                }
                positionsByGroup.put(group, position);
                positions.put(group, position.values().stream().mapToLong(Long::longValue).sum());
            }
        }
        Look look = new Look(atNanos, end.values().stream().mapToLong(Long::longValue).sum(), positions);
        Look oldest = remember(look);

        List<PipelineView.GroupLag> lags = new ArrayList<>();
        for (String group : groups) {
            String state = states.get(group);
            int count = members.getOrDefault(group, 0);
            Map<TopicPartition, Long> position = positionsByGroup.get(group);
            if (position == null) {
                lags.add(new PipelineView.GroupLag(group, state, count, null, null, null, committed.get(group).error()));
                continue;
            }
            long lag = partitions.stream().mapToLong(p -> Math.max(0, end.get(p) - position.get(p))).sum();
            Long ageMillis = ages.oldestMillis(position, end);
            Long before = oldest == null ? null : oldest.positions().get(group);
            lags.add(new PipelineView.GroupLag(group, state, count, lag, ageMillis == null ? null : ageMillis / 1000.0,
                    before == null ? null : rate(oldest, look, look.positions().get(group) - before), null));
        }
        return new PipelineView(at, topic, partitions.size(), look.endOffsets(),
                rate(oldest, look, oldest == null ? 0 : look.endOffsets() - oldest.endOffsets()), lags);
    }

    /** Keeps {@code look} and returns the oldest earlier one within the rate span, null if there is none. */
    private Look remember(Look look) {
        long span = TimeUnit.SECONDS.toNanos(RATE_SPAN_SECONDS);
        while (!looks.isEmpty() && look.atNanos() - looks.getFirst().atNanos() > span) {
            looks.removeFirst();
        }
        Look oldest = looks.peekFirst();
        looks.addLast(look);
        return oldest;
    }

    private static Double rate(Look from, Look to, long delta) {
        if (from == null || to.atNanos() <= from.atNanos()) {
            return null;
        }
        return Math.max(0, delta) * 1e9 / (to.atNanos() - from.atNanos());
    }

    private List<TopicPartition> partitions() {
        return ask(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /** The partitions' offsets as a read_committed consumer sees them: the latest is the last stable offset. */
    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> wanted = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ask(admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /**
     * Each group's committed offsets on the topic (none for a group the brokers do not know), or why they could not be
     * read (a group this service may not describe).
     */
    private Map<String, Committed> committed(List<TopicPartition> partitions) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = groups.stream().collect(Collectors.toMap(g -> g,
                g -> new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
        var result = admin.listConsumerGroupOffsets(specs);
        Map<String, Committed> committed = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            try {
                result.partitionsToOffsetAndMetadata(group).get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach((partition, at) -> {
                            if (at != null) {
                                offsets.put(partition, at.offset());
                            }
                        });
                committed.put(group, new Committed(offsets, null));
            } catch (ExecutionException e) {
                committed.put(group, new Committed(null, e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage()));
            } catch (TimeoutException e) {
                throw new StatsUnavailableException("Kafka did not answer within " + ASK_TIMEOUT.toMillis() + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatsUnavailableException("Interrupted while asking Kafka", e);
            }
        }
        return committed;
    }

    /**
     * Each group's state and members as the brokers report them: {@value #UNKNOWN_GROUP} without members for a group
     * they do not know, {@value #UNREADABLE_GROUP} for one they would not describe.
     */
    private void describe(Map<String, String> states, Map<String, Integer> members) {
        admin.describeConsumerGroups(groups).describedGroups().forEach((group, future) -> {
            try {
                ConsumerGroupDescription description = future.get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                states.put(group, description.groupState().toString());
                members.put(group, description.members().size());
            } catch (ExecutionException e) {
                states.put(group, e.getCause() instanceof GroupIdNotFoundException ? UNKNOWN_GROUP : UNREADABLE_GROUP);
            } catch (TimeoutException e) {
                throw new StatsUnavailableException("Kafka did not describe group " + group + " in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatsUnavailableException("Interrupted while asking Kafka", e);
            }
        });
    }

    private static <T> T ask(KafkaFuture<T> future) {
        try {
            return future.get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StatsUnavailableException("Kafka did not answer: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StatsUnavailableException("Kafka did not answer within " + ASK_TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatsUnavailableException("Interrupted while asking Kafka", e);
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        ages.close();
        admin.close(Duration.ofSeconds(1));
    }
}
