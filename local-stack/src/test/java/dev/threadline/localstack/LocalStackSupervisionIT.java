package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervised stack of {@code ./threadline up} against the real broker and the real PostgreSQL; the services are
 * {@link FakeServiceJar}s, because the real ones are built after this module.
 */
@Timeout(60)
class LocalStackSupervisionIT {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(45);

    @TempDir
    static Path dir;
    private static final List<String> CONSOLE = new CopyOnWriteArrayList<>();
    private static LocalStack stack;
    private static LocalStackSettings settings;

    @BeforeAll
    @Timeout(120)
    static void startStack() throws IOException {
        settings = LocalStackSettings.onFreePorts(FakeServiceJar.buildRepo(dir), dir.resolve("home"));
        stack = LocalStack.start(settings, SupervisionSettings.defaults(false), line -> {
            CONSOLE.add(line);
            System.out.println("console: " + line);
        });
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void brokerKilledWithSigkillIsReportedAndRestartedOnItsPortWithItsTopics() {
        // given
        long killed = stack.pid(StackComponent.KAFKA);

        // when
        stack.kill(StackComponent.KAFKA);
        stack.awaitHealthy(StackComponent.KAFKA, BACK_WITHIN);

        // then
        assertThat(stack.pid(StackComponent.KAFKA)).isNotEqualTo(killed);
        assertThat(CONSOLE).contains("kafka exited with code 137; restarting it in 1 s; log "
                + LocalStack.displayed(settings.logsDir().resolve("kafka.log")));
        awaitLine("kafka is healthy again (pid " + stack.pid(StackComponent.KAFKA) + ", after 1 restart)");
        String topic = Topics.CONVERSATION_COMMANDS.name();
        StringRecords.produce(stack.endpoints().kafkaBootstrapServers(), topic, "after-restart", "{}");
        assertThat(StringRecords.readAll(stack.endpoints().kafkaBootstrapServers(), topic)).contains("after-restart={}");
    }

    @Test
    void postmasterKilledWithSigkillIsRestartedWithEveryCommittedRow() throws SQLException {
        // given a committed row
        execute("CREATE TABLE IF NOT EXISTS notes (text varchar NOT NULL)");
        execute("INSERT INTO notes VALUES ('committed before the crash')");
        long killed = stack.pid(StackComponent.POSTGRES);

        // when the postmaster is killed
        stack.kill(StackComponent.POSTGRES);
        stack.awaitHealthy(StackComponent.POSTGRES, BACK_WITHIN);

        // then it is reported, restarted and the row is there
        assertThat(CONSOLE).contains("postgres exited (pid " + killed + "; its exit code is not known: pg_ctl started it);"
                + " restarting it in 1 s; log " + LocalStack.displayed(settings.logsDir().resolve("postgres.log")));
        awaitLine("postgres is healthy again (pid " + stack.pid(StackComponent.POSTGRES) + ",");
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM notes WHERE text = 'committed before the crash'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void serviceThatExitsByItselfIsReportedAndRestarted() throws Exception {
        // given
        URI ingest = stack.baseUri(ThreadlineService.INGEST);
        long exited = stack.pid(StackComponent.INGEST_SERVICE);

        // when it exits with code 3
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(ingest.resolve("/exit")).build(),
                HttpResponse.BodyHandlers.discarding());
        awaitLine("ingest-service exited with code 3");
        stack.awaitHealthy(StackComponent.INGEST_SERVICE, BACK_WITHIN);

        // then
        assertThat(stack.pid(StackComponent.INGEST_SERVICE)).isNotEqualTo(exited);
        assertThat(CONSOLE).contains("ingest-service exited with code 3; restarting it in 1 s; log "
                + LocalStack.displayed(settings.logsDir().resolve("ingest-service.log")));
        awaitLine("ingest-service is healthy again");
    }

    @Test
    void stoppedPostmasterIsReportedOnceAndAgainWhenItContinuesWithoutARestart() throws Exception {
        // given
        long pid = stack.pid(StackComponent.POSTGRES);

        // when it is stopped with SIGSTOP for a few probes, then continued
        signal("STOP", pid);
        try {
            awaitLine("postgres does not answer (pid " + pid + " still runs)");
        } finally {
            signal("CONT", pid);
        }
        awaitLine("postgres answers again");

        // then it was not restarted
        assertThat(stack.pid(StackComponent.POSTGRES)).isEqualTo(pid);
        stack.awaitHealthy(StackComponent.POSTGRES, BACK_WITHIN);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    private static void awaitLine(String start) {
        long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
        while (CONSOLE.stream().noneMatch(line -> line.startsWith(start))) {
            assertThat(System.nanoTime()).as("'%s' on the console; it has %s", start, CONSOLE).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Connection connect() throws SQLException {
        InfrastructureEndpoints endpoints = stack.endpoints();
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
