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

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
