package dev.threadline.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.commands.NewMessage;
import dev.threadline.commands.PostMessage;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.Actor;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.Role;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicHasAUniqueName() {
        assertThat(Topics.all()).extracting(Topic::name).doesNotHaveDuplicates();
    }

    @Test
    void conversationEventsHasTwelvePartitionsByDefault() {
        assertThat(Topics.CONVERSATION_EVENTS.partitions()).isEqualTo(12);
    }

    @Test
    void latestValueTopicsAreCompacted() {
        assertThat(Topics.CONVERSATION_METRICS.config()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.STATUS_COUNTS.config()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.CONVERSATION_EVENTS.config()).doesNotContainKey("cleanup.policy");
    }

    @Test
    void registryListsTheIntakeAnalyticsAndDeadLetterTopics() {
        assertThat(Topics.all()).contains(
                Topics.CONVERSATION_EVENTS, Topics.CONVERSATION_COMMANDS, Topics.CONVERSATION_METRICS,
                Topics.RESPONSE_TIME_STATS, Topics.SENTIMENT_STATS, Topics.STATUS_COUNTS,
                Topics.CONVERSATION_COMMANDS_DLQ, Topics.THREAD_SERVICE_DLQ, Topics.STATS_STREAMS_DLQ);
    }

    @Test
    void conversationEventsSerdesRoundTripKeyAndValue() {
        Topic<String, ConversationEvent> topic = Topics.CONVERSATION_EVENTS;
        ConversationEvent event = ConversationEvent.newBuilder()
                .setEventId("e-1").setConversationId("c-1")
                .setOccurredAt(Instant.ofEpochMilli(1_000)).setIngestedAt(Instant.ofEpochMilli(2_000))
                .setActor(new Actor(null, Role.system)).setSource("test")
                .setPayload(ConversationStarted.newBuilder().setKind(ConversationKind.group).build())
                .build();

        byte[] key = topic.keySerde().serializer().serialize(topic.name(), "c-1");
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event);

        assertThat(topic.keySerde().deserializer().deserialize(topic.name(), key)).isEqualTo("c-1");
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), value)).isEqualTo(event);
    }

    @Test
    void conversationCommandsSerdesRoundTripKeyAndValue() {
        // Given a command as another service would produce it to the intake
        Topic<String, ConversationCommandRecord> topic = Topics.CONVERSATION_COMMANDS;
        ConversationCommandRecord command = ConversationCommandRecord.newBuilder()
                .setCommandId("cmd-1").setIssuedAt(Instant.ofEpochMilli(3_000)).setSource("booking-service")
                .setCommand(PostMessage.newBuilder().setConversationId("c-1")
                        .setMessage(NewMessage.newBuilder().setSenderId("u-1").setSenderRole(Role.user).setContent("hi").build())
                        .build())
                .build();

        // When key and value go through the topic's serdes
        byte[] key = topic.keySerde().serializer().serialize(topic.name(), "c-1");
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), command);

        // Then they come back unchanged
        assertThat(topic.keySerde().deserializer().deserialize(topic.name(), key)).isEqualTo("c-1");
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), value)).isEqualTo(command);
    }

    @Test
    void analyticsTopicsCarryTheirAvroRecords() {
        // Given a windowed aggregate and status counts as stats-streams publishes them
        WindowedMetric metric = WindowedMetric.newBuilder()
                .setMetric(MetricName.first_response_time).setDimension(Dimension.kind).setDimensionValue("support")
                .setWindowStart(Instant.ofEpochMilli(0)).setWindowEnd(Instant.ofEpochMilli(3_600_000))
                .setCount(2).setSum(3_000).setMin(1_000).setMax(2_000).setMean(1_500)
                .setP50(1_000).setP90(2_000).setP99(2_000).setFinal$(true)
                .build();
        StatusCounts counts = StatusCounts.newBuilder()
                .setDimension(Dimension.all).setDimensionValue("all").setOpen(3).setPending(1).setResolved(7)
                .setUpdatedAt(Instant.ofEpochMilli(5_000))
                .build();

        // When they go through their topics' serdes
        var responseTimes = Topics.RESPONSE_TIME_STATS;
        var statusCounts = Topics.STATUS_COUNTS;
        byte[] metricBytes = responseTimes.valueSerde().serializer().serialize(responseTimes.name(), metric);
        byte[] countBytes = statusCounts.valueSerde().serializer().serialize(statusCounts.name(), counts);

        // Then they come back unchanged
        assertThat(responseTimes.valueSerde().deserializer().deserialize(responseTimes.name(), metricBytes)).isEqualTo(metric);
        assertThat(Topics.SENTIMENT_STATS.valueSerde().deserializer().deserialize("sentiment-stats", metricBytes)).isEqualTo(metric);
        assertThat(statusCounts.valueSerde().deserializer().deserialize(statusCounts.name(), countBytes)).isEqualTo(counts);
    }
}
