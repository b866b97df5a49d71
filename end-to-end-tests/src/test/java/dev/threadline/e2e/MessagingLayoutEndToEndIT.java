package dev.threadline.e2e;

import static dev.threadline.e2e.LayoutImport.between;
import static dev.threadline.e2e.LayoutImport.instant;
import static dev.threadline.e2e.LayoutImport.millis;
import static dev.threadline.e2e.LayoutImport.string;
import static dev.threadline.e2e.LayoutImport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./threadline import --from … --layout messaging} (docs/import.md): the direct, group and property messaging
 * design (conversations with their participants and messages, property conversations between a traveler and a host)
 * is created in PostgreSQL with generated rows, imported through the pipeline, and each conversation in the read model
 * and in stats-streams is compared with a recount from the tables: kinds, attributes, counters, read horizons, edits
 * and the host's first response.
 */
class MessagingLayoutEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant EPOCH = Instant.parse("2024-06-01T00:00:00Z");
    private static final int CHATS = 12;
    private static final int INQUIRIES = 10;

    private static LayoutImport pipeline;
    private static LayoutImport.Outcome outcome;

    @BeforeAll
    static void importTheMessaging() throws Exception {
        pipeline = new LayoutImport("messaging");
        try (Connection source = pipeline.source()) {
            createTheDesignsTables(source);
            fill(source, new Random(13));
        }
        outcome = pipeline.importLayout("messaging");
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyConversationIsImported() {
        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains((CHATS + INQUIRIES) + " conversations", "0 refused");
    }

    @Test
    void theReadModelMatchesARecountOfTheTables() throws Exception {
        for (Expected expected : recount()) {
            JsonNode conversation = pipeline.conversation(expected.id(),
                    body -> body.get("messageCounts").get("total").asInt() == expected.messages()
                            && readHorizons(body).equals(expected.readHorizons()));
            assertThat(conversation.get("kind").asText()).as(expected.id()).isEqualTo(expected.kind());
            assertThat(text(conversation, "title")).isEqualTo(expected.title());
            assertThat(text(conversation, "createdBy")).isEqualTo(expected.creator());
            assertThat(conversation.get("startedAt").asText()).isEqualTo(expected.started().toString());
            Map<String, String> attributes = new HashMap<>();
            conversation.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            assertThat(attributes).isEqualTo(expected.attributes());
            assertThat(conversation.get("messageCounts").get("user").asInt()).isEqualTo(expected.byUsers());
            assertThat(conversation.get("messageCounts").get("responder").asInt()).isEqualTo(expected.byHosts());
            assertThat(conversation.get("messageCounts").get("system").asInt()).isEqualTo(expected.bySystem());
            assertThat(text(conversation, "lastMessageAt")).isEqualTo(string(expected.lastMessage()));
            assertThat(text(conversation, "firstResponseAt")).isEqualTo(string(expected.firstResponse()));
            if (!expected.edits().isEmpty()) {
                JsonNode messages = pipeline.messages(expected.id(), "?limit=500");
                Map<String, String> edited = new HashMap<>();
                messages.get("messages").forEach(m -> {
                    if (!m.path("editedAt").isNull() && m.has("editedAt")) {
                        edited.put(m.get("content").asText() + "#" + m.get("seq").asInt(), m.get("editedAt").asText());
                    }
                });
                assertThat(edited).isEqualTo(expected.edits());
            }
        }
    }

    @Test
    void statsStreamsMeasuresTheHostsFirstResponse() throws Exception {
        for (Expected expected : recount()) {
            if (!expected.id().startsWith("property:")) {
                continue;
            }
            JsonNode metrics = pipeline.metrics(expected.id(),
                    answer -> answer.path("userMessages").asInt() == expected.byUsers()
                            && answer.path("responderMessages").asInt() == expected.byHosts());
            assertThat(millis(metrics, "firstResponseMillis")).isEqualTo(between(expected.started(), expected.firstResponse()));
        }
    }

    private static Map<String, Long> readHorizons(JsonNode conversation) {
        Map<String, Long> horizons = new HashMap<>();
        conversation.path("participants").forEach(p -> horizons.put(p.get("userId").asText(), p.get("lastReadSeq").asLong()));
        return horizons;
    }

    /** The design's tables (drizzle: nanoid keys, camelCase columns, the cascades and set-null the seed names). */
    private static void createTheDesignsTables(Connection source) throws Exception {
        try (Statement ddl = source.createStatement()) {
            ddl.execute("""
                    CREATE TABLE conversations (
                        id VARCHAR(21) PRIMARY KEY,
                        name VARCHAR(255),
                        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                        "offerId" VARCHAR);
                    CREATE TABLE messages (
                        id VARCHAR(21) PRIMARY KEY,
                        "conversationId" VARCHAR(21) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
                        "userId" TEXT,
                        message VARCHAR(1500) NOT NULL,
                        read BOOLEAN DEFAULT false,
                        "isEdit" BOOLEAN DEFAULT false,
                        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now());
                    CREATE TABLE conversation_participants (
                        "conversationId" VARCHAR(21) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
                        "userId" TEXT NOT NULL,
                        PRIMARY KEY ("conversationId", "userId"));
                    CREATE TABLE "propertyConversations" (
                        id VARCHAR(21) PRIMARY KEY,
                        "travelerId" TEXT NOT NULL,
                        "propertyId" INTEGER NOT NULL,
                        "offerId" INTEGER,
                        "requestToBookId" INTEGER,
                        "tripId" INTEGER,
                        "plannedCheckIn" DATE,
                        "plannedCheckOut" DATE,
                        "plannedNumGuests" INTEGER,
                        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now());
                    CREATE TABLE "propertyMessages" (
                        id VARCHAR(21) PRIMARY KEY,
                        "conversationId" VARCHAR(21) NOT NULL REFERENCES "propertyConversations" (id) ON DELETE CASCADE,
                        "authorId" TEXT NOT NULL,
                        message TEXT NOT NULL,
                        "readAt" TIMESTAMP WITH TIME ZONE,
                        "editedAt" TIMESTAMP WITH TIME ZONE,
                        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())""");
        }
    }

    private static void fill(Connection source, Random random) throws Exception {
        try (PreparedStatement chat = source.prepareStatement("INSERT INTO conversations (id, name, \"createdAt\", \"offerId\") VALUES (?, ?, ?, ?)");
             PreparedStatement member = source.prepareStatement("INSERT INTO conversation_participants VALUES (?, ?)");
             PreparedStatement message = source.prepareStatement("""
                     INSERT INTO messages (id, "conversationId", "userId", message, read, "createdAt") VALUES (?, ?, ?, ?, ?, ?)""");
             PreparedStatement inquiry = source.prepareStatement("""
                     INSERT INTO "propertyConversations" (id, "travelerId", "propertyId", "offerId", "plannedCheckIn",
                         "plannedCheckOut", "plannedNumGuests", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement note = source.prepareStatement("""
                     INSERT INTO "propertyMessages" (id, "conversationId", "authorId", message, "readAt", "editedAt", "createdAt")
                     VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (int c = 0; c < CHATS; c++) {
                String id = nanoid(random);
                Instant at = EPOCH.plusSeconds(random.nextInt(20 * 24 * 3600)).plusMillis(random.nextInt(1000));
                chat.setString(1, id);
                chat.setString(2, c % 3 == 0 ? "Trip " + c : null);
                chat.setTimestamp(3, Timestamp.from(at));
                chat.setString(4, c % 4 == 0 ? "offer-" + c : null);
                chat.executeUpdate();
                List<String> members = new ArrayList<>();
                int size = 2 + (c % 3 == 0 ? 1 + random.nextInt(2) : 0);
                while (members.size() < size) {
                    String user = "user-" + random.nextInt(40);
                    if (!members.contains(user)) {
                        members.add(user);
                        member.setString(1, id);
                        member.setString(2, user);
                        member.executeUpdate();
                    }
                }
                int count = 1 + random.nextInt(6);
                for (int m = 0; m < count; m++) {
                    at = at.plusSeconds(10 + random.nextInt(900));
                    message.setString(1, nanoid(random));
                    message.setString(2, id);
                    message.setString(3, random.nextInt(6) == 0 ? null : members.get(random.nextInt(members.size())));
                    message.setString(4, "message " + m);
                    message.setBoolean(5, m < count - 1 || random.nextBoolean());
                    message.setTimestamp(6, Timestamp.from(at));
                    message.executeUpdate();
                }
            }
            for (int i = 0; i < INQUIRIES; i++) {
                String id = nanoid(random);
                String traveler = "traveler-" + i;
                String host = "host-" + random.nextInt(3);
                Instant at = EPOCH.plusSeconds(random.nextInt(20 * 24 * 3600)).plusMillis(random.nextInt(1000));
                inquiry.setString(1, id);
                inquiry.setString(2, traveler);
                inquiry.setInt(3, 500 + random.nextInt(50));
                inquiry.setObject(4, i % 2 == 0 ? 70 + i : null);
                inquiry.setObject(5, i % 3 == 0 ? LocalDate.of(2024, 8, 1 + i) : null);
                inquiry.setObject(6, i % 3 == 0 ? LocalDate.of(2024, 8, 5 + i) : null);
                inquiry.setObject(7, i % 3 == 0 ? 2 + i % 3 : null);
                inquiry.setTimestamp(8, Timestamp.from(at));
                inquiry.executeUpdate();
                int count = 1 + random.nextInt(5);
                for (int m = 0; m < count; m++) {
                    at = at.plusSeconds(60 + random.nextInt(7200));
                    note.setString(1, nanoid(random));
                    note.setString(2, id);
                    note.setString(3, m == 0 || random.nextBoolean() ? traveler : host);
                    note.setString(4, "note " + m + (random.nextInt(4) == 0 ? " (edited)" : ""));
                    note.setTimestamp(5, random.nextBoolean() ? Timestamp.from(at.plusSeconds(30)) : null);
                    note.setTimestamp(6, random.nextInt(4) == 0 ? Timestamp.from(at.plusSeconds(5)) : null);
                    note.setTimestamp(7, Timestamp.from(at));
                    note.executeUpdate();
                }
            }
        }
    }

    private static String nanoid(Random random) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** What each conversation must look like, recounted from the tables with SQL of its own. */
    private record Expected(String id, String kind, String title, String creator, Instant started,
                            Map<String, String> attributes, int messages, int byUsers, int byHosts, int bySystem,
                            Instant lastMessage, Instant firstResponse, Map<String, Long> readHorizons,
                            Map<String, String> edits) {
    }

    private static List<Expected> recount() throws Exception {
        List<Expected> expected = new ArrayList<>();
        try (Connection source = pipeline.source(); Statement query = source.createStatement()) {
            // Each message's seq in its conversation (the read model numbers them in time order).
            query.execute("""
                    CREATE TEMPORARY TABLE numbered AS
                    SELECT "conversationId" AS conversation, id, "userId" AS author, read, NULL::timestamptz AS "readAt",
                           NULL::timestamptz AS "editedAt", message, "createdAt",
                           row_number() OVER (PARTITION BY "conversationId" ORDER BY "createdAt", id) AS seq
                    FROM messages
                    UNION ALL
                    SELECT 'property:' || "conversationId", id, "authorId", false, "readAt", "editedAt", message, "createdAt",
                           row_number() OVER (PARTITION BY "conversationId" ORDER BY "createdAt", id)
                    FROM "propertyMessages\"""");
            try (ResultSet rows = query.executeQuery("""
                    SELECT c.id, CASE WHEN (SELECT count(*) FROM conversation_participants p WHERE p."conversationId" = c.id) <= 2
                                      THEN 'direct' ELSE 'group' END,
                           c.name, NULL, c."createdAt", json_strip_nulls(json_build_object('offerId', c."offerId"))::text,
                           (SELECT count(*) FROM numbered n WHERE n.conversation = c.id),
                           (SELECT count(*) FROM numbered n WHERE n.conversation = c.id AND n.author IS NOT NULL), 0,
                           (SELECT count(*) FROM numbered n WHERE n.conversation = c.id AND n.author IS NULL),
                           (SELECT max("createdAt") FROM numbered n WHERE n.conversation = c.id), NULL::timestamptz
                    FROM conversations c
                    UNION ALL
                    SELECT 'property:' || pc.id, 'direct', NULL, pc."travelerId", pc."createdAt",
                           json_strip_nulls(json_build_object('propertyId', pc."propertyId"::text, 'offerId', pc."offerId"::text,
                               'plannedCheckIn', pc."plannedCheckIn"::text, 'plannedCheckOut', pc."plannedCheckOut"::text,
                               'plannedNumGuests', pc."plannedNumGuests"::text))::text,
                           (SELECT count(*) FROM "propertyMessages" m WHERE m."conversationId" = pc.id),
                           (SELECT count(*) FROM "propertyMessages" m WHERE m."conversationId" = pc.id AND m."authorId" = pc."travelerId"),
                           (SELECT count(*) FROM "propertyMessages" m WHERE m."conversationId" = pc.id AND m."authorId" <> pc."travelerId"),
                           0,
                           (SELECT max("createdAt") FROM "propertyMessages" m WHERE m."conversationId" = pc.id),
                           (SELECT min("createdAt") FROM "propertyMessages" m WHERE m."conversationId" = pc.id AND m."authorId" <> pc."travelerId")
                    FROM "propertyConversations" pc ORDER BY 1""")) {
                while (rows.next()) {
                    Map<String, String> attributes = new HashMap<>();
                    JSON.readTree(rows.getString(6)).properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
                    String id = rows.getString(1);
                    expected.add(new Expected(id, rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getTimestamp(5).toInstant(), attributes, rows.getInt(7), rows.getInt(8), rows.getInt(9),
                            rows.getInt(10), instant(rows.getTimestamp(11)), instant(rows.getTimestamp(12)), Map.of(), Map.of()));
                }
            }
            List<Expected> complete = new ArrayList<>();
            for (Expected e : expected) {
                complete.add(new Expected(e.id(), e.kind(), e.title(), e.creator(), e.started(), e.attributes(), e.messages(),
                        e.byUsers(), e.byHosts(), e.bySystem(), e.lastMessage(), e.firstResponse(), horizons(source, e.id()),
                        edits(source, e.id())));
            }
            return complete;
        }
    }

    /**
     * Each participant's read horizon: the newest of their own messages (a sender has read what they wrote) and the
     * newest message they read — for chats the newest message marked read that someone else wrote, for inquiries the
     * newest with a readAt that the other side wrote.
     */
    private static Map<String, Long> horizons(Connection source, String conversation) throws Exception {
        Map<String, Long> horizons = new HashMap<>();
        boolean property = conversation.startsWith("property:");
        String participants = property ? """
                SELECT "travelerId" FROM "propertyConversations" WHERE 'property:' || id = ?
                UNION SELECT DISTINCT author FROM numbered WHERE conversation = ?""" : """
                SELECT "userId" FROM conversation_participants WHERE "conversationId" = ? AND ?::text IS NOT NULL""";
        String horizon = property ? """
                SELECT coalesce(max(seq), 0) FROM numbered n
                WHERE n.conversation = ? AND (n.author = ? OR (n."readAt" IS NOT NULL AND n.author <> ?))""" : """
                SELECT coalesce(max(seq), 0) FROM numbered n
                WHERE n.conversation = ? AND (n.author = ? OR (n.read AND n.author IS DISTINCT FROM ?))""";
        try (PreparedStatement who = source.prepareStatement(participants); PreparedStatement seq = source.prepareStatement(horizon)) {
            who.setString(1, conversation);
            who.setString(2, conversation);
            try (ResultSet users = who.executeQuery()) {
                while (users.next()) {
                    String user = users.getString(1);
                    seq.setString(1, conversation);
                    seq.setString(2, user);
                    seq.setString(3, user);
                    try (ResultSet row = seq.executeQuery()) {
                        row.next();
                        horizons.put(user, row.getLong(1));
                    }
                }
            }
        }
        return horizons;
    }

    /** The edited messages as "content#seq" with their editedAt. */
    private static Map<String, String> edits(Connection source, String conversation) throws Exception {
        Map<String, String> edits = new HashMap<>();
        try (PreparedStatement query = source.prepareStatement("""
                SELECT message, seq, "editedAt" FROM numbered WHERE conversation = ? AND "editedAt" IS NOT NULL""")) {
            query.setString(1, conversation);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    edits.put(rows.getString(1) + "#" + rows.getLong(2), rows.getTimestamp(3).toInstant().toString());
                }
            }
        }
        return edits;
    }
}
