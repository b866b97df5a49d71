package dev.threadline.e2e;

import static dev.threadline.e2e.LayoutImport.between;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./threadline import --from … --layout roleplay} (docs/import.md): the conversations and messages tables of the
 * AI roleplay design (one conversation per practice session, messages found by conversation or by session, times
 * without a zone) are created in PostgreSQL with generated rows, imported through the pipeline, and each session in the
 * read model and in stats-streams is compared with a recount from the tables.
 */
class RoleplayLayoutEndToEndIT {

    private static final Instant EPOCH = Instant.parse("2025-03-01T00:00:00Z");
    private static final int SESSIONS = 24;
    /**
     * The users are this run's own: the import tests share one read model, where another test's "user-1" would be in
     * the same participant list.
     */
    private static final String USERS = "roleplay-" + UUID.randomUUID().toString().substring(0, 8) + "-user-";

    private static LayoutImport pipeline;
    private static LayoutImport.Outcome outcome;

    @BeforeAll
    static void importTheSessions() throws Exception {
        pipeline = new LayoutImport("roleplay");
        try (Connection source = pipeline.source()) {
            createTheDesignsTables(source);
            fill(source, new Random(3));
        }
        outcome = pipeline.importLayout("roleplay");
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everySessionIsImported() {
        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains(SESSIONS + " conversations", "0 refused");
    }

    @Test
    void theReadModelMatchesARecountOfTheTables() throws Exception {
        for (Expected expected : recount()) {
            JsonNode conversation = pipeline.conversation(expected.id(),
                    body -> body.get("messageCounts").get("total").asInt() == expected.userMessages() + expected.aiMessages()
                            && body.get("status").asText().equals(expected.completed() == null ? "open" : "resolved")
                            && (expected.summary() == null || expected.summary().equals(text(body, "summary"))));
            assertThat(conversation.get("kind").asText()).isEqualTo("roleplay");
            assertThat(conversation.get("title").asText()).isEqualTo(expected.title());
            assertThat(conversation.get("createdBy").asText()).isEqualTo(expected.user());
            assertThat(conversation.get("attributes").get("sessionId").asText()).isEqualTo(expected.session());
            assertThat(conversation.get("attributes").get("scenarioId").asText()).isEqualTo(expected.scenario());
            // (the read model leaves an empty list out)
            assertThat(strings(conversation, "tags")).containsExactlyElementsOf(expected.tags());
            assertThat(strings(conversation, "keyTopics")).containsExactlyElementsOf(expected.keyTopics());
            assertThat(conversation.get("startedAt").asText()).isEqualTo(expected.started().toString());
            assertThat(text(conversation, "resolvedAt")).isEqualTo(string(expected.completed()));
            assertThat(conversation.get("messageCounts").get("user").asInt()).isEqualTo(expected.userMessages());
            assertThat(conversation.get("messageCounts").get("assistant").asInt()).isEqualTo(expected.aiMessages());
            assertThat(text(conversation, "lastMessageAt")).isEqualTo(string(expected.lastMessage()));
        }
    }

    @Test
    void eachUsersListCarriesTheirFlags() throws Exception {
        List<Expected> sessions = recount();
        for (String user : sessions.stream().map(Expected::user).distinct().toList()) {
            List<Expected> theirs = sessions.stream().filter(session -> session.user().equals(user)).toList();
            JsonNode items = pipeline.list("participant=" + user + "&limit=200", page -> page.get("items").size() == theirs.size());
            for (Expected expected : theirs) {
                JsonNode item = null;
                for (JsonNode candidate : items.get("items")) {
                    if (candidate.get("id").asText().equals(pipeline.id(expected.id()))) {
                        item = candidate;
                    }
                }
                assertThat(item).as("session %s in %s's list", expected.id(), user).isNotNull();
                assertThat(item.get("membership").get("archived").asBoolean()).isEqualTo(expected.archived());
                assertThat(item.get("membership").get("pinned").asBoolean()).isEqualTo(expected.pinned());
                assertThat(item.get("membership").get("favorited").asBoolean()).isEqualTo(expected.favorited());
            }
        }
    }

    @Test
    void statsStreamsMeasuresEachSession() throws Exception {
        for (Expected expected : recount()) {
            JsonNode metrics = pipeline.metrics(expected.id(),
                    answer -> answer.path("userMessages").asInt() == expected.userMessages()
                            && answer.path("assistantMessages").asInt() == expected.aiMessages()
                            && answer.path("status").asText().equals(expected.completed() == null ? "open" : "resolved"));
            assertThat(metrics.get("kind").asText()).isEqualTo("roleplay");
            assertThat(millis(metrics, "resolutionMillis")).isEqualTo(between(expected.started(), expected.completed()));
        }
    }

    /** The seed's MySQL tables in PostgreSQL, as Prisma maps the models there (camelCase columns, timestamp(3)). */
    private static void createTheDesignsTables(Connection source) throws Exception {
        try (Statement ddl = source.createStatement()) {
            ddl.execute("""
                    CREATE TABLE conversations (
                        id VARCHAR(191) PRIMARY KEY,
                        "sessionId" VARCHAR(191) NOT NULL UNIQUE,
                        "userId" VARCHAR(191) NOT NULL,
                        "scenarioId" VARCHAR(191) NOT NULL,
                        title VARCHAR(191),
                        summary TEXT,
                        "keyTopics" JSON,
                        tags JSON,
                        "messageCount" INT NOT NULL DEFAULT 0,
                        "userMessageCount" INT NOT NULL DEFAULT 0,
                        "aiMessageCount" INT NOT NULL DEFAULT 0,
                        "averageSentiment" DOUBLE PRECISION,
                        "isArchived" BOOLEAN NOT NULL DEFAULT false,
                        "isPinned" BOOLEAN NOT NULL DEFAULT false,
                        "isFavorited" BOOLEAN NOT NULL DEFAULT false,
                        "startedAt" TIMESTAMP(3) NOT NULL,
                        "completedAt" TIMESTAMP(3),
                        "lastMessageAt" TIMESTAMP(3) NOT NULL,
                        "createdAt" TIMESTAMP(3) NOT NULL,
                        "updatedAt" TIMESTAMP(3) NOT NULL);
                    CREATE TABLE messages (
                        id VARCHAR(191) PRIMARY KEY,
                        "sessionId" VARCHAR(191) NOT NULL,
                        role VARCHAR(191) NOT NULL,
                        content TEXT NOT NULL,
                        "timestamp" TIMESTAMP(3) NOT NULL,
                        "conversationId" VARCHAR(191) REFERENCES conversations (id) ON DELETE CASCADE,
                        embeddings JSON)""");
        }
    }

    /**
     * Sessions of four users over a month: user and AI in turn, a third of the messages without a conversationId (only
     * their session's id), every other session completed with a summary, some flagged; stored counters left stale.
     */
    private static void fill(Connection source, Random random) throws Exception {
        try (PreparedStatement session = source.prepareStatement("""
                INSERT INTO conversations (id, "sessionId", "userId", "scenarioId", title, summary, "keyTopics", tags,
                    "isArchived", "isPinned", "isFavorited", "startedAt", "completedAt", "lastMessageAt", "createdAt", "updatedAt")
                VALUES (?, ?, ?, ?, ?, ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement message = source.prepareStatement("""
                INSERT INTO messages (id, "sessionId", role, content, "timestamp", "conversationId") VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (int s = 0; s < SESSIONS; s++) {
                String id = "c" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
                String sessionId = "s" + s;
                Instant started = EPOCH.plusSeconds(random.nextInt(30 * 24 * 3600)).plusMillis(random.nextInt(1000));
                Instant at = started;
                int turns = 1 + random.nextInt(4);
                for (int t = 0; t < 2 * turns; t++) {
                    at = at.plusSeconds(3 + random.nextInt(120));
                    message.setString(1, "m" + s + "-" + t);
                    message.setString(2, sessionId);
                    message.setString(3, t % 2 == 0 ? "user" : "ai");
                    message.setString(4, t % 2 == 0 ? "I draw my sword." : "The dragon roars back.");
                    message.setTimestamp(5, utc(at));
                    message.setString(6, random.nextInt(3) == 0 ? null : id);
                    message.addBatch();
                }
                boolean completed = s % 2 == 0;
                Instant updated = at.plusSeconds(60);
                session.setString(1, id);
                session.setString(2, sessionId);
                session.setString(3, USERS + (s % 4));
                session.setString(4, "scenario-" + random.nextInt(3));
                session.setString(5, "Session " + s);
                session.setString(6, completed ? "The hero won in " + turns + " turns" : null);
                session.setString(7, completed ? "[\"sword\", \"dragon\"]" : null);
                session.setString(8, s % 3 == 0 ? "[\"fantasy\", \"practice\"]" : "[]");
                session.setBoolean(9, s % 5 == 0);
                session.setBoolean(10, s % 4 == 1);
                session.setBoolean(11, s % 6 == 2);
                session.setTimestamp(12, utc(started));
                session.setTimestamp(13, completed ? utc(updated) : null);
                session.setTimestamp(14, utc(started));
                session.setTimestamp(15, utc(started));
                session.setTimestamp(16, utc(updated));
                // The conversation row first: messages name it.
                session.executeUpdate();
                message.executeBatch();
            }
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        node.path(field).forEach(value -> values.add(value.asText()));
        return values;
    }

    /** A zone-less timestamp holding the UTC time, as Prisma writes DateTime. */
    private static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(instant.atOffset(ZoneOffset.UTC).toLocalDateTime());
    }

    private static Instant fromUtc(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /** What each session must look like, recounted from the tables with SQL of its own. */
    private record Expected(String id, String session, String user, String scenario, String title, String summary,
                            List<String> keyTopics, List<String> tags, boolean archived, boolean pinned, boolean favorited,
                            Instant started, Instant completed, int userMessages, int aiMessages, Instant lastMessage) {
    }

    private static List<Expected> recount() throws Exception {
        List<Expected> expected = new ArrayList<>();
        try (Connection source = pipeline.source();
             Statement query = source.createStatement();
             ResultSet rows = query.executeQuery("""
                     SELECT c.id, c."sessionId", c."userId", c."scenarioId", c.title, c.summary,
                            coalesce((SELECT array_agg(t ORDER BY o) FROM json_array_elements_text(c."keyTopics") WITH ORDINALITY AS k(t, o)), '{}'),
                            coalesce((SELECT array_agg(t ORDER BY o) FROM json_array_elements_text(c.tags) WITH ORDINALITY AS k(t, o)), '{}'),
                            c."isArchived", c."isPinned", c."isFavorited", c."startedAt", c."completedAt",
                            count(m.id) FILTER (WHERE m.role = 'user'), count(m.id) FILTER (WHERE m.role = 'ai'), max(m."timestamp")
                     FROM conversations c
                     LEFT JOIN messages m ON m."conversationId" = c.id OR (m."conversationId" IS NULL AND m."sessionId" = c."sessionId")
                     GROUP BY c.id ORDER BY c."sessionId\"""")) {
            while (rows.next()) {
                expected.add(new Expected(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), List.of((String[]) rows.getArray(7).getArray()),
                        List.of((String[]) rows.getArray(8).getArray()), rows.getBoolean(9), rows.getBoolean(10),
                        rows.getBoolean(11), fromUtc(rows.getTimestamp(12)), fromUtc(rows.getTimestamp(13)), rows.getInt(14),
                        rows.getInt(15), fromUtc(rows.getTimestamp(16))));
            }
        }
        assertThat(expected).hasSize(SESSIONS);
        return expected;
    }
}
