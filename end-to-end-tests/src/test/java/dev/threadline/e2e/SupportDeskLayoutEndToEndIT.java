package dev.threadline.e2e;

import static dev.threadline.e2e.LayoutImport.between;
import static dev.threadline.e2e.LayoutImport.instant;
import static dev.threadline.e2e.LayoutImport.millis;
import static dev.threadline.e2e.LayoutImport.string;
import static dev.threadline.e2e.LayoutImport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code ./threadline import --from … --layout support-desk} (docs/import.md): the Conversation and Message tables of
 * the support-desk design are created in PostgreSQL with generated rows, imported through the pipeline, and each
 * conversation in the read model and in stats-streams is compared with a recount from the source tables.
 */
class SupportDeskLayoutEndToEndIT {

    private static final Instant EPOCH = Instant.parse("2021-09-01T08:00:00Z");

    private static LayoutImport pipeline;
    private static LayoutImport.Outcome outcome;

    @BeforeAll
    static void importTheSupportDesk() throws Exception {
        pipeline = new LayoutImport("support-desk");
        try (Connection source = pipeline.source()) {
            createTheDesignsTables(source);
            fill(source, new Random(7), 40);
        }
        outcome = pipeline.importLayout("support-desk");
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyRowIsImported() {
        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("40 conversations", "0 refused");
    }

    @Test
    void theReadModelMatchesARecountOfTheSourceTables() throws Exception {
        for (Expected expected : recount()) {
            JsonNode conversation = pipeline.conversation(String.valueOf(expected.id()),
                    body -> body.get("messageCounts").get("total").asInt() == expected.messages()
                            && body.get("status").asText().equals(expected.status()));
            assertThat(conversation.get("kind").asText()).isEqualTo("support");
            assertThat(conversation.get("title").asText()).isEqualTo(expected.subject());
            assertThat(conversation.get("priority").asText()).isEqualTo(expected.priority());
            assertThat(conversation.get("startedAt").asText()).isEqualTo(expected.created().toString());
            assertThat(conversation.get("messageCounts").get("user").asInt()).isEqualTo(expected.byUser());
            assertThat(conversation.get("messageCounts").get("responder").asInt()).isEqualTo(expected.messages() - expected.byUser());
            assertThat(text(conversation, "lastMessageAt")).isEqualTo(string(expected.lastMessage()));
            assertThat(text(conversation, "firstResponseAt")).isEqualTo(string(expected.firstResponse()));
            assertThat(text(conversation, "resolvedAt")).isEqualTo(expected.status().equals("resolved") ? expected.updated().toString() : null);
            assertThat(conversation.get("participants")).extracting(p -> p.get("userId").asText())
                    .containsExactly(String.valueOf(expected.userId()));
        }
    }

    @Test
    void statsStreamsMeasuresEachConversationAsTheSourceTablesSay() throws Exception {
        for (Expected expected : recount()) {
            JsonNode metrics = pipeline.metrics(String.valueOf(expected.id()),
                    answer -> answer.path("status").asText().equals(expected.status()));
            assertThat(millis(metrics, "firstResponseMillis")).as("first response of %s", expected.id())
                    .isEqualTo(between(expected.created(), expected.firstResponse()));
            assertThat(millis(metrics, "resolutionMillis")).as("resolution of %s", expected.id())
                    .isEqualTo(expected.status().equals("resolved") ? between(expected.created(), expected.updated()) : null);
        }
    }

    /** The tables as Sequelize creates them for the design's two models (timestamps on, ENUM columns). */
    private static void createTheDesignsTables(Connection source) throws Exception {
        try (Statement ddl = source.createStatement()) {
            ddl.execute("""
                    CREATE TYPE "enum_Conversations_status" AS ENUM ('open', 'pending', 'resolved');
                    CREATE TYPE "enum_Conversations_priority" AS ENUM ('low', 'medium', 'high');
                    CREATE TABLE "Conversations" (
                        id SERIAL PRIMARY KEY,
                        "userId" INTEGER NOT NULL,
                        status "enum_Conversations_status" DEFAULT 'open',
                        subject VARCHAR(255),
                        priority "enum_Conversations_priority" DEFAULT 'medium',
                        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                        "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL);
                    CREATE TYPE "enum_Messages_sender" AS ENUM ('user', 'admin');
                    CREATE TABLE "Messages" (
                        id SERIAL PRIMARY KEY,
                        "conversationId" INTEGER NOT NULL REFERENCES "Conversations" (id),
                        sender "enum_Messages_sender" NOT NULL,
                        message TEXT NOT NULL,
                        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                        "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL)""");
        }
    }

    /** {@code count} tickets over a year: a user's first message, then users and admins in turn, a status at the end. */
    private static void fill(Connection source, Random random, int count) throws Exception {
        String[] statuses = {"open", "pending", "resolved", "resolved"};
        String[] priorities = {"low", "medium", "high"};
        try (PreparedStatement conversation = source.prepareStatement("""
                INSERT INTO "Conversations" ("userId", status, subject, priority, "createdAt", "updatedAt")
                VALUES (?, ?::"enum_Conversations_status", ?, ?::"enum_Conversations_priority", ?, ?) RETURNING id""");
             PreparedStatement message = source.prepareStatement("""
                INSERT INTO "Messages" ("conversationId", sender, message, "createdAt", "updatedAt")
                VALUES (?, ?::"enum_Messages_sender", ?, ?, ?)""")) {
            for (int i = 0; i < count; i++) {
                Instant created = EPOCH.plusSeconds(random.nextInt(365 * 24 * 3600)).plusMillis(random.nextInt(1000));
                Instant at = created;
                List<Instant> times = new ArrayList<>();
                int messages = 1 + random.nextInt(6);
                for (int m = 0; m < messages; m++) {
                    at = at.plusSeconds(30 + random.nextInt(7200));
                    times.add(at);
                }
                Instant updated = at.plusSeconds(60 + random.nextInt(3600));
                conversation.setInt(1, 1000 + random.nextInt(50));
                conversation.setString(2, statuses[random.nextInt(statuses.length)]);
                conversation.setString(3, "Ticket " + i + ": " + (random.nextBoolean() ? "refund" : "login"));
                conversation.setString(4, priorities[random.nextInt(priorities.length)]);
                conversation.setTimestamp(5, Timestamp.from(created));
                conversation.setTimestamp(6, Timestamp.from(updated));
                int id;
                try (ResultSet key = conversation.executeQuery()) {
                    key.next();
                    id = key.getInt(1);
                }
                for (int m = 0; m < messages; m++) {
                    message.setInt(1, id);
                    message.setString(2, m == 0 || random.nextBoolean() ? "user" : "admin");
                    message.setString(3, m == 0 ? "I cannot log in" : "message " + m + " of ticket " + i);
                    message.setTimestamp(4, Timestamp.from(times.get(m)));
                    message.setTimestamp(5, Timestamp.from(times.get(m)));
                    message.addBatch();
                }
                message.executeBatch();
            }
        }
    }

    /** What each source conversation must look like, recounted from the tables with SQL of its own. */
    private record Expected(int id, int userId, String status, String subject, String priority, Instant created,
                            Instant updated, int messages, int byUser, Instant lastMessage, Instant firstResponse) {
    }

    private static List<Expected> recount() throws Exception {
        List<Expected> expected = new ArrayList<>();
        try (Connection source = pipeline.source();
             Statement query = source.createStatement();
             ResultSet rows = query.executeQuery("""
                     SELECT c.id, c."userId", c.status::text, c.subject, c.priority::text, c."createdAt", c."updatedAt",
                            count(m.id), count(m.id) FILTER (WHERE m.sender = 'user'), max(m."createdAt"),
                            min(m."createdAt") FILTER (WHERE m.sender = 'admin')
                     FROM "Conversations" c LEFT JOIN "Messages" m ON m."conversationId" = c.id
                     GROUP BY c.id ORDER BY c.id""")) {
            while (rows.next()) {
                expected.add(new Expected(rows.getInt(1), rows.getInt(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getTimestamp(6).toInstant(), rows.getTimestamp(7).toInstant(), rows.getInt(8),
                        rows.getInt(9), instant(rows.getTimestamp(10)), instant(rows.getTimestamp(11))));
            }
        }
        assertThat(expected).hasSize(40);
        return expected;
    }
}
