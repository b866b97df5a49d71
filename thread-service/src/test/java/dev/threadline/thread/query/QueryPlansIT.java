package dev.threadline.thread.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.projection.ProjectionStatements;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows with EXPLAIN that every query of the API reads through its index on a million messages,
 * 100 000 conversations and 200 000 participants: each is planned with the values bound (the
 * plan of the first executions) and as a generic plan (the plan PostgreSQL may switch to once the
 * driver prepares the statement on the server), and neither may read messages or participants
 * whole nor sort more than a page. The statements are the repositories' own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlansIT {

    private static final String AGENT = "agent-7"; // in about 1 900 conversations
    private static final String CONVERSATION = "00000000-0000-7000-9000-00000000c350"; // the 50 000th, mid-table
    private static final ReadScope TENANT = ReadScope.tenant("tenant-1"); // a quarter of the conversations
    // CONVERSATION's tenant (the default one) as a tenant-wide reader and as its user participant sees it
    private static final List<ReadScope> CONVERSATION_READERS = List.of(ReadScope.tenant(null),
            ReadScope.participant(null, "user-10"));
    private static final Instant ACTIVE = Instant.parse("2025-06-01T00:00:00Z");
    private static final Pattern PARAMETER = Pattern.compile("\\?");
    private static final Logger LOG = LoggerFactory.getLogger(QueryPlansIT.class);

    private final ObjectMapper json = new ObjectMapper();
    private Connection connection;
    private Connection simple;

    @BeforeAll
    void loadAMillionMessages() throws SQLException, IOException {
        TestInfrastructure infra = TestInfrastructure.shared();
        String url = infra.newDatabase("thread_query_plans_it");
        Flyway flyway = Flyway.configure().dataSource(url, infra.jdbcUser(), infra.jdbcPassword())
                .locations("classpath:db/migration").cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();
        connection = DriverManager.getConnection(url, infra.jdbcUser(), infra.jdbcPassword());
        // EXPLAIN (GENERIC_PLAN) takes $1, $2 … in its text, which only the simple query protocol leaves alone.
        simple = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "preferQueryMode=simple",
                infra.jdbcUser(), infra.jdbcPassword());
        try (Statement load = connection.createStatement()) {
            for (String statement : resource("query-plans/load.sql").split(";\\n")) {
                long start = System.nanoTime();
                load.execute(statement);
                LOG.info("{} ms: {}", (System.nanoTime() - start) / 1_000_000,
                        statement.strip().lines().filter(line -> !line.startsWith("--")).findFirst().orElse(""));
            }
        }
        assertThat(count("messages")).isGreaterThanOrEqualTo(1_000_000);
    }

    @AfterAll
    void close() throws SQLException {
        connection.close();
        simple.close();
    }

    @Test
    void participantListWalksTheParticipantsActivityIndexFromTheCursor() throws Exception {
        List<ConversationFilter> filters = List.of(ConversationFilter.of(AGENT), ConversationFilter.of("user-42"),
                new ConversationFilter(AGENT, "open", null, null, null, null, null, null, false, false),
                new ConversationFilter(AGENT, null, null, null, null, null, null, "tag-7", false, false),
                new ConversationFilter(AGENT, null, "high", "support", false, null, true, null, true, false));
        for (ConversationFilter filter : filters) {
            for (ActivityKey after : keys()) {
                plans(ConversationListing.statement(filter, TENANT, after, 51)).forEach(plan -> plan.uses("participants_by_user_activity"));
            }
        }
    }

    @Test
    void pinnedListWalksThePartialIndexOfPinnedRows() throws Exception {
        ConversationFilter pinned = ConversationFilter.of(AGENT).withPinned(true);
        for (ActivityKey after : keys()) {
            plans(ConversationListing.statement(pinned, TENANT, after, 51)).forEach(plan -> plan.uses("participants_pinned_by_user_activity"));
        }
    }

    @Test
    void listOfEverythingWalksTheConversationsActivityIndexAndPerStatusItsOwn() throws Exception {
        ConversationFilter byKind = new ConversationFilter(null, null, null, "support", null, null, null, null, false, false);
        ConversationFilter open = new ConversationFilter(null, "open", null, null, null, null, null, null, false, false);
        for (ActivityKey after : keys()) {
            plans(ConversationListing.statement(ConversationFilter.everything(), TENANT, after, 51))
                    .forEach(plan -> plan.uses("conversations_by_activity"));
            plans(ConversationListing.statement(byKind, TENANT, after, 51)).forEach(plan -> plan.uses("conversations_by_activity"));
            plans(ConversationListing.statement(open, TENANT, after, 51)).forEach(plan -> plan.uses("conversations_by_status_activity"));
        }
    }

    @Test
    void messagePagesAndTheContextWindowWalkTheSeqIndexFromAnEndAndSortOnlyThePage() throws Exception {
        List<BoundSql> statements = new ArrayList<>(List.of(
                bound(ContextMessages.LEADING_SYSTEM, CONVERSATION, CONVERSATION, 100),
                bound(ContextMessages.NEWEST, CONVERSATION, 1L, 101)));
        for (ReadScope scope : CONVERSATION_READERS) {
            statements.add(scoped(ConversationReadModel.MESSAGES_BACK, scope, List.of(Long.MAX_VALUE, CONVERSATION),
                    Long.MAX_VALUE, 51));
            statements.add(scoped(ConversationReadModel.MESSAGES_BACK, scope, List.of(40L, CONVERSATION), 40L, 51));
            statements.add(scoped(ConversationReadModel.MESSAGES_FORWARD, scope, List.of(2L, Long.MAX_VALUE, CONVERSATION),
                    2L, Long.MAX_VALUE, 51));
        }
        for (BoundSql statement : statements) {
            plans(statement).forEach(plan -> {
                plan.uses("messages_conversation_id_seq_key");
                plan.sortsOnlyWhatALimitLetThrough();
                plan.runsSubPlansOnce();
            });
        }
    }

    @Test
    void oneConversationIsFoundByPrimaryKeyAndAUsersRightToItByTheirParticipantRow() throws Exception {
        for (ReadScope scope : CONVERSATION_READERS) {
            plans(ConversationReadModel.bound(ConversationReadModel.CONVERSATION, scope, CONVERSATION, false))
                    .forEach(plan -> plan.uses("conversations_pkey"));
            plans(ConversationReadModel.bound(ConversationReadModel.EXISTS, scope, CONVERSATION))
                    .forEach(plan -> plan.uses("conversations_pkey"));
        }
        plans(ConversationReadModel.bound(ConversationReadModel.CONVERSATION, CONVERSATION_READERS.get(1), CONVERSATION,
                false)).forEach(plan -> plan.uses("participants_pkey"));
    }

    @Test
    void unreadCountsReadOnlyTheUsersParticipantRows() throws Exception {
        plans(UnreadCounts.statement(AGENT, TENANT, 50)).forEach(plan -> plan.uses("participants_by_user_activity"));
        plans(UnreadCounts.statement("user-42", TENANT, 50)).forEach(plan -> plan.uses("participants_by_user_activity"));
    }

    @Test
    void searchFindsMatchesThroughTheGinIndexOrThroughTheParticipantsFewConversations() throws Exception {
        SearchKey after = new SearchKey(0.05f, CONVERSATION, CONVERSATION);
        plans(MessageSearch.statement("w123 parcel", null, TENANT, null, 51)).forEach(plan -> plan.uses("message_search_content"));
        plans(MessageSearch.statement("\"parcel late\" -refund", null, TENANT, after, 51)).forEach(plan -> plan.uses("message_search_content"));
        // A user's 20 conversations hold 200 messages: reading those beats the GIN index, and either is an index.
        plans(MessageSearch.statement("w123", "user-42", TENANT, null, 51))
                .forEach(plan -> plan.usesOneOf("message_search_content", "participants_by_user_activity"));
        plans(MessageSearch.statement("w123", AGENT, TENANT, null, 51))
                .forEach(plan -> plan.usesOneOf("message_search_content", "participants_by_user_activity"));
    }

    @Test
    void aRunOfAFewMessagesReadsItsConversationsAndParticipantsByIndex() throws Exception {
        // A steady flow gives the projection runs of a few messages: each must find its rows by key, not scan the tables
        String other = "00000000-0000-7000-9000-000000000101";
        String[] conversations = {CONVERSATION, other, CONVERSATION};
        String[] ids = {"00000000-0000-7000-8000-0000000000a1", "00000000-0000-7000-8000-0000000000a2",
                "00000000-0000-7000-8000-0000000000a3"};
        String[] texts = {"a", "b", "c"};
        Long[] micros = {1_780_000_000_000_000L, 1_780_000_001_000_000L, 1_780_000_002_000_000L};
        plans(bound(ProjectionStatements.INSERT_RUN, ids, conversations, new String[] {"user-1", "agent-7", "user-1"},
                new String[] {"user", "agent", "user"}, texts, new String[] {"text/plain", "text/plain", "text/plain"},
                new Integer[] {null, null, null}, new String[3], new String[3], new String[] {"{}", "{}", "{}"}, micros, micros));
    }

    @Test
    void reportsReadTheDayAskedForThroughTheStartIndex() throws Exception {
        Timestamp from = Timestamp.from(Instant.parse("2025-03-01T00:00:00Z"));
        Timestamp to = Timestamp.from(Instant.parse("2025-03-02T00:00:00Z"));
        plans(ConversationReports.statement(ConversationReports.TOTALS, TENANT, from, to)).forEach(plan -> plan.uses("conversations_by_started_at"));
        plans(ConversationReports.statement(ConversationReports.BY_KIND_AND_PRIORITY, TENANT, from, to)).forEach(plan -> plan.uses("conversations_by_started_at"));
        plans(ConversationReports.statement(ConversationReports.TOP_STARTERS, TENANT, from, to, 10)).forEach(plan -> plan.uses("conversations_by_started_at"));
    }

    /** The three places a page can start: the top, after a dated row, after an undated row. */
    private static List<ActivityKey> keys() {
        return Arrays.asList(null, new ActivityKey(false, ACTIVE, CONVERSATION), new ActivityKey(false, null, CONVERSATION));
    }

    private static BoundSql bound(String sql, Object... parameters) {
        return new BoundSql(sql, List.of(parameters));
    }

    /** {@code sql} with {@code leading} for the {@code ?} before {@link ReadScope#VISIBLE}, then the scope's, then the rest. */
    private static BoundSql scoped(String sql, ReadScope scope, List<Object> leading, Object... rest) {
        return new BoundSql.Builder().add(sql, leading.toArray()).add("", scope.parameters().toArray()).add("", rest).build();
    }

    /** The plan with the values bound, and the generic plan. */
    private List<Plan> plans(BoundSql statement) throws SQLException, IOException {
        List<Plan> plans = new ArrayList<>();
        BoundSql explain = new BoundSql("EXPLAIN (FORMAT JSON) " + statement.sql(), statement.parameters());
        try (PreparedStatement select = explain.prepare(connection); ResultSet row = select.executeQuery()) {
            row.next();
            plans.add(new Plan(statement.sql(), "custom", json.readTree(row.getString(1))));
        }
        try (Statement select = simple.createStatement();
             ResultSet row = select.executeQuery("EXPLAIN (FORMAT JSON, GENERIC_PLAN) " + numbered(statement.sql()))) {
            row.next();
            plans.add(new Plan(statement.sql(), "generic", json.readTree(row.getString(1))));
        }
        plans.forEach(Plan::readsNothingWhole);
        return plans;
    }

    /** JDBC's {@code ?} as PostgreSQL's {@code $1, $2, …}, which EXPLAIN (GENERIC_PLAN) takes. */
    private static String numbered(String sql) {
        Matcher matcher = PARAMETER.matcher(sql);
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        while (matcher.find()) {
            matcher.appendReplacement(numbered, Matcher.quoteReplacement("$" + ++n));
        }
        return matcher.appendTail(numbered).toString();
    }

    private long count(String table) throws SQLException {
        try (Statement select = connection.createStatement(); ResultSet row = select.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = QueryPlansIT.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One EXPLAIN (FORMAT JSON) result and what it must show. */
    private record Plan(String sql, String kind, JsonNode root) {

        void uses(String index) {
            usesOneOf(index);
        }

        void usesOneOf(String... indexes) {
            List<String> wanted = List.of(indexes);
            assertThat(nodes()).as(describe()).anyMatch(node -> wanted.contains(node.path("Index Name").asText())
                    && node.path("Node Type").asText().matches("Index Scan|Index Only Scan|Bitmap Index Scan"));
        }

        /** No Seq Scan of the big tables. */
        void readsNothingWhole() {
            for (JsonNode node : nodes()) {
                assertThat(node.path("Node Type").asText().equals("Seq Scan")
                        && node.path("Relation Name").asText().matches("messages|participants|conversations"))
                        .as("Seq Scan on %s in %s", node.path("Relation Name").asText(), describe()).isFalse();
            }
        }

        /** Any Sort has a Limit below it: the index walk delivers rows in order, and only the page is re-sorted. */
        /** Every SubPlan (an EXISTS) hangs under a node of at most one row, so it runs once, not once per row. */
        void runsSubPlansOnce() {
            for (JsonNode node : nodes()) {
                for (JsonNode child : node.path("Plans")) {
                    if (child.path("Parent Relationship").asText().equals("SubPlan")) {
                        assertThat(node.path("Plan Rows").asDouble()).as("SubPlan under %s in %s",
                                node.path("Node Type").asText(), describe()).isLessThanOrEqualTo(1);
                    }
                }
            }
        }

        void sortsOnlyWhatALimitLetThrough() {
            for (JsonNode node : nodes()) {
                if (node.path("Node Type").asText().equals("Sort")) {
                    List<JsonNode> below = new ArrayList<>();
                    collect(node, below);
                    assertThat(below).as("unbounded Sort in %s", describe())
                            .anyMatch(n -> n != node && n.path("Node Type").asText().equals("Limit"));
                }
            }
        }

        private List<JsonNode> nodes() {
            List<JsonNode> nodes = new ArrayList<>();
            collect(root.get(0).get("Plan"), nodes);
            return nodes;
        }

        private static void collect(JsonNode node, List<JsonNode> nodes) {
            nodes.add(node);
            node.path("Plans").forEach(child -> collect(child, nodes));
        }

        private String describe() {
            return kind + " plan of\n" + sql + "\n" + root.toPrettyString();
        }
    }
}
