package dev.threadline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class SingleObjectAvroSerdeTest {

    private static final Instant OCCURRED = Instant.parse("2026-11-01T10:15:30.123Z");

    private final SingleObjectAvroSerde<ConversationEvent> serde = EventSerdes.conversationEvent();

    @Test
    void currentEventRoundTripsThroughTheTopicSerde() {
        // Given an event written with the current schema
        ConversationEvent event = messagePosted("c-1", "m-1", "hello");

        // When it is encoded and decoded
        byte[] bytes = serde.serialize("conversation-events", event);
        ConversationEvent decoded = serde.deserialize("conversation-events", bytes);

        // Then it is the same event, framed as single-object encoding with the current fingerprint
        assertThat(decoded).isEqualTo(event);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(ConversationEvent.getClassSchema()));
    }

    @Test
    void eventWrittenWithAnOlderSchemaIsReadByTheCurrentReader() throws IOException {
        // Given a producer still on an older version of the envelope, known to this reader
        Schema older = testOnlyOlderVersion();
        var reader = new SingleObjectAvroSerde<ConversationEvent>(ConversationEvent.getClassSchema(), withReleased(older));
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(olderMessage(older)).array();

        // When the current reader decodes it
        ConversationEvent decoded = reader.decode(bytes);

        // Then fields the old writer knew are kept and the new ones take their defaults
        assertThat(decoded.getConversationId()).isEqualTo("c-old");
        assertThat(decoded.getOccurredAt()).isEqualTo(OCCURRED);
        assertThat(decoded.getTenant()).isNull();
        assertThat(decoded.getActor().getRole()).isEqualTo(Role.agent);
        MessagePosted message = (MessagePosted) decoded.getPayload();
        assertThat(message.getContent()).isEqualTo("written long ago");
        assertThat(message.getTokensUsed()).isEqualTo(42);
        assertThat(message.getReplyTo()).isNull();
        assertThat(message.getModel()).isNull();
        assertThat(message.getAttributes()).isEmpty();
    }

    @Test
    void unknownFingerprintRaisesUnknownSchemaException() throws IOException {
        // Given an event written with a schema this reader was never given
        Schema older = testOnlyOlderVersion();
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(olderMessage(older)).array();

        // When / Then decoding names the fingerprint it could not resolve
        long fingerprint = SchemaNormalization.parsingFingerprint64(older);
        assertThatThrownBy(() -> serde.decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("%016x".formatted(fingerprint))
                .satisfies(e -> {
                    assertThat(((UnknownSchemaException) e).fingerprint()).isEqualTo(fingerprint);
                    assertThat(((EventDecodingException) e).reason()).isEqualTo("unknown-schema");
                });
    }

    @Test
    void garbageBytesRaiseMalformedEventException() {
        byte[] garbage = "{\"not\":\"avro at all\"}".getBytes();

        assertThatThrownBy(() -> serde.decode(garbage))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("single-object");
    }

    @Test
    void tooShortInputRaisesMalformedEventException() {
        assertThatThrownBy(() -> serde.decode(new byte[] {(byte) 0xC3, 0x01, 7}))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void truncatedBodyWithAKnownFingerprintRaisesMalformedEventException() {
        // Given a valid event cut off in the middle of its body
        byte[] whole = serde.encode(messagePosted("c-1", "m-1", "a message long enough to cut in half"));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        // When / Then
        assertThatThrownBy(() -> serde.decode(truncated))
                .isInstanceOf(MalformedEventException.class)
                .extracting(e -> ((EventDecodingException) e).reason()).isEqualTo("malformed");
    }

    @Test
    void bytesAfterTheEndOfTheRecordRaiseMalformedEventException() {
        // Given a valid event followed by bytes its encoding does not account for
        byte[] whole = serde.encode(messagePosted("c-1", "m-1", "a message"));
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);

        // When / Then: the event is not taken for what its first bytes say
        assertThat(serde.decode(whole).getConversationId()).isEqualTo("c-1");
        assertThatThrownBy(() -> serde.decode(longer))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("3 bytes after the end of the Avro record")
                .extracting(e -> ((EventDecodingException) e).reason()).isEqualTo("malformed");
    }

    @Test
    void nullBytesAreATombstoneNotAnError() {
        assertThat(serde.deserialize("conversation-events", null)).isNull();
        assertThat(serde.serialize("conversation-events", null)).isNull();
    }

    static ConversationEvent messagePosted(String conversationId, String messageId, String content) {
        return ConversationEvent.newBuilder()
                .setEventId("0190f0c2-0000-7000-8000-000000000001")
                .setConversationId(conversationId)
                .setOccurredAt(OCCURRED)
                .setIngestedAt(OCCURRED.plusMillis(5))
                .setActor(new Actor("u-1", Role.user))
                .setSource("test")
                .setTenant("acme")
                .setPayload(MessagePosted.newBuilder()
                        .setMessageId(messageId).setSenderId("u-1").setSenderRole(Role.user)
                        .setContent(content).setAttributes(Map.of("k", "v")).build())
                .build();
    }

    static ConversationEvent started(String conversationId) {
        return ConversationEvent.newBuilder(messagePosted(conversationId, "m", "x"))
                .setPayload(ConversationStarted.newBuilder().setKind(ConversationKind.support).setTitle("Refund").build())
                .build();
    }

    private static GenericRecord olderMessage(Schema older) {
        Schema actor = older.getField("actor").schema();
        Schema role = actor.getField("role").schema();
        Schema message = older.getField("payload").schema().getTypes().get(1);
        GenericRecord payload = new GenericRecordBuilder(message)
                .set("message_id", "m-old").set("sender_id", "agent-7")
                .set("sender_role", new GenericData.EnumSymbol(role, "agent"))
                .set("content", "written long ago").set("content_type", "text/plain").set("tokens_used", 42)
                .build();
        return new GenericRecordBuilder(older)
                .set("event_id", "0190f0c2-0000-7000-8000-0000000000aa").set("conversation_id", "c-old")
                .set("occurred_at", OCCURRED.toEpochMilli()).set("ingested_at", OCCURRED.toEpochMilli())
                .set("actor", new GenericRecordBuilder(actor).set("id", "agent-7")
                        .set("role", new GenericData.EnumSymbol(role, "agent")).build())
                .set("source", "legacy-producer").set("payload", payload)
                .build();
    }

    static Schema testOnlyOlderVersion() throws IOException {
        try (InputStream in = SingleObjectAvroSerdeTest.class.getResourceAsStream("/dev/threadline/schemas/test-only/ConversationEvent-v0.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static List<Schema> withReleased(Schema extra) {
        List<Schema> schemas = new ArrayList<>(ReleasedSchemas.load(ReleasedSchemas.CONVERSATION_EVENT));
        schemas.add(extra);
        return schemas;
    }
}
