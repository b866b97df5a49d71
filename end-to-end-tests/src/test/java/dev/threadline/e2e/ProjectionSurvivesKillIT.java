package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.InfrastructureEndpoints;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestInfrastructure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once effect under a crash: one thread service runs undisturbed while another, on its
 * own database and consumer group, is killed with SIGKILL in the middle of the stream and
 * restarted. Both databases must end up identical, row for row.
 */
class ProjectionSurvivesKillIT {

    private static final int CONVERSATIONS = 300;
    private static final int MESSAGES_PER_CONVERSATION = 20;
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final Path repo = ServiceProcess.locateRepoRoot();

    @Test
    void killedAndRestartedServiceEndsWithTheSameDatabaseAsAnUndisturbedOne() throws Exception {
        // Given an undisturbed thread service and one that will be killed, each with its own database and group
        String steadyDb = infra.newDatabase("crash_steady");
        String crashedDb = infra.newDatabase("crash_killed");
        String runId = UUID.randomUUID().toString().substring(0, 8);
        ServiceProcess steady = threadService(steadyDb, "steady-" + runId);
        ServiceProcess crashing = threadService(crashedDb, "crashing-" + runId);
        steady.awaitHealthy(Duration.ofSeconds(60));
        crashing.awaitHealthy(Duration.ofSeconds(60));
        List<ConversationEvent> events = stream();
        String[] conversations = events.stream().map(ConversationEvent::getConversationId).distinct().toArray(String[]::new);
        long expectedMessages = events.stream().filter(e -> e.getPayload() instanceof MessagePosted).count();
        Map<Integer, Long> lastOffsets = new HashMap<>();
        try {
            // When a stream of events is produced and the second service is killed while it consumes
            try (var producer = producer()) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                int killAt = events.size() / 3;
                for (int i = 0; i < events.size(); i++) {
                    sent.add(send(producer, events.get(i)));
                    if (i == killAt) {
                        producer.flush();
                        awaitMessages(crashedDb, 1);
                        crashing.kill();
                    }
                }
                producer.flush();
                for (Future<RecordMetadata> record : sent) {
                    RecordMetadata metadata = record.get();
                    lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
                }
            }
            crashing = threadService(crashedDb, "crashing-" + runId);
            crashing.awaitHealthy(Duration.ofSeconds(60));

            // Then both have applied every event of the stream
            awaitApplied(steadyDb, "steady-" + runId, lastOffsets);
            awaitApplied(crashedDb, "crashing-" + runId, lastOffsets);
        } finally {
            steady.close();
            crashing.close();
        }

        // And their read models of these conversations are identical (other tests on the shared broker write to the
        // same topic: each service may have applied more of theirs by the time it stopped)
        for (String query : List.of(
                "SELECT * FROM conversations WHERE id = ANY (?::uuid[]) ORDER BY id",
                "SELECT * FROM participants WHERE conversation_id = ANY (?::uuid[]) ORDER BY conversation_id, user_id",
                "SELECT * FROM messages WHERE conversation_id = ANY (?::uuid[]) ORDER BY id")) {
            List<String> crashed = dump(crashedDb, query, conversations);
            assertThat(crashed).as(query).isNotEmpty().isEqualTo(dump(steadyDb, query, conversations));
        }
        assertThat(count(crashedDb, "SELECT count(*) FROM messages WHERE content LIKE 'message % of conversation %'"))
                .isEqualTo(expectedMessages);
    }

    /** Waits until {@code group} has stored, in {@code jdbcUrl}, offsets past every record this test produced. */
    private void awaitApplied(String jdbcUrl, String group, Map<Integer, Long> lastOffsets) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Map<Integer, Long> stored = new HashMap<>();
            try (Connection connection = connect(jdbcUrl);
                 PreparedStatement statement = connection.prepareStatement(
                         "SELECT partition, next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ?")) {
                statement.setString(1, group);
                statement.setString(2, Topics.CONVERSATION_EVENTS.name());
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        stored.put(row.getInt(1), row.getLong(2));
                    }
                }
            }
            if (lastOffsets.entrySet().stream().allMatch(last -> stored.getOrDefault(last.getKey(), 0L) > last.getValue())) {
                return;
            }
            assertThat(Instant.now()).as("%s applied offsets %s in time (stored: %s)", group, lastOffsets, stored)
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private ServiceProcess threadService(String jdbcUrl, String group) {
        InfrastructureEndpoints endpoints = infra.endpoints().withJdbcUrl(jdbcUrl);
        Map<String, String> environment = new HashMap<>(endpoints.asEnvironment());
        environment.put("THREADLINE_KAFKA_GROUP_ID", group);
        environment.put(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.processSecret());
        // Small batches make a kill more likely to land between two commits.
        environment.put("THREADLINE_KAFKA_MAX_POLL_RECORDS", "50");
        // The sentiment feed follows stats-streams, which other tests may run on the same broker: each service would
        // apply its averages at its own moment. This test is about the events alone.
        environment.put("THREADLINE_METRICS_FEED_ENABLED", "false");
        int port = LocalPorts.findFree();
        Path log = repo.resolve("thread-service/target/thread-service-" + group + "-" + port + ".log");
        return ServiceProcess.start(new ServiceProcess.Config("thread-service " + group,
                ThreadlineService.THREAD.jar(repo), port, environment, log));
    }

    /** Conversations started, chatted in, read and resolved, interleaved as a real load would be. */
    private static List<ConversationEvent> stream() {
        List<String> ids = new ArrayList<>();
        List<ConversationEvent> events = new ArrayList<>();
        for (int c = 0; c < CONVERSATIONS; c++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            events.add(event(id, T0.plusSeconds(c), new Actor("customer-" + c, Role.user), ConversationStarted.newBuilder()
                    .setKind(ConversationKind.support).setTitle("Ticket " + c)
                    .setParticipants(List.of(new Participant("customer-" + c, Role.user), new Participant("agent-" + c % 7, Role.agent)))
                    .build()));
        }
        for (int m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
            for (int c = 0; c < CONVERSATIONS; c++) {
                Role role = m % 2 == 0 ? Role.user : Role.agent;
                String sender = role == Role.user ? "customer-" + c : "agent-" + c % 7;
                events.add(event(ids.get(c), T0.plusSeconds(60L * (m + 1) + c), new Actor(sender, role), MessagePosted.newBuilder()
                        .setMessageId(UUID.randomUUID().toString()).setSenderId(sender).setSenderRole(role)
                        .setContent("message " + m + " of conversation " + c).setTokensUsed(m).build()));
                if (m == MESSAGES_PER_CONVERSATION / 2) {
                    events.add(event(ids.get(c), T0.plusSeconds(60L * (m + 1) + c + 1), new Actor("customer-" + c, Role.user),
                            new MessagesRead("customer-" + c, (long) m, null)));
                }
            }
        }
        for (int c = 0; c < CONVERSATIONS; c += 2) {
            events.add(event(ids.get(c), T0.plusSeconds(5_000 + c), new Actor("agent-" + c % 7, Role.agent),
                    new StatusChanged(ConversationStatus.resolved, "done")));
        }
        return events;
    }

    private static ConversationEvent event(String id, Instant at, Actor actor, Object payload) {
        return ConversationEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setConversationId(id)
                .setOccurredAt(at).setIngestedAt(at).setActor(actor).setSource("crash-test").setPayload(payload).build();
    }

    private KafkaProducer<String, ConversationEvent> producer() {
        var topic = Topics.CONVERSATION_EVENTS;
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static Future<RecordMetadata> send(KafkaProducer<String, ConversationEvent> producer, ConversationEvent event) {
        return producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(), event));
    }

    private void awaitMessages(String jdbcUrl, long atLeast) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (count(jdbcUrl, "SELECT count(*) FROM messages WHERE content LIKE 'message % of conversation %'") < atLeast) {
            assertThat(Instant.now()).as("%d messages applied in time", atLeast).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = connect(jdbcUrl); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            // The service may not have migrated its schema yet.
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private List<String> dump(String jdbcUrl, String sql, String[] conversations) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(jdbcUrl); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", conversations));
            try (ResultSet row = statement.executeQuery()) {
                int columns = row.getMetaData().getColumnCount();
                while (row.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        line.append(row.getMetaData().getColumnName(i)).append('=').append(row.getString(i)).append(' ');
                    }
                    rows.add(line.toString());
                }
            }
        }
        return rows;
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, infra.jdbcUser(), infra.jdbcPassword());
    }
}
