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
    void killedPostmasterRestartsOnTheSamePortWithItsRows(@TempDir Path home) throws SQLException {
        // given a persistent server with a row, whose postmaster is killed with SIGKILL
        EmbeddedPostgresServer.Config config = EmbeddedPostgresServer.Config.persistent(
                home.resolve("postgres"), LocalPorts.findFree(), home.resolve("postgres.log"));
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(config);
        execute(server, "CREATE TABLE notes (text varchar NOT NULL)");
        execute(server, "CHECKPOINT");
        long postmaster = server.postmasterPid();
        server.kill();
        assertThat(ProcessHandle.of(postmaster)).isEmpty();

        // when it starts again on the same data directory and port
        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(config)) {
            execute(restarted, "INSERT INTO notes VALUES ('after the crash')");

            // then it answers on the same port with the table it had
            assertThat(restarted.port()).isEqualTo(config.port());
            assertThat(restarted.postmasterPid()).isNotEqualTo(postmaster);
        }
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
