package dev.threadline.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void aDeadLetterKeepsTheRecordAsItArrivedAndSaysWhyWhereAndWho() {
        RecordHeaders original = new RecordHeaders();
        original.add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> dead = DeadLetters.of(Topics.THREAD_SERVICE_DLQ, "thread-service",
                new DeadLetters.Source("conversation-events", 3, 42), bytes("c-1"), bytes("value"), original, "invalid", "why");

        assertThat(dead.topic()).isEqualTo("conversation-events.thread-service.dlq");
        assertThat(dead.partition()).isNull();
        assertThat(dead.key()).isEqualTo(bytes("c-1"));
        assertThat(dead.value()).isEqualTo(bytes("value"));
        assertThat(values(dead, "traceparent")).containsExactly("00-abc-01");
        assertThat(values(dead, DeadLetterHeaders.REASON)).containsExactly("invalid");
        assertThat(values(dead, DeadLetterHeaders.DETAIL)).containsExactly("why");
        assertThat(values(dead, DeadLetterHeaders.SOURCE_TOPIC)).containsExactly("conversation-events");
        assertThat(values(dead, DeadLetterHeaders.SOURCE_PARTITION)).containsExactly("3");
        assertThat(values(dead, DeadLetterHeaders.SOURCE_OFFSET)).containsExactly("42");
        assertThat(values(dead, DeadLetterHeaders.CONSUMER)).containsExactly("thread-service");
    }

    @Test
    void aReDrivenRecordRejectedAgainCarriesOnlyTheLatestReason() {
        ProducerRecord<byte[], byte[]> first = DeadLetters.of(Topics.THREAD_SERVICE_DLQ, "thread-service",
                new DeadLetters.Source("conversation-events", 1, 7), bytes("c-1"), bytes("v"), null, "invalid", "first");

        ProducerRecord<byte[], byte[]> again = DeadLetters.of(Topics.THREAD_SERVICE_DLQ, "thread-service",
                new DeadLetters.Source("conversation-events", 2, 9), bytes("c-1"), bytes("v"), first.headers(), "tenant-mismatch",
                "second");

        assertThat(values(again, DeadLetterHeaders.REASON)).containsExactly("tenant-mismatch");
        assertThat(values(again, DeadLetterHeaders.DETAIL)).containsExactly("second");
        assertThat(values(again, DeadLetterHeaders.SOURCE_OFFSET)).containsExactly("9");
    }

    private static List<String> values(ProducerRecord<byte[], byte[]> record, String name) {
        return StreamSupport.stream(record.headers().headers(name).spliterator(), false).map(Header::value)
                .map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
