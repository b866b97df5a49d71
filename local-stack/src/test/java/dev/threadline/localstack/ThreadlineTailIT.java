package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Role;
import dev.threadline.schemas.topics.DeadLetters;
import dev.threadline.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./threadline tail} against a real broker: Avro events and a dead letter printed as JSON lines, the key filter,
 * and a topic the registry does not know.
 */
class ThreadlineTailIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    private static KafkaBrokerProcess broker;

    @BeforeAll
    static void brokerWithRecords() throws Exception {
        broker = KafkaBrokerProcess.start(KafkaBrokerProcess.Config.of(data, LocalPorts.findFree(), LocalPorts.findFree()));
        TopicProvisioner.provision(broker.bootstrapServers(), Topics.all(), (short) 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String conversation : List.of("c-1", "c-2")) {
                producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), 0, bytes(conversation),
                        event(conversation, "hello from " + conversation)));
            }
            // A dead letter of the thread service: the original's bytes with the reason in its headers
            producer.send(DeadLetters.of(Topics.THREAD_SERVICE_DLQ, "thread-service",
                    new DeadLetters.Source(Topics.CONVERSATION_EVENTS.name(), 0, 7), bytes("c-3"), event("c-3", "refused"),
                    null, "tenant-mismatch", "Conversation c-3 belongs to another tenant"));
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eventsArePrintedAsJsonLinesWithTheirValueDecoded() throws Exception {
        List<JsonNode> lines = tail(0, Topics.CONVERSATION_EVENTS.name(), "--from-beginning");

        assertThat(lines).extracting(line -> line.get("key").asText()).containsExactly("c-1", "c-2");
        JsonNode value = lines.getFirst().get("value");
        assertThat(value.get("conversation_id").asText()).isEqualTo("c-1");
        assertThat(value.at("/payload/dev.threadline.events.MessagePosted/content").asText()).isEqualTo("hello from c-1");
        assertThat(lines.getFirst().get("offset").asLong()).isZero();
    }

    @Test
    void theKeyFilterKeepsOneConversation() throws Exception {
        assertThat(tail(0, Topics.CONVERSATION_EVENTS.name(), "--from-beginning", "--key", "c-2"))
                .extracting(line -> line.get("key").asText()).containsExactly("c-2");
    }

    @Test
    void aDeadLetterShowsItsReasonAndTheValueDecodedAsARecordOfItsSourceTopic() throws Exception {
        List<JsonNode> lines = tail(0, Topics.THREAD_SERVICE_DLQ.name(), "--from-beginning");

        assertThat(lines).hasSize(1);
        JsonNode headers = lines.getFirst().get("headers");
        assertThat(headers.get("threadline.dlq.reason").asText()).isEqualTo("tenant-mismatch");
        assertThat(headers.get("threadline.dlq.source.offset").asText()).isEqualTo("7");
        assertThat(lines.getFirst().at("/value/payload/dev.threadline.events.MessagePosted/content").asText()).isEqualTo("refused");
    }

    @Test
    void aTopicOutsideTheRegistryIsAUsageErrorNamingTheTopics() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ThreadlineTail.run(List.of("no-such-topic"), Map.of(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> false);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no topic no-such-topic", "conversation-events", "status-counts");
    }

    private static List<JsonNode> tail(int expectedCode, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", broker.bootstrapServers()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ThreadlineTail.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, () -> false);
        assertThat(code).isEqualTo(expectedCode);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static byte[] event(String conversation, String content) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        ConversationEvent event = ConversationEvent.newBuilder().setEventId("e-" + conversation).setConversationId(conversation)
                .setOccurredAt(at).setIngestedAt(at).setActor(new Actor("user-1", Role.user)).setSource("test")
                .setPayload(MessagePosted.newBuilder().setMessageId("m-" + conversation).setSenderId("user-1")
                        .setSenderRole(Role.user).setContent(content).build())
                .build();
        return Topics.CONVERSATION_EVENTS.valueSerde().serializer().serialize(Topics.CONVERSATION_EVENTS.name(), event);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
