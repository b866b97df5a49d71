package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose grants exactly {@link KafkaAccess}'s ACLs, and each service logs in as the user they are granted to. */
class KafkaAccessTest {

    @Test
    void composeGrantsTheAclsOfKafkaAccessToTheUsersTheServicesLogInAs() throws Exception {
        String compose = Files.readString(ServiceProcess.locateRepoRoot().resolve("docker-compose.yml"));
        String heredoc = compose.substring(compose.indexOf("<<'ACLS'\n") + "<<'ACLS'\n".length());
        List<String> granted = heredoc.substring(0, heredoc.indexOf("\n        ACLS")).lines().map(String::strip).toList();
        assertThat(granted).isEqualTo(KafkaAccess.commands());

        Map<String, Map<String, Object>> services = new Yaml().<Map<String, Map<String, Map<String, Object>>>>load(compose)
                .get("services");
        Map<String, String> users = Map.of("ingest-service", KafkaAccess.INGEST, "thread-service", KafkaAccess.THREAD,
                "stats-streams", KafkaAccess.STATS);
        users.forEach((service, user) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> environment = (Map<String, Object>) services.get(service).get("environment");
            assertThat(environment).as(service).containsEntry("THREADLINE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("THREADLINE_KAFKA_SASL_USERNAME", user);
        });
    }
}
