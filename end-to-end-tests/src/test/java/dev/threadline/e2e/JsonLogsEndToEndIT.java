package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.schemas.logging.LogContext;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * One setting, {@code THREADLINE_LOG_FORMAT=json}, turns a service's log into one JSON object a line, and a line about
 * a conversation carries its id in the logging context: a thread service that dead-letters a record says so in JSON,
 * with the record's conversation id.
 */
class JsonLogsEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEXT_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) ");

    @Test
    void withJsonLogsEveryLineIsAnObjectAndADeadLetterNamesItsConversation() throws Exception {
        // Given a thread service of its own, logging JSON
        TestInfrastructure infra = TestInfrastructure.shared();
        ServiceProcess thread = ServiceProcess.start(ServiceProcess.locateRepoRoot(), ThreadlineService.THREAD,
                LocalPorts.findFree(), infra.endpoints().withJdbcUrl(infra.newDatabase("json_logs")),
                Map.of("THREADLINE_KAFKA_GROUP_ID", "thread-service-json-logs-" + UUID.randomUUID(),
                        "THREADLINE_LOG_FORMAT", "json"));
        try {
            thread.awaitHealthy(Duration.ofSeconds(60));

            // When a record that is no event arrives for a conversation
            String conversationId = "json-logs-" + UUID.randomUUID();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    infra.kafkaBootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), conversationId.getBytes(StandardCharsets.UTF_8),
                        "not an event".getBytes(StandardCharsets.UTF_8)));
            }

            // Then the dead letter's warning is a JSON line with the conversation id in its context
            JsonNode warning = Eventually.eventually(Duration.ofSeconds(30), Duration.ofMillis(300), () -> logLines(thread).stream()
                    .filter(line -> line.startsWith("{") && line.endsWith("}"))
                    .map(JsonLogsEndToEndIT::parse)
                    .filter(line -> conversationId.equals(line.path("mdc").path(LogContext.CONVERSATION_ID).asText()))
                    .findFirst().orElse(null));
            assertThat(warning.path("level").asText()).isEqualTo("WARN");
            assertThat(warning.path("formattedMessage").asText()).startsWith("Dead-lettering").contains("malformed");
            assertThat(warning.path("loggerName").asText()).endsWith("KafkaDeadLetterSink");

            // And no line of the service's own log is in the text format
            List<String> lines = logLines(thread);
            assertThat(lines.stream().filter(line -> line.startsWith("{")).count()).isGreaterThan(5);
            assertThat(lines).noneMatch(line -> TEXT_LINE.matcher(line).find());
            lines.stream().filter(line -> line.startsWith("{")).forEach(JsonLogsEndToEndIT::parse);
        } finally {
            thread.close();
        }
    }

    private static List<String> logLines(ServiceProcess service) {
        try {
            return Files.readAllLines(service.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
