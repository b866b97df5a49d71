package dev.threadline.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for Avro's single-object encoding (marker {@code C3 01}, the writer schema's
 * CRC-64-AVRO fingerprint, then the binary body). Records are written with the current schema;
 * reading resolves the writer schema by fingerprint among the released versions and projects it
 * onto the current one, so old and new producers and consumers interoperate without a registry
 * service. Avro's message encoder and datum readers are thread-safe (a decoder is made per
 * record), so one instance serves every thread.
 */
public final class SingleObjectAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private static final int HEADER_LENGTH = 10;
    private static final byte[] MARKER = {(byte) 0xC3, 0x01};

    private final BinaryMessageEncoder<T> encoder;
    /** A reader per released writer schema, by its CRC-64-AVRO fingerprint. */
    private final Map<Long, DatumReader<T>> readers = new HashMap<>();

    /**
     * @param currentSchema  the generated class's schema, used to write and as the reader schema
     * @param writerSchemas  every released version a record may have been written with
     */
    public SingleObjectAvroSerde(Schema currentSchema, Collection<Schema> writerSchemas) {
        SpecificData model = SpecificData.getForSchema(currentSchema);
        this.encoder = new BinaryMessageEncoder<>(model, currentSchema);
        for (Schema writer : writerSchemas) {
            readers.put(SchemaNormalization.parsingFingerprint64(writer), readerOf(model, writer, currentSchema));
        }
        readers.put(SchemaNormalization.parsingFingerprint64(currentSchema), readerOf(model, currentSchema, currentSchema));
    }

    @SuppressWarnings("unchecked")
    private static <T> DatumReader<T> readerOf(SpecificData model, Schema writer, Schema reader) {
        return (DatumReader<T>) model.createDatumReader(writer, reader);
    }

    /** Encodes a record; the result carries the current schema's fingerprint. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a single-object encoded record: the header as Avro's {@code BinaryMessageDecoder} reads it, the body
     * straight from the array (Avro's message decoder reads it through an input stream a byte at a time, which took
     * twice as long; every consumer decodes every event).
     *
     * @throws UnknownSchemaException   if the fingerprint names no released schema
     * @throws MalformedEventException  if the bytes are not single-object encoded or the body is corrupt
     */
    public T decode(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw new MalformedEventException("%d bytes are too short for an Avro single-object header".formatted(bytes.length), null);
        }
        if (bytes[0] != MARKER[0] || bytes[1] != MARKER[1]) {
            throw new MalformedEventException("Not Avro single-object encoding: Unrecognized header bytes: 0x%02X 0x%02X"
                    .formatted(bytes[0], bytes[1]), null);
        }
        long fingerprint = fingerprintOf(bytes);
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            throw new UnknownSchemaException(fingerprint, null);
        }
        BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        T record;
        try {
            record = reader.read(null, body);
            // A record is exactly its encoding, nothing more.
            if (!body.isEnd()) {
                throw new MalformedEventException("%d bytes after the end of the Avro record (schema %016x)"
                        .formatted(body.inputStream().available(), fingerprint), null);
            }
        } catch (MalformedEventException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("Corrupt Avro body for schema %016x: %s".formatted(fingerprint, e), e);
        }
        return record;
    }

    private static long fingerprintOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 2, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(data);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure: the schemas are fixed at construction.
    }

    @Override
    public void close() {
        // Stateless beyond thread-local buffers; nothing to release.
    }
}
