package dev.threadline.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where the intake continues after a transaction of unknown outcome: the batch polled when it resumes is not executed,
 * so no partition may be left past it.
 */
class ResumeAfterUnknownOutcomeTest {

    private static final String TOPIC = Topics.CONVERSATION_COMMANDS.name();
    private static final TopicPartition COMMITTED_BEFORE = new TopicPartition(TOPIC, 0);
    private static final TopicPartition NEVER_COMMITTED = new TopicPartition(TOPIC, 1);

    @Test
    void aPartitionWithACommittedOffsetContinuesThereAndOneWithoutFromTheBatchItWasPolledWith() {
        // Given a consumer of two partitions, of which only the first had a batch committed (up to offset 2)
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer.assign(List.of(COMMITTED_BEFORE, NEVER_COMMITTED));
        consumer.updateBeginningOffsets(Map.of(COMMITTED_BEFORE, 0L, NEVER_COMMITTED, 0L));
        consumer.commitSync(Map.of(COMMITTED_BEFORE, new OffsetAndMetadata(2)));
        consumer.seek(COMMITTED_BEFORE, 2);
        consumer.seek(NEVER_COMMITTED, 0);
        for (long offset = 0; offset < 5; offset++) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 1, offset, new byte[0], new byte[0]));
            if (offset >= 2) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, new byte[0], new byte[0]));
            }
        }
        // And the batch polled when the intake resumes, which moved both positions past it
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ZERO);
        assertThat(polled.count()).isEqualTo(8);
        assertThat(consumer.position(NEVER_COMMITTED)).isEqualTo(5);

        // When the intake resumes after the unknown outcome
        CommandIntake.resumeAfterUnknownOutcome(polled, consumer);

        // Then the first partition continues from its committed offset and the second from its first polled record
        assertThat(consumer.position(COMMITTED_BEFORE)).isEqualTo(2);
        assertThat(consumer.position(NEVER_COMMITTED)).isZero();
    }
}
