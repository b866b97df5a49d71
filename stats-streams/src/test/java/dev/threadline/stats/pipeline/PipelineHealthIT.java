package dev.threadline.stats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.testkit.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's health as the brokers tell it, on the shared broker: a group's lag is the end offsets minus its
 * committed offsets, its time behind the age of its oldest unconsumed record, and the rates come with a second look.
 * Other tests may write to conversation-events meanwhile, so lags are checked against the end offsets the same look saw.
 */
class PipelineHealthIT {

    private static final String TOPIC = Topics.CONVERSATION_EVENTS.name();
    private static final Map<String, Object> CLIENT = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestInfrastructure.shared().kafkaBootstrapServers());

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(CLIENT);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void aGroupBehindShowsItsLagInOffsetsAndTheAgeOfItsOldestRecord() throws Exception {
        // Given a group committed at the topic's end, and three events produced a minute after their records' time
        String group = "pipeline-it-" + UUID.randomUUID();
        Map<TopicPartition, Long> committedAt = commitAtEnd(group);
        produce(3, Instant.now().minusSeconds(60));
        try (PipelineHealth health = new PipelineHealth(List.of(group), Duration.ZERO, CLIENT, "pipeline-it")) {
            // When the pipeline is looked at
            PipelineView view = health.current();

            // Then the group is three or more offsets behind, exactly what the look's end offsets say, and a minute
            PipelineView.GroupLag lag = view.groups().getFirst();
            assertThat(view.topic()).isEqualTo(TOPIC);
            assertThat(view.partitions()).isEqualTo(Topics.CONVERSATION_EVENTS.partitions());
            assertThat(lag.group()).isEqualTo(group);
            assertThat(lag.lag()).isGreaterThanOrEqualTo(3).isEqualTo(view.endOffsets() - sum(committedAt));
            assertThat(lag.secondsBehind()).isNotNull().isGreaterThanOrEqualTo(59.0);
            // a group without members is Empty to the brokers
            assertThat(lag.members()).isZero();
            assertThat(lag.state()).isEqualTo("Empty");
            // and a first look has no rates yet
            assertThat(view.inputRate()).isNull();
            assertThat(lag.consumeRate()).isNull();
        }
    }

    @Test
    void aGroupThatCaughtUpIsNoSecondBehindAndTheSecondLookHasRates() throws Exception {
        // Given a group that is behind by two events
        String group = "pipeline-it-" + UUID.randomUUID();
        commitAtEnd(group);
        produce(2, Instant.now());
        try (PipelineHealth health = new PipelineHealth(List.of(group), Duration.ZERO, CLIENT, "pipeline-it")) {
            PipelineView first = health.current();
            assertThat(first.groups().getFirst().lag()).isGreaterThanOrEqualTo(2);

            // When it commits the end offsets, and the pipeline is looked at again
            Map<TopicPartition, Long> committedAt = commitAtEnd(group);
            Thread.sleep(200);
            PipelineView second = health.current();

            // Then its lag is what arrived since (nothing, unless another test wrote), and the rates are measured
            PipelineView.GroupLag lag = second.groups().getFirst();
            assertThat(lag.lag()).isEqualTo(second.endOffsets() - sum(committedAt));
            if (lag.lag() == 0) {
                assertThat(lag.secondsBehind()).isEqualTo(0.0);
            }
            assertThat(second.inputRate()).isNotNull().isGreaterThanOrEqualTo(0.0);
            assertThat(lag.consumeRate()).isNotNull().isGreaterThan(0.0);
        }
    }

    @Test
    void aGroupTheBrokersDoNotKnowCountsFromTheLogStart() {
        // Given a group that never existed
        String group = "never-" + UUID.randomUUID();
        try (PipelineHealth health = new PipelineHealth(List.of(group), Duration.ofMinutes(1), CLIENT, "pipeline-it")) {
            // When the pipeline is looked at twice within the refresh interval
            PipelineView view = health.current();

            // Then the group is Dead without members, behind by the whole retained log, and the second look is the first
            PipelineView.GroupLag lag = view.groups().getFirst();
            assertThat(lag.state()).isEqualTo("Dead");
            assertThat(lag.members()).isZero();
            assertThat(lag.lag()).isEqualTo(view.endOffsets() - sum(offsets(OffsetSpec.earliest())));
            assertThat(health.current()).isSameAs(view);
        }
    }

    private static Map<TopicPartition, Long> commitAtEnd(String group) throws Exception {
        Map<TopicPartition, Long> end = offsets(OffsetSpec.latest());
        admin.alterConsumerGroupOffsets(group, end.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new OffsetAndMetadata(e.getValue())))).all().get();
        return end;
    }

    private static Map<TopicPartition, Long> offsets(OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> wanted = IntStream.range(0, Topics.CONVERSATION_EVENTS.partitions()).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p), p -> spec));
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        } catch (Exception e) {
            throw new AssertionError("the shared broker does not answer", e);
        }
    }

    /** {@code count} events of a new conversation, timestamped {@code at}. */
    private static void produce(int count, Instant at) throws Exception {
        String conversation = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                ConversationEvent event = i == 0 ? ConversationEvents.started(conversation, at)
                        : ConversationEvents.read(conversation, "user-1", i, at);
                byte[] value = Topics.CONVERSATION_EVENTS.valueSerde().serializer().serialize(TOPIC, event);
                producer.send(new ProducerRecord<>(TOPIC, null, at.toEpochMilli(), conversation, value)).get();
            }
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
