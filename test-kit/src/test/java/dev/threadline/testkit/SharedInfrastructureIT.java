package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.StringRecords;
import dev.threadline.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SharedInfrastructureIT {

    private final TestInfrastructure infrastructure = TestInfrastructure.shared();

    @Test
    void everyCallerGetsTheSameInfrastructure() {
        assertThat(TestInfrastructure.shared()).isSameAs(infrastructure);
    }

    @Test
    void sharedBrokerServesARecordOfARegistryTopic() {
        // given
        String topic = Topics.CONVERSATION_COMMANDS.name();

        // when
        StringRecords.produce(infrastructure.kafkaBootstrapServers(), topic, "conversation-7", "{}");

        // then
        assertThat(StringRecords.readAll(infrastructure.kafkaBootstrapServers(), topic)).contains("conversation-7={}");
    }

    @Test
    void sharedPostgresAnswersAQueryInTheThreadlineDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                infrastructure.jdbcUrl(), infrastructure.jdbcUser(), infrastructure.jdbcPassword());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database(), current_setting('server_version_num')")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("threadline");
            assertThat(row.getInt(2)).isGreaterThanOrEqualTo(170000);
        }
    }

    @Test
    void newDatabaseIsSeparateFromTheSharedOneAndCanBeAskedForTwice() throws SQLException {
        // given
        String first = infrastructure.newDatabase("isolated_it");

        // when
        String second = infrastructure.newDatabase("isolated_it");

        // then
        assertThat(second).isEqualTo(first).endsWith("/isolated_it");
        try (Connection connection = DriverManager.getConnection(second, infrastructure.jdbcUser(), infrastructure.jdbcPassword());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("isolated_it");
        }
    }
}
