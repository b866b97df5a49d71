package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.commands.NewMessage;
import dev.threadline.commands.PostMessage;
import dev.threadline.commands.StartConversation;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Participant;
import dev.threadline.events.Role;
import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Kafka intake on the real broker: commands produced to conversation-commands with the schemas
 * jar, as another service would, become events on conversation-events; bad records become dead
 * letters without stopping the intake; a redelivered command yields the same events.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandIntakeIT implements TestPropertyProvider {

    /** The first batch waits for the intake to join its consumer group. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TopicReader topics;
    private KafkaProducer<String, ConversationCommandRecord> commands;
    private KafkaProducer<byte[], byte[]> raw;

    @Override
    public Map<String, String> getProperties() {
        String bootstrapServers = TestInfrastructure.shared().kafkaBootstrapServers();
        topics = new TopicReader(bootstrapServers);
        var topic = Topics.CONVERSATION_COMMANDS;
        commands = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
        raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
        return TestProperties.service("ingest_intake_it");
    }

    @AfterAll
    void close() {
        commands.close();
        raw.close();
        topics.close();
    }

    @Test
    void startWithFirstMessageAndAPostBecomeEventsKeyedByTheConversationInOrder() {
        // Given a support conversation started with a first message, and a reply posted to it
        String conversationId = UUID.randomUUID().toString();
        var start = StartConversation.newBuilder()
                .setConversationId(conversationId).setKind(ConversationKind.support).setTitle("Parcel lost")
                .setParticipants(List.of(new Participant("customer-1", Role.user), new Participant("agent-9", Role.agent)))
                .setFirstMessage(message("customer-1", Role.user, "My parcel never arrived"))
                .build();
        var reply = PostMessage.newBuilder()
                .setConversationId(conversationId).setMessage(message("agent-9", Role.agent, "Let me check that for you")).build();

        // When both are produced to the intake, keyed by the conversation id
        produce(conversationId, envelope(UUID.randomUUID().toString(), start));
        produce(conversationId, envelope(UUID.randomUUID().toString(), reply));

        // Then their three events are on conversation-events, keyed by the conversation id, in order
        List<ConsumerRecord<String, ConversationEvent>> events = eventsOf(conversationId, 3);
        assertThat(events).extracting(e -> e.value().getPayload().getClass().getSimpleName())
                .containsExactly("ConversationStarted", "MessagePosted", "MessagePosted");
        assertThat(events).extracting(ConsumerRecord::key).containsOnly(conversationId);
        assertThat(events).extracting(ConsumerRecord::partition).containsOnly(events.getFirst().partition());
        assertThat(events).extracting(ConsumerRecord::offset).isSorted();
        var started = (ConversationStarted) events.get(0).value().getPayload();
        assertThat(started.getKind()).isEqualTo(ConversationKind.support);
        assertThat(started.getParticipants()).hasSize(2);
        assertThat(((MessagePosted) events.get(1).value().getPayload()).getContent()).isEqualTo("My parcel never arrived");
        assertThat(((MessagePosted) events.get(2).value().getPayload()).getContent()).isEqualTo("Let me check that for you");
        // And they carry the command's tenant, stamped by the ingest service
        assertThat(events).allSatisfy(e -> {
            assertThat(e.value().getTenant()).isEqualTo("acme");
            assertThat(e.value().getSource()).isEqualTo("ingest-service");
        });
    }

    @Test
    void badRecordsAreDeadLetteredWithTheirReasonAndTheIntakeGoesOn() {
        // Given bytes that are not Avro, a record of a schema nobody released, and two commands that break a rule
        String conversationId = UUID.randomUUID().toString();
        byte[] garbage = "{\"not\": \"avro at all\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = Topics.CONVERSATION_COMMANDS.valueSerde().serializer().serialize(Topics.CONVERSATION_COMMANDS.name(),
                envelope(UUID.randomUUID().toString(), post(conversationId, "from the future")));
        Arrays.fill(unknownSchema, 2, 10, (byte) 0x5A);
        var emptyContent = envelope(UUID.randomUUID().toString(), post(conversationId, ""));
        var notAUuid = envelope(UUID.randomUUID().toString(), post("conversation-7", "hello"));

        // When they are produced, and after them a valid command
        RecordMetadata garbageAt = produceRaw("garbage-" + conversationId, garbage);
        RecordMetadata unknownAt = produceRaw("unknown-" + conversationId, unknownSchema);
        RecordMetadata emptyAt = produce("empty-" + conversationId, emptyContent);
        RecordMetadata notAUuidAt = produce("not-a-uuid-" + conversationId, notAUuid);
        produce(conversationId, envelope(UUID.randomUUID().toString(), post(conversationId, "still there?")));

        // Then each bad record is on the dead-letter topic as it arrived, with its reason and source offset
        assertDeadLetter("garbage-" + conversationId, garbageAt, "malformed", "single-object").satisfies(
                record -> assertThat(record.value()).isEqualTo(garbage));
        assertDeadLetter("unknown-" + conversationId, unknownAt, "unknown-schema", "5a5a5a5a5a5a5a5a");
        assertDeadLetter("empty-" + conversationId, emptyAt, "invalid", "message.content: must not be blank");
        assertDeadLetter("not-a-uuid-" + conversationId, notAUuidAt, "invalid", "conversationId: must be a UUID");

        // And the valid command produced after them was still published: the intake did not stop
        List<ConsumerRecord<String, ConversationEvent>> events = eventsOf(conversationId, 1);
        assertThat(((MessagePosted) events.getFirst().value().getPayload()).getContent()).isEqualTo("still there?");
    }

    @Test
    void textNoConsumerCouldStoreIsDeadLetteredWithTheFieldNamed() {
        // Given a command whose content holds NUL, which Avro carries but PostgreSQL cannot store
        // (a lone surrogate never arrives here: Avro's UTF-8 encoding already replaced it on the producer)
        String conversationId = UUID.randomUUID().toString();
        var nul = envelope(UUID.randomUUID().toString(), post(conversationId, "a\u0000b"));

        // When it is produced, and after it a valid command
        RecordMetadata nulAt = produce("nul-" + conversationId, nul);
        produce(conversationId, envelope(UUID.randomUUID().toString(), post(conversationId, "plain text")));

        // Then it is a dead letter naming the field, and only the valid command became an event
        assertDeadLetter("nul-" + conversationId, nulAt, "invalid", "message.content: must not contain NUL");
        List<ConsumerRecord<String, ConversationEvent>> events = eventsOf(conversationId, 1);
        assertThat(events).hasSize(1);
        assertThat(((MessagePosted) events.getFirst().value().getPayload()).getContent()).isEqualTo("plain text");
    }

    @Test
    void commandsOfAnAbortedProducerTransactionAreNeverExecuted() {
        // Given a producer that writes its commands in transactions, as an exactly-once upstream would
        String conversationId = UUID.randomUUID().toString();
        var topic = Topics.CONVERSATION_COMMANDS;
        try (var transactional = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "intake-it-" + conversationId),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            transactional.initTransactions();

            // When one transaction with a command is aborted, and the next one commits another
            transactional.beginTransaction();
            acknowledged(transactional.send(new ProducerRecord<>(topic.name(), conversationId,
                    envelope(UUID.randomUUID().toString(), post(conversationId, "aborted")))));
            transactional.abortTransaction();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic.name(), conversationId,
                    envelope(UUID.randomUUID().toString(), post(conversationId, "committed"))));
            transactional.commitTransaction();
        }

        // Then only the committed command became an event (the intake reads read_committed)
        List<ConsumerRecord<String, ConversationEvent>> events = eventsOf(conversationId, 1);
        assertThat(((MessagePosted) events.getFirst().value().getPayload()).getContent()).isEqualTo("committed");
        assertThat(topics.readAll(Topics.CONVERSATION_EVENTS, r -> conversationId.equals(r.key()), 2, Duration.ofSeconds(2)))
                .as("events of the aborted command").hasSize(1);
    }

    /**
     * A redelivered record yields events with the same ids, derived from its command id. Kafka
     * transactions already keep one delivery of a record from being executed twice; two records
     * with one command id (a producer's retry) publish twice, with identical ids, and the thread
     * service stores one message per message id and ignores a repeated start.
     */
    @Test
    void theSameCommandProducedTwiceYieldsTheSameIds() {
        // Given a start command without a conversation id: the ingest service derives one from the command id
        String title = "Redelivered " + UUID.randomUUID();
        var start = StartConversation.newBuilder()
                .setKind(ConversationKind.ai_chat).setTitle(title)
                .setFirstMessage(message("user-3", Role.user, "Tell me a story"))
                .build();
        ConversationCommandRecord command = envelope(UUID.randomUUID().toString(), start);

        // When the same record is produced twice
        produce(command.getCommandId(), command);
        produce(command.getCommandId(), command);

        // Then both deliveries became the same two events: same conversation, message and event ids
        String conversationId = topics.readAll(Topics.CONVERSATION_EVENTS,
                        r -> r.value().getPayload() instanceof ConversationStarted s && title.equals(s.getTitle()), 1, WAIT)
                .getFirst().key();
        List<ConsumerRecord<String, ConversationEvent>> events = eventsOf(conversationId, 4);
        assertThat(events).extracting(e -> e.value().getPayload().getClass().getSimpleName())
                .containsExactly("ConversationStarted", "MessagePosted", "ConversationStarted", "MessagePosted");
        assertThat(events.subList(2, 4)).extracting(e -> e.value().getEventId())
                .containsExactlyElementsOf(events.subList(0, 2).stream().map(e -> e.value().getEventId()).toList());
        assertThat(((MessagePosted) events.get(3).value().getPayload()).getMessageId())
                .isEqualTo(((MessagePosted) events.get(1).value().getPayload()).getMessageId());
    }

    private org.assertj.core.api.ObjectAssert<ConsumerRecord<byte[], byte[]>> assertDeadLetter(
            String key, RecordMetadata source, String reason, String detail) {
        List<ConsumerRecord<byte[], byte[]>> found = topics.readAll(Topics.CONVERSATION_COMMANDS_DLQ,
                r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)), 1, WAIT);
        assertThat(found).as("dead letter of %s", key).hasSize(1);
        ConsumerRecord<byte[], byte[]> deadLetter = found.getFirst();
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo(reason);
        assertThat(header(deadLetter, DeadLetterHeaders.DETAIL)).contains(detail);
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.CONVERSATION_COMMANDS.name());
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo(Integer.toString(source.partition()));
        assertThat(header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(source.offset()));
        assertThat(header(deadLetter, DeadLetterHeaders.CONSUMER)).isEqualTo("ingest-service");
        return assertThat(deadLetter);
    }

    private List<ConsumerRecord<String, ConversationEvent>> eventsOf(String conversationId, int expected) {
        List<ConsumerRecord<String, ConversationEvent>> events =
                topics.readAll(Topics.CONVERSATION_EVENTS, r -> conversationId.equals(r.key()), expected, WAIT);
        assertThat(events).as("events of %s", conversationId).hasSize(expected);
        return events;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConversationCommandRecord envelope(String commandId, Object command) {
        return ConversationCommandRecord.newBuilder()
                .setCommandId(commandId).setIssuedAt(Instant.now()).setSource("booking-service").setTenant("acme")
                .setCommand(command).build();
    }

    private static PostMessage post(String conversationId, String content) {
        return PostMessage.newBuilder().setConversationId(conversationId).setMessage(message("user-1", Role.user, content)).build();
    }

    private static NewMessage message(String senderId, Role role, String content) {
        return NewMessage.newBuilder().setSenderId(senderId).setSenderRole(role).setContent(content).build();
    }

    private RecordMetadata produce(String key, ConversationCommandRecord command) {
        return acknowledged(commands.send(new ProducerRecord<>(Topics.CONVERSATION_COMMANDS.name(), key, command)));
    }

    private RecordMetadata produceRaw(String key, byte[] value) {
        return acknowledged(raw.send(new ProducerRecord<>(Topics.CONVERSATION_COMMANDS.name(), key.getBytes(StandardCharsets.UTF_8), value)));
    }

    private static RecordMetadata acknowledged(java.util.concurrent.Future<RecordMetadata> send) {
        try {
            return send.get();
        } catch (ExecutionException e) {
            throw new AssertionError("Kafka did not acknowledge the record", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
