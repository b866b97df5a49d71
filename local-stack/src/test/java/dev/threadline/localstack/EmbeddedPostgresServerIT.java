package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIT {

    @Test
    void persistentServerKeepsItsRowsAcrossARestart(@TempDir Path home) throws SQLException {
        // given a persistent server with a row in the threadline database
        EmbeddedPostgresServer.Config config = EmbeddedPostgresServer.Config.persistent(
                home.resolve("postgres"), LocalPorts.findFree(), home.resolve("postgres.log"));
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(config)) {
            execute(server, "CREATE TABLE notes (text varchar NOT NULL)");
            execute(server, "INSERT INTO notes VALUES ('kept')");
        }

        // when it starts again on the same data directory
        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(config);
                Connection connection = DriverManager.getConnection(restarted.jdbcUrl(), restarted.user(), restarted.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT text FROM notes")) {

            // then the row is still there
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("kept");
        }
        assertThat(home.resolve("postgres").resolve("PG_VERSION")).content().startsWith("17");
    }

    @Test
    void serverFlushesEveryCommitToDiskBeforeItAnswers(@TempDir Path home) throws SQLException {
        // given a server as tests and ./threadline up start it (zonky's defaults are fsync off, asynchronous commit)
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                EmbeddedPostgresServer.Config.throwaway(home.resolve("postgres"), home.resolve("postgres.log")))) {

            // when its settings are read on the running server
            // then every one that makes a commit durable is on
            assertThat(show(server, "fsync")).isEqualTo("on");
            assertThat(show(server, "synchronous_commit")).isEqualTo("on");
            assertThat(show(server, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void killedPostmasterIsReplacedOnTheSamePortWithEveryCommittedRow(@TempDir Path home) throws SQLException {
        // given a server with committed rows whose postmaster is killed with SIGKILL
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                EmbeddedPostgresServer.Config.throwaway(home.resolve("postgres"), home.resolve("postgres.log")));
        execute(server, "CREATE TABLE notes (text varchar NOT NULL)");
        execute(server, "INSERT INTO notes SELECT 'row ' || n FROM generate_series(1, 100) n");
        long killedPid = server.pid();
        server.kill();
        assertThat(server.isRunning()).isFalse();
        assertThat(server.answers()).isFalse();

        // when it is restarted
        try (EmbeddedPostgresServer restarted = server.restarted();
                Connection connection = DriverManager.getConnection(restarted.jdbcUrl(), restarted.user(), restarted.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM notes")) {

            // then a new postmaster answers on the same port with every row
            assertThat(restarted.port()).isEqualTo(server.port());
            assertThat(restarted.pid()).isNotEqualTo(killedPid);
            assertThat(restarted.answers()).isTrue();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(100);
        }
    }

    private static String show(EmbeddedPostgresServer server, String setting) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + setting)) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
