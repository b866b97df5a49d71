package dev.threadline.e2e.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.testkit.TestHttp;
import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.commands.DeleteConversation;
import dev.threadline.commands.DeleteMessage;
import dev.threadline.commands.NewMessage;
import dev.threadline.commands.PostMessage;
import dev.threadline.commands.StartConversation;
import dev.threadline.commands.UpdateConversation;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends the steps of a {@link StatsScript} through the ingest service: {@code POST /v1/batch} for most, the Kafka
 * intake topic (with a tenant, which only the intake carries) for the rest.
 */
final class IngestCommands implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH_LIMIT = 500;

    private static final TestHttp HTTP = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-service", "service"));
    private final URI ingest;
    private final String tenant;
    private final KafkaProducer<String, ConversationCommandRecord> intake;

    IngestCommands(URI ingest, String bootstrapServers, String tenant) {
        this.ingest = ingest;
        this.tenant = tenant;
        var topic = Topics.CONVERSATION_COMMANDS;
        this.intake = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Sends every step and returns once the ingest service accepted the HTTP ones and Kafka has the intake ones. */
    void send(List<Step> steps, Predicate<String> viaIntake) {
        List<Step> overHttp = steps.stream().filter(step -> !viaIntake.test(step.conversationId())).toList();
        for (int from = 0; from < overHttp.size(); from += BATCH_LIMIT) {
            batch(overHttp.subList(from, Math.min(overHttp.size(), from + BATCH_LIMIT)));
        }
        var topic = Topics.CONVERSATION_COMMANDS;
        steps.stream().filter(step -> viaIntake.test(step.conversationId())).forEach(step ->
                intake.send(new ProducerRecord<>(topic.name(), step.conversationId(), record(step))));
        intake.flush();
    }

    private void batch(List<Step> steps) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode commands = body.putArray("commands");
        steps.forEach(step -> commands.add(json(step)));
        try {
            HttpResponse<String> response = HTTP.json(ingest, "POST", "/v1/batch", JSON.writeValueAsString(body));
            assertThat(response.statusCode()).as("batch of %d commands: %s", steps.size(),
                    response.body().substring(0, Math.min(500, response.body().length()))).isIn(200, 202);
            for (JsonNode result : JSON.readTree(response.body()).get("results")) {
                assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(202);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode json(Step step) {
        ObjectNode command = JSON.createObjectNode();
        switch (step) {
            case Step.Start start -> {
                command.put("type", "startConversation");
                ObjectNode conversation = command.putObject("conversation");
                conversation.put("id", start.conversationId()).put("kind", start.kind().name())
                        .put("priority", start.priority().name()).put("title", "stats e2e");
                conversation.set("firstMessage", json(start.first()));
            }
            case Step.Post post -> {
                command.put("type", "postMessage").put("conversationId", post.conversationId());
                command.set("message", json(post.message()));
            }
            case Step.Status status -> {
                command.put("type", "updateConversation").put("conversationId", status.conversationId());
                command.putObject("changes").put("status", status.status().name());
            }
            case Step.Escalate escalate -> {
                command.put("type", "updateConversation").put("conversationId", escalate.conversationId());
                command.putObject("changes").put("priority", escalate.priority().name());
            }
            case Step.DeleteMessage delete -> command.put("type", "deleteMessage")
                    .put("conversationId", delete.conversationId()).put("messageId", delete.messageId());
            case Step.DeleteConversation delete -> command.put("type", "deleteConversation")
                    .put("conversationId", delete.conversationId());
        }
        return command;
    }

    private static ObjectNode json(Step.Message message) {
        ObjectNode json = JSON.createObjectNode().put("id", message.id()).put("senderRole", message.role().name())
                .put("senderId", message.role().name() + "-1").put("content", message.content());
        if (message.occurredAt() != null) {
            json.put("occurredAt", message.occurredAt().toString());
        }
        return json;
    }

    private ConversationCommandRecord record(Step step) {
        Object command = switch (step) {
            case Step.Start start -> StartConversation.newBuilder().setConversationId(start.conversationId())
                    .setKind(start.kind()).setPriority(start.priority()).setTitle("stats e2e")
                    .setFirstMessage(message(start.first())).build();
            case Step.Post post -> new PostMessage(post.conversationId(), message(post.message()));
            case Step.Status status -> UpdateConversation.newBuilder().setConversationId(status.conversationId())
                    .setStatus(status.status()).build();
            case Step.Escalate escalate -> UpdateConversation.newBuilder().setConversationId(escalate.conversationId())
                    .setPriority(escalate.priority()).build();
            case Step.DeleteMessage delete -> DeleteMessage.newBuilder().setConversationId(delete.conversationId())
                    .setMessageId(delete.messageId()).build();
            case Step.DeleteConversation delete -> DeleteConversation.newBuilder()
                    .setConversationId(delete.conversationId()).build();
        };
        return ConversationCommandRecord.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setIssuedAt(Instant.now()).setSource("stats-e2e").setTenant(tenant).setCommand(command).build();
    }

    private static NewMessage message(Step.Message message) {
        return NewMessage.newBuilder().setMessageId(message.id()).setSenderId(message.role().name() + "-1")
                .setSenderRole(message.role()).setContent(message.content()).setOccurredAt(message.occurredAt()).build();
    }

    @Override
    public void close() {
        intake.close();
    }
}
