package dev.threadline.e2e;

import static dev.threadline.e2e.LayoutImport.between;
import static dev.threadline.e2e.LayoutImport.instant;
import static dev.threadline.e2e.LayoutImport.millis;
import static dev.threadline.e2e.LayoutImport.string;
import static dev.threadline.e2e.LayoutImport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./threadline import --from … --layout thread-table} (docs/import.md): the single Messages table of the
 * thread-store design (a conversation is a threadId) is created in PostgreSQL with generated rows, imported through
 * the pipeline, and each thread in the read model and in stats-streams is compared with a recount from the table.
 */
class ThreadTableLayoutEndToEndIT {

    private static final Instant EPOCH = Instant.parse("2024-02-01T00:00:00Z");
    private static final int THREADS = 30;

    private static LayoutImport pipeline;
    private static LayoutImport.Outcome outcome;

    @BeforeAll
    static void importTheThreadTable() throws Exception {
        pipeline = new LayoutImport("thread-table");
        try (Connection source = pipeline.source()) {
            createTheDesignsTable(source);
            fill(source, new Random(11));
        }
        outcome = pipeline.importLayout("thread-table");
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyThreadIsImported() {
        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains(THREADS + " conversations", "0 refused");
    }

    @Test
    void theReadModelMatchesARecountOfTheTable() throws Exception {
        for (Expected expected : recount()) {
            JsonNode conversation = pipeline.conversation(String.valueOf(expected.threadId()),
                    body -> body.get("messageCounts").get("total").asInt() == expected.messages());
            assertThat(conversation.get("kind").asText()).isEqualTo("support");
            assertThat(conversation.get("status").asText()).isEqualTo("open");
            assertThat(conversation.get("startedAt").asText()).isEqualTo(expected.started().toString());
            assertThat(text(conversation, "createdBy")).isEqualTo(expected.creator());
            assertThat(conversation.get("messageCounts").get("user").asInt()).isEqualTo(expected.byUsers());
            assertThat(conversation.get("messageCounts").get("responder").asInt()).isEqualTo(expected.messages() - expected.byUsers());
            assertThat(text(conversation, "lastMessageAt")).isEqualTo(string(expected.lastMessage()));
            assertThat(text(conversation, "firstResponseAt")).isEqualTo(string(expected.firstResponse()));
            assertThat(conversation.get("participants")).extracting(p -> p.get("userId").asText() + "@" + p.get("joinedAt").asText())
                    .containsExactlyInAnyOrderElementsOf(expected.participants());
        }
    }

    @Test
    void statsStreamsMeasuresEachThreadsFirstResponse() throws Exception {
        for (Expected expected : recount()) {
            JsonNode metrics = pipeline.metrics(String.valueOf(expected.threadId()),
                    answer -> answer.path("userMessages").asInt() + answer.path("responderMessages").asInt() == expected.messages());
            assertThat(millis(metrics, "firstResponseMillis")).as("first response of thread %s", expected.threadId())
                    .isEqualTo(between(expected.started(), expected.firstResponse()));
            assertThat(millis(metrics, "resolutionMillis")).isNull();
        }
    }

    /** The table as Sequelize creates it for the design's one model (timestamps on, an ENUM column). */
    private static void createTheDesignsTable(Connection source) throws Exception {
        try (Statement ddl = source.createStatement()) {
            ddl.execute("""
                    CREATE TYPE "enum_Messages_sender" AS ENUM ('user', 'admin');
                    CREATE TABLE "Messages" (
                        id SERIAL PRIMARY KEY,
                        "userId" INTEGER,
                        sender "enum_Messages_sender" NOT NULL,
                        "threadId" INTEGER NOT NULL,
                        message TEXT NOT NULL,
                        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                        "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL)""");
        }
    }

    /**
     * {@code THREADS} threads numbered as the design numbers them (max + 1, from 101), their messages interleaved in
     * id order as a live table would have them: a user opens each, users (one or two per thread) and admins (userId
     * null) answer.
     */
    private static void fill(Connection source, Random random) throws Exception {
        record Row(int thread, Integer user, String sender, String text, Instant at) {
        }
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = 101 + t;
            int[] users = {1 + random.nextInt(500), 1 + random.nextInt(500)};
            Instant at = EPOCH.plusSeconds(random.nextInt(90 * 24 * 3600)).plusMillis(random.nextInt(1000));
            int messages = 1 + random.nextInt(7);
            for (int m = 0; m < messages; m++) {
                boolean byUser = m == 0 || random.nextInt(3) > 0;
                Integer user = byUser ? users[m == 0 ? 0 : random.nextInt(2)] : null;
                rows.add(new Row(thread, user, byUser ? "user" : "admin", "message " + m + " in thread " + thread, at));
                at = at.plusSeconds(20 + random.nextInt(4000));
            }
        }
        rows.sort((a, b) -> a.at().compareTo(b.at()));
        try (PreparedStatement insert = source.prepareStatement("""
                INSERT INTO "Messages" ("userId", sender, "threadId", message, "createdAt", "updatedAt")
                VALUES (?, ?::"enum_Messages_sender", ?, ?, ?, ?)""")) {
            for (Row row : rows) {
                insert.setObject(1, row.user());
                insert.setString(2, row.sender());
                insert.setInt(3, row.thread());
                insert.setString(4, row.text());
                insert.setTimestamp(5, Timestamp.from(row.at()));
                insert.setTimestamp(6, Timestamp.from(row.at()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** What each thread must look like, recounted from the table with SQL of its own. */
    private record Expected(int threadId, Instant started, String creator, int messages, int byUsers, Instant lastMessage,
                            Instant firstResponse, List<String> participants) {
    }

    private static List<Expected> recount() throws Exception {
        List<Expected> expected = new ArrayList<>();
        try (Connection source = pipeline.source();
             Statement query = source.createStatement();
             ResultSet rows = query.executeQuery("""
                     SELECT m."threadId", min(m."createdAt"),
                            (SELECT f."userId"::text FROM "Messages" f WHERE f."threadId" = m."threadId" ORDER BY f."createdAt", f.id LIMIT 1),
                            count(*), count(*) FILTER (WHERE m.sender = 'user'), max(m."createdAt"),
                            min(m."createdAt") FILTER (WHERE m.sender = 'admin'),
                            (SELECT array_agg(j."userId"::text || '@' || to_char(j.joined AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                             FROM (SELECT "userId", min("createdAt") AS joined FROM "Messages" u
                                   WHERE u."threadId" = m."threadId" AND u."userId" IS NOT NULL GROUP BY "userId") j)
                     FROM "Messages" m GROUP BY m."threadId" ORDER BY m."threadId\"""")) {
            while (rows.next()) {
                Array participants = rows.getArray(8);
                expected.add(new Expected(rows.getInt(1), rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getInt(4),
                        rows.getInt(5), instant(rows.getTimestamp(6)), instant(rows.getTimestamp(7)),
                        List.of((String[]) participants.getArray()).stream().map(ThreadTableLayoutEndToEndIT::instantForm).toList()));
            }
        }
        assertThat(expected).hasSize(THREADS);
        return expected;
    }

    /** "user@time" with the time as Instant.toString writes it (no ".000" for whole seconds). */
    private static String instantForm(String participant) {
        int at = participant.indexOf('@');
        return participant.substring(0, at + 1) + Instant.parse(participant.substring(at + 1));
    }
}
