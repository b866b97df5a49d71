package dev.threadline.e2e;

import static dev.threadline.e2e.LayoutImport.instant;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./threadline import --from … --layout ai-chat} (docs/import.md): the conversations and messages tables of the
 * AI chat store are created in PostgreSQL with generated rows (some chats soft-deleted, stored counters that disagree
 * with the rows), imported through the pipeline, and each chat in the read model and in stats-streams is compared
 * with a recount of the message rows.
 */
class AiChatLayoutEndToEndIT {

    private static final Instant EPOCH = Instant.parse("2024-10-04T00:00:00Z");
    private static final int CHATS = 25;

    private static LayoutImport pipeline;
    private static LayoutImport.Outcome outcome;

    @BeforeAll
    static void importTheChatStore() throws Exception {
        pipeline = new LayoutImport("ai-chat");
        try (Connection source = pipeline.source()) {
            createTheDesignsTables(source);
            fill(source, new Random(5));
        }
        outcome = pipeline.importLayout("ai-chat");
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyChatIsImported() {
        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains(CHATS + " conversations", "0 refused");
    }

    @Test
    void theReadModelMatchesARecountOfTheMessageRowsAndHidesTheDeletedChats() throws Exception {
        List<Expected> chats = recount();
        assertThat(chats).anyMatch(Expected::deleted).anyMatch(chat -> !chat.deleted());
        for (Expected expected : chats) {
            if (expected.deleted()) {
                continue;
            }
            JsonNode conversation = pipeline.conversation(expected.id().toString(),
                    body -> body.get("messageCounts").get("total").asInt() == expected.messages());
            assertThat(conversation.get("id").asText()).as("a UUID id is kept").isEqualTo(expected.id().toString());
            assertThat(conversation.get("kind").asText()).isEqualTo("ai_chat");
            assertThat(conversation.get("title").asText()).isEqualTo(expected.title());
            assertThat(conversation.get("model").asText()).isEqualTo(expected.model());
            assertThat(conversation.get("contextWindow").asInt()).isEqualTo(expected.contextWindow());
            assertThat(conversation.get("startedAt").asText()).isEqualTo(expected.created().toString());
            assertThat(conversation.get("messageCounts").get("user").asInt()).isEqualTo(expected.byUser());
            assertThat(conversation.get("messageCounts").get("assistant").asInt()).isEqualTo(expected.byAssistant());
            assertThat(conversation.get("messageCounts").get("system").asInt()).isEqualTo(expected.bySystem());
            assertThat(conversation.get("totalTokens").asLong()).as("recounted, not the stored total").isEqualTo(expected.tokens());
            assertThat(text(conversation, "lastMessageAt")).isEqualTo(string(expected.lastMessage()));
            assertThat(conversation.get("participants")).extracting(p -> p.get("userId").asText())
                    .containsExactly(expected.user().toString());
        }
        // A soft-deleted chat was imported whole, its deletion last, at deleted_at; readers no longer see it.
        for (Expected expected : chats) {
            if (expected.deleted()) {
                List<String> events = pipeline.events(expected.id().toString());
                assertThat(events).hasSize(3 + expected.messages());
                assertThat(events.getFirst()).isEqualTo("ConversationStarted@" + expected.created());
                assertThat(events.getLast()).isEqualTo("ConversationDeleted@" + expected.deletedAt());
                pipeline.conversationGone(expected.id().toString());
            }
        }
    }

    @Test
    void statsStreamsCountsEachChatsMessagesByRole() throws Exception {
        for (Expected expected : recount()) {
            if (expected.deleted()) {
                continue;
            }
            JsonNode metrics = pipeline.metrics(expected.id().toString(),
                    answer -> answer.path("userMessages").asInt() + answer.path("assistantMessages").asInt()
                            + answer.path("systemMessages").asInt() == expected.messages());
            assertThat(metrics.get("kind").asText()).isEqualTo("ai_chat");
            assertThat(metrics.get("userMessages").asInt()).isEqualTo(expected.byUser());
            assertThat(metrics.get("assistantMessages").asInt()).isEqualTo(expected.byAssistant());
            assertThat(metrics.get("startedAt").asText()).isEqualTo(expected.created().toString());
        }
    }

    /** The tables as the store's Sequelize migrations create them (UUID keys, snake_case columns, an ENUM role). */
    private static void createTheDesignsTables(Connection source) throws Exception {
        try (Statement ddl = source.createStatement()) {
            ddl.execute("""
                    CREATE TABLE conversations (
                        id UUID PRIMARY KEY,
                        user_id UUID NOT NULL,
                        title VARCHAR(255) DEFAULT 'New Conversation',
                        model VARCHAR(255) DEFAULT 'gpt-3.5-turbo',
                        context_window INTEGER DEFAULT 10,
                        total_tokens_used INTEGER DEFAULT 0,
                        message_count INTEGER DEFAULT 0,
                        created_at TIMESTAMP WITH TIME ZONE NOT NULL,
                        updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
                        deleted_at TIMESTAMP WITH TIME ZONE);
                    CREATE TYPE enum_messages_role AS ENUM ('user', 'assistant', 'system');
                    CREATE TABLE messages (
                        id UUID PRIMARY KEY,
                        conversation_id UUID NOT NULL REFERENCES conversations (id) ON DELETE CASCADE ON UPDATE CASCADE,
                        role enum_messages_role NOT NULL,
                        content TEXT NOT NULL,
                        tokens_used INTEGER DEFAULT 0,
                        model VARCHAR(255) DEFAULT 'gpt-3.5-turbo',
                        created_at TIMESTAMP WITH TIME ZONE NOT NULL);
                    CREATE INDEX messages_conversation_id_created_at_index ON messages (conversation_id, created_at)""");
        }
    }

    /** Chats of a few users: a system prompt, then user and assistant in turn; every fifth deleted; counters stale. */
    private static void fill(Connection source, Random random) throws Exception {
        UUID[] users = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        String[] models = {"gpt-3.5-turbo", "gpt-4o", "llama-3-70b"};
        try (PreparedStatement chat = source.prepareStatement("""
                INSERT INTO conversations (id, user_id, title, model, context_window, total_tokens_used, message_count,
                                           created_at, updated_at, deleted_at)
                VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)""");
             PreparedStatement message = source.prepareStatement("""
                INSERT INTO messages (id, conversation_id, role, content, tokens_used, model, created_at)
                VALUES (?, ?, ?::enum_messages_role, ?, ?, ?, ?)""")) {
            for (int c = 0; c < CHATS; c++) {
                UUID id = UUID.randomUUID();
                Instant created = EPOCH.plusSeconds(random.nextInt(60 * 24 * 3600)).plusMillis(random.nextInt(1000));
                String model = models[random.nextInt(models.length)];
                List<Object[]> rows = new ArrayList<>();
                Instant at = created;
                int turns = 1 + random.nextInt(5);
                rows.add(new Object[] {"system", "You are a helpful travel assistant.", 0, at});
                for (int t = 0; t < turns; t++) {
                    at = at.plusSeconds(5 + random.nextInt(300));
                    rows.add(new Object[] {"user", "question " + t, 3 + random.nextInt(40), at});
                    at = at.plusSeconds(1 + random.nextInt(20));
                    rows.add(new Object[] {"assistant", "answer " + t, 20 + random.nextInt(400), at});
                }
                chat.setObject(1, id);
                chat.setObject(2, users[random.nextInt(users.length)]);
                chat.setString(3, "Chat " + c);
                chat.setString(4, model);
                chat.setInt(5, 8 + random.nextInt(120));
                chat.setTimestamp(6, Timestamp.from(created));
                chat.setTimestamp(7, Timestamp.from(at));
                chat.setTimestamp(8, c % 5 == 4 ? Timestamp.from(at.plusSeconds(3600)) : null);
                chat.executeUpdate();
                for (Object[] row : rows) {
                    message.setObject(1, UUID.randomUUID());
                    message.setObject(2, id);
                    message.setString(3, (String) row[0]);
                    message.setString(4, (String) row[1]);
                    message.setInt(5, (Integer) row[2]);
                    message.setString(6, model);
                    message.setTimestamp(7, Timestamp.from((Instant) row[3]));
                    message.addBatch();
                }
                message.executeBatch();
            }
        }
    }

    /** What each chat must look like, recounted from the message rows with SQL of its own. */
    private record Expected(UUID id, UUID user, String title, String model, int contextWindow, Instant created,
                            Instant deletedAt, int messages, int byUser, int byAssistant, int bySystem, long tokens,
                            Instant lastMessage) {
        boolean deleted() {
            return deletedAt != null;
        }
    }

    private static List<Expected> recount() throws Exception {
        List<Expected> expected = new ArrayList<>();
        try (Connection source = pipeline.source();
             Statement query = source.createStatement();
             ResultSet rows = query.executeQuery("""
                     SELECT c.id, c.user_id, c.title, c.model, c.context_window, c.created_at, c.deleted_at,
                            count(m.id), count(m.id) FILTER (WHERE m.role = 'user'),
                            count(m.id) FILTER (WHERE m.role = 'assistant'), count(m.id) FILTER (WHERE m.role = 'system'),
                            coalesce(sum(m.tokens_used), 0), max(m.created_at)
                     FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
                     GROUP BY c.id ORDER BY c.created_at""")) {
            while (rows.next()) {
                expected.add(new Expected(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                        rows.getString(4), rows.getInt(5), rows.getTimestamp(6).toInstant(), instant(rows.getTimestamp(7)),
                        rows.getInt(8), rows.getInt(9), rows.getInt(10), rows.getInt(11), rows.getLong(12),
                        instant(rows.getTimestamp(13))));
            }
        }
        assertThat(expected).hasSize(CHATS);
        return expected;
    }
}
