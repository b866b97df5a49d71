package dev.threadline.schemas.serde;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
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
 * service. Encoders and decoders of Avro are thread-safe, so one instance serves every thread.
 */
public final class SingleObjectAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private static final int HEADER_LENGTH = 10;

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /**
     * @param currentSchema  the generated class's schema, used to write and as the reader schema
     * @param writerSchemas  every released version a record may have been written with
     */
    public SingleObjectAvroSerde(Schema currentSchema, Collection<Schema> writerSchemas) {
        SpecificData model = SpecificData.getForSchema(currentSchema);
        SchemaStore.Cache store = new SchemaStore.Cache();
        writerSchemas.forEach(store::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, currentSchema);
        this.decoder = new BinaryMessageDecoder<>(model, currentSchema, store);
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
     * Decodes a single-object encoded record.
     *
     * @throws UnknownSchemaException   if the fingerprint names no released schema
     * @throws MalformedEventException  if the bytes are not single-object encoded or the body is corrupt
     */
    public T decode(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw new MalformedEventException("%d bytes are too short for an Avro single-object header".formatted(bytes.length), null);
        }
        // Avro's single-object decoder reads the stream without buffering ahead, so what is left in it after the
        // record are bytes the record does not account for: a record is exactly its encoding, nothing more.
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        T record;
        try {
            record = decoder.decode(in, null);
        } catch (MissingSchemaException e) {
            throw new UnknownSchemaException(fingerprintOf(bytes), e);
        } catch (BadHeaderException e) {
            throw new MalformedEventException("Not Avro single-object encoding: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("Corrupt Avro body for schema %016x: %s".formatted(fingerprintOf(bytes), e), e);
        }
        if (in.available() > 0) {
            throw new MalformedEventException("%d bytes after the end of the Avro record (schema %016x)"
                    .formatted(in.available(), fingerprintOf(bytes)), null);
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
