package dev.threadline.bench.thread;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The COPY anchor: message rows written with PostgreSQL's binary COPY format (the fastest way a client can load rows:
 * no SQL to parse per row, no text to convert), {@code batch} rows per COPY statement, each its own transaction.
 * The format: a signature, flags and extension length, then per row a field count and per field its length and
 * bytes (uuid 16 bytes, int8, int4, text as UTF-8, timestamptz as microseconds since 2000-01-01, jsonb as version
 * byte 1 plus text), then -1.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final String COLUMNS = "id, conversation_id, seq, sender_id, sender_role, content, content_type, "
            + "tokens_used, model, reply_to, attributes, created_at, ingested_at";
    private static final byte[] TEXT_PLAIN = "text/plain".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_JSONB = {1, '{', '}'};

    private BinaryCopy() {
    }

    /** Copies the messages into {@code table}; returns the number of COPY statements. */
    static int messages(Connection connection, String table, ThreadBench.Workload workload, List<ThreadBench.Message> messages,
                        int batch) throws SQLException, IOException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY " + table + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
        int statements = 0;
        for (int from = 0; from < messages.size(); from += batch) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch * 300);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
            for (ThreadBench.Message m : messages.subList(from, Math.min(messages.size(), from + batch))) {
                out.writeShort(13);
                uuid(out, m.id());
                uuid(out, workload.conversations[m.conversation()].id());
                out.writeInt(8);
                out.writeLong(m.seq());
                text(out, m.senderId());
                text(out, m.role().name());
                text(out, m.content());
                field(out, TEXT_PLAIN);
                if (m.tokens() == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(4);
                    out.writeInt(m.tokens());
                }
                text(out, m.model());
                out.writeInt(-1);
                field(out, EMPTY_JSONB);
                timestamp(out, m.at());
                timestamp(out, m.ingestedAt());
            }
            out.writeShort(-1);
            copy.copyIn(sql, new ByteArrayInputStream(bytes.toByteArray()));
            statements++;
        }
        return statements;
    }

    private static void uuid(DataOutputStream out, String value) throws IOException {
        UUID id = UUID.fromString(value);
        out.writeInt(16);
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            field(out, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static void timestamp(DataOutputStream out, Instant at) throws IOException {
        out.writeInt(8);
        out.writeLong(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000 - POSTGRES_EPOCH_MICROS);
    }
}
