package dev.threadline.thread.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PolledBatchTest {

    private static final String TOPIC = Topics.CONVERSATION_EVENTS.name();
    private final TopicPartition p0 = new TopicPartition(TOPIC, 0);
    private final TopicPartition p1 = new TopicPartition(TOPIC, 1);

    @Test
    void batchWithinTheLimitIsTakenWhole() {
        // Given three records on two partitions
        ConsumerRecords<String, byte[]> records = records(Map.of(p0, List.of(10L, 11L), p1, List.of(7L)));

        // When a batch of up to ten is taken
        PolledBatch batch = PolledBatch.decode(records, 10);

        // Then all are taken and each partition moves past its last record
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.nextOffsets()).containsEntry(p0, 12L).containsEntry(p1, 8L);
        assertThat(batch.untaken()).isEmpty();
    }

    @Test
    void smallerLimitTakesTheHeadOfThePartitionsAndSaysWhereTheRestStarts() {
        // Given three records on partition 0 and one on partition 1, in that order
        Map<TopicPartition, List<Long>> offsets = new LinkedHashMap<>();
        offsets.put(p0, List.of(10L, 11L, 12L));
        offsets.put(p1, List.of(7L));

        // When only two may be taken
        PolledBatch batch = PolledBatch.decode(records(offsets), 2);

        // Then the head of partition 0 is taken, and the rest of both is to be read again from its first record
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.nextOffsets()).containsOnly(Map.entry(p0, 12L));
        assertThat(batch.untaken()).containsOnly(Map.entry(p0, 12L), Map.entry(p1, 7L));
        // And undecodable records are rejected with their reason, not dropped
        assertThat(batch.rejected()).hasSize(2).allSatisfy(r -> assertThat(r.reason()).isEqualTo("malformed"));
    }

    private static ConsumerRecords<String, byte[]> records(Map<TopicPartition, List<Long>> offsets) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
        offsets.forEach((partition, list) -> {
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            for (long offset : list) {
                records.add(new ConsumerRecord<>(TOPIC, partition.partition(), offset, "key", "not avro".getBytes(StandardCharsets.UTF_8)));
            }
            byPartition.put(partition, records);
        });
        return new ConsumerRecords<>(byPartition, Map.of());
    }
}
