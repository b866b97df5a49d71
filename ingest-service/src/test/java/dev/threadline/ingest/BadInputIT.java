package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every class of bad input is answered with a problem+json and publishes nothing. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    private static final String MESSAGES = "/v1/conversations/" + UUID.randomUUID() + "/messages";

    @Inject
    EmbeddedServer server;

    private TopicReader topic;
    private long endOffsetsBefore;

    @Override
    public Map<String, String> getProperties() {
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
        Map<String, String> properties = TestProperties.service("ingest_bad_input_it");
        properties.put("micronaut.server.max-request-size", "256KB");
        properties.put("threadline.ingest.max-batch-items", "3");
        return properties;
    }

    @BeforeEach
    void rememberEndOffsets() {
        endOffsetsBefore = topic.endOffsetSum(Topics.CONVERSATION_EVENTS);
    }

    @AfterEach
    void nothingWasPublished() {
        assertThat(topic.endOffsetSum(Topics.CONVERSATION_EVENTS)).as("events published for a rejected request").isEqualTo(endOffsetsBefore);
    }

    @AfterAll
    void close() {
        topic.close();
    }

    @Test
    void malformedJsonIsA400Problem() {
        assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": "), 400);
    }

    @Test
    void wrongTypeIsA400Problem() {
        assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\", \"tokensUsed\": \"many\"}"), 400);
    }

    @Test
    void unknownEnumValueIsA400Problem() {
        assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"telepathy\"}"), 400);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        var fields = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderId\": \"u-1\"}"), 400);

        assertThat(fields).contains("senderRole", "content");
    }

    @Test
    void emptyContentIsNamed() {
        var fields = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"\"}"), 400);

        assertThat(fields).containsExactly("content");
    }

    @Test
    void contentOverTheByteLimitIsNamedEvenWhenItHasFewerCharacters() {
        // 11,000 three-byte characters: 33,000 bytes of UTF-8, over the 32 KiB limit, in fewer chars
        String content = "€".repeat(11_000);

        var fields = assertProblem(HTTP.json(base(), "POST", MESSAGES,
                "{\"senderRole\": \"user\", \"content\": \"" + content + "\"}"), 400);

        assertThat(fields).containsExactly("content");
    }

    @Test
    void invalidUtf8IsA400Problem() {
        byte[] prefix = "{\"senderRole\": \"user\", \"content\": \"".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;      // a lead byte ...
        body[prefix.length + 1] = (byte) 0x28;  // ... followed by no continuation byte
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        assertProblem(HTTP.send(base(), "POST", MESSAGES, "application/json", body), 400);
    }

    @Test
    void tooManyBatchItemsIsNamed() {
        String item = "{\"type\": \"postMessage\", \"conversationId\": \"" + UUID.randomUUID()
                + "\", \"message\": {\"senderRole\": \"user\", \"content\": \"hi\"}}";
        String body = "{\"commands\": [" + String.join(",", item, item, item, item) + "]}";

        var fields = assertProblem(HTTP.json(base(), "POST", "/v1/batch", body), 400);

        assertThat(fields).containsExactly("commands");
    }

    @Test
    void idsThatAreNotUuidsAreNamed() {
        var pathId = assertProblem(HTTP.json(base(), "POST", "/v1/conversations/42/messages",
                "{\"senderRole\": \"user\", \"content\": \"hi\"}"), 400);
        var bodyIds = assertProblem(HTTP.json(base(), "POST", MESSAGES,
                "{\"id\": \"m-1\", \"replyTo\": \"nope\", \"senderRole\": \"user\", \"content\": \"hi\"}"), 400);

        assertThat(pathId).containsExactly("conversationId");
        assertThat(bodyIds).containsExactly("id", "replyTo");
    }

    @Test
    void unknownJsonFieldsAreRejected() {
        // A misspelt field must not be dropped silently.
        assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\", \"tokenUsed\": 5}"), 400);
    }

    @Test
    void bodyOverTheRequestLimitIsA413Problem() {
        String content = "x".repeat(300 * 1024);

        assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"" + content + "\"}"), 413);
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        assertProblem(HTTP.send(base(), "POST", MESSAGES, "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    void occurredAtFarInTheFutureIsNamed() {
        var fields = assertProblem(HTTP.json(base(), "POST", MESSAGES,
                "{\"senderRole\": \"user\", \"content\": \"hi\", \"occurredAt\": \"2999-01-01T00:00:00Z\"}"), 400);

        assertThat(fields).containsExactly("occurredAt");
    }

    @Test
    void readReceiptNeedsExactlyOnePosition() {
        var fields = assertProblem(HTTP.json(base(), "POST", "/v1/conversations/" + UUID.randomUUID() + "/read",
                "{\"userId\": \"u-1\"}"), 400);

        assertThat(fields).as("a rule over the whole body names no single field").containsExactly((Object) null);
    }

    @Test
    void duplicateKeysAreA400Problem() {
        assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"a\", \"content\": \"b\"}"), 400);
    }

    @Test
    void unknownTopLevelBatchFieldIsRejectedAndNoCommandRuns() {
        String item = "{\"type\": \"postMessage\", \"conversationId\": \"" + UUID.randomUUID()
                + "\", \"message\": {\"senderRole\": \"user\", \"content\": \"hi\"}}";

        assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [" + item + "], \"dryRun\": true}"), 400);
    }

    @Test
    void nullBatchCommandIsNamed() {
        var fields = assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [null]}"), 400);

        assertThat(fields).containsExactly("commands[0]");
    }

    @Test
    void missingContentTypeIsA415Problem() {
        assertProblem(HTTP.send(base(), "POST", MESSAGES, null,
                "{\"senderRole\": \"user\", \"content\": \"hi\"}".getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    void numbersAndBooleansWhereStringsBelongAreNamed() {
        var title = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"title\": 12345}"), 400);
        var content = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": true}"), 400);
        var tag = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"tags\": [\"a\", 7]}"), 400);
        var attribute = assertProblem(HTTP.json(base(), "POST", MESSAGES,
                "{\"senderRole\": \"user\", \"content\": \"hi\", \"attributes\": {\"k\": 1}}"), 400);

        assertThat(title).containsExactly("title");
        assertThat(content).containsExactly("content");
        assertThat(tag).containsExactly("tags[1]");
        assertThat(attribute).containsExactly("attributes[k]");
    }

    @Test
    void stringsAndFractionsWhereIntegersBelongAreNamed() {
        var quoted = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\", \"tokensUsed\": \"5\"}"), 400);
        var fraction = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\", \"tokensUsed\": 1.5}"), 400);
        var window = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"ai_chat\", \"contextWindow\": 1.5}"), 400);
        var seq = assertProblem(HTTP.json(base(), "POST", "/v1/conversations/" + UUID.randomUUID() + "/read",
                "{\"userId\": \"u-1\", \"upToSeq\": 1.5}"), 400);

        assertThat(quoted).containsExactly("tokensUsed");
        assertThat(fraction).containsExactly("tokensUsed");
        assertThat(window).containsExactly("contextWindow");
        assertThat(seq).containsExactly("upToSeq");
    }

    @Test
    void flagsMustBeBooleans() {
        String flags = "/v1/conversations/" + UUID.randomUUID() + "/flags";

        var number = assertProblem(HTTP.json(base(), "PUT", flags, "{\"userId\": \"u-1\", \"pinned\": 1}"), 400);
        var word = assertProblem(HTTP.json(base(), "PUT", flags, "{\"userId\": \"u-1\", \"archived\": \"yes\"}"), 400);

        assertThat(number).containsExactly("pinned");
        assertThat(word).containsExactly("archived");
    }

    @Test
    void unknownFieldsAreNamed() {
        var top = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\", \"tokenUsed\": 5}"), 400);
        var nested = assertProblem(HTTP.json(base(), "POST", "/v1/conversations",
                "{\"kind\": \"support\", \"firstMessage\": {\"senderRole\": \"user\", \"content\": \"x\", \"extra\": 1}}"), 400);
        var inBatch = assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [{\"type\": \"markRead\", \"conversationId\": \""
                + UUID.randomUUID() + "\", \"read\": {\"userId\": \"u-1\", \"upToSeq\": 1, \"at\": 2}}]}"), 400);

        assertThat(top).containsExactly("tokenUsed");
        assertThat(nested).containsExactly("firstMessage.extra");
        assertThat(inBatch).containsExactly("commands[0].read.at");
    }

    @Test
    void nulInAnyTextIsNamed() {
        String conversation = "/v1/conversations/" + UUID.randomUUID();
        String nul = "a\\u0000b";

        var title = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"title\": \"" + nul + "\"}"), 400);
        var content = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"" + nul + "\"}"), 400);
        var attributeValue = assertProblem(HTTP.json(base(), "POST", MESSAGES,
                "{\"senderRole\": \"user\", \"content\": \"hi\", \"attributes\": {\"k\": \"" + nul + "\"}}"), 400);
        var attributeKey = assertProblem(HTTP.json(base(), "POST", MESSAGES,
                "{\"senderRole\": \"user\", \"content\": \"hi\", \"attributes\": {\"" + nul + "\": \"v\"}}"), 400);
        var tag = assertProblem(HTTP.json(base(), "PATCH", conversation, "{\"tags\": [\"ok\", \"" + nul + "\"]}"), 400);
        var edited = assertProblem(HTTP.json(base(), "PATCH", conversation + "/messages/" + UUID.randomUUID(), "{\"content\": \"" + nul + "\"}"), 400);
        var userId = assertProblem(HTTP.json(base(), "DELETE", conversation + "/participants/a%00b", ""), 400);

        assertThat(title).containsExactly("title");
        assertThat(content).containsExactly("content");
        assertThat(attributeValue).containsExactly("attributes[k]");
        assertThat(attributeKey).containsExactly("attributes");
        assertThat(tag).containsExactly("tags[1]");
        assertThat(edited).containsExactly("content");
        assertThat(userId).containsExactly("userId");
    }

    @Test
    void loneSurrogateIsNamed() {
        var fields = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"a\\ud800b\"}"), 400);

        assertThat(fields).containsExactly("content");
    }

    @Test
    void overlongUtf8IsA400Problem() {
        byte[] prefix = "{\"senderRole\": \"user\", \"content\": \"a".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "b\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC0;      // an overlong two-byte encoding ...
        body[prefix.length + 1] = (byte) 0x80;  // ... of NUL
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        assertProblem(HTTP.send(base(), "POST", MESSAGES, "application/json", body), 400);
    }

    @Test
    void batchItemWithNulIsRejectedByItself() {
        String item = "{\"type\": \"postMessage\", \"conversationId\": \"" + UUID.randomUUID()
                + "\", \"message\": {\"senderRole\": \"user\", \"content\": \"a\\u0000b\"}}";

        var response = HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [" + item + "]}");

        assertThat(response.body()).contains("\"status\":400").contains("message.content").contains("NUL");
    }

    @Test
    void trailingContentAfterTheJsonIsA400Problem() {
        var garbage = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\"} garbage"), 400);
        var second = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\"}{}"), 400);

        assertThat(garbage).as("the body as a whole is at fault").containsExactly((Object) null);
        assertThat(second).containsExactly((Object) null);
    }

    @Test
    void overlongFormsAndEncodedSurrogatesAreInvalidUtf8NamedByTheirField() {
        // Jackson decodes C0 AF to '/' and E0 80 AF likewise; ED A0 80 is a surrogate, which UTF-8 cannot encode
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            var content = assertProblem(withBytes("{\"senderRole\": \"user\", \"content\": \"a", bad, "b\"}"), 400);
            var attribute = assertProblem(withBytes("{\"senderRole\": \"user\", \"content\": \"a\", \"attributes\": {\"k\": \"", bad, "\"}}"), 400);
            var key = assertProblem(withBytes("{\"senderRole\": \"user\", \"content\": \"a\", \"attributes\": {\"", bad, "\": \"v\"}}"), 400);

            assertThat(content).containsExactly("content");
            assertThat(attribute).containsExactly("attributes[k]");
            assertThat(key).containsExactly("attributes");
        }
    }

    @Test
    void aKeyGivenTwiceIsNamedByItsPath() {
        var top = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"a\", \"content\": \"b\"}"), 400);
        var nested = assertProblem(HTTP.json(base(), "POST", "/v1/conversations",
                "{\"kind\": \"support\", \"firstMessage\": {\"senderRole\": \"user\", \"content\": \"x\", \"content\": \"y\"}}"), 400);
        var mapKey = assertProblem(HTTP.json(base(), "POST", MESSAGES,
                "{\"senderRole\": \"user\", \"content\": \"a\", \"attributes\": {\"k\": \"1\", \"k\": \"2\"}}"), 400);
        var inBatch = assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [{\"type\": \"markRead\", \"type\": \"markRead\"}]}"), 400);

        assertThat(top).containsExactly("content");
        assertThat(nested).containsExactly("firstMessage.content");
        assertThat(mapKey).containsExactly("attributes[k]");
        assertThat(inBatch).containsExactly("commands[0].type");
    }

    @Test
    void numbersWhereInstantsAndNamesBelongAreNamedNotCoerced() {
        // 1700000000 would be read as epoch seconds, 1 as the second role
        long now = java.time.Instant.now().getEpochSecond();
        var occurredAt = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\", \"occurredAt\": " + now + "}"), 400);
        var role = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": 1, \"content\": \"hi\"}"), 400);
        var kind = TestHttp.body(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"SUPPORT\"}"));

        assertThat(occurredAt).containsExactly("occurredAt");
        assertThat(role).containsExactly("senderRole");
        assertThat(kind.get("detail")).asString().isEqualTo("must be one of support, direct, group, ai_chat, roleplay, custom");
    }

    @Test
    void aBlankListItemIsNamedByItsIndexAlone() {
        var tag = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"tags\": [\"a\", \" \"]}"), 400);
        var member = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"participants\": [null]}"), 400);

        assertThat(tag).containsExactly("tags[1]");
        assertThat(member).containsExactly("participants[0]");
    }

    @Test
    void aBatchItemOfNoKnownTypeIsNamedByItsType() {
        var unknown = assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [{\"type\": \"postMesage\"}]}"), 400);
        var missing = assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [{\"conversationId\": \"x\"}]}"), 400);
        var number = assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": [{\"type\": 5}]}"), 400);

        assertThat(unknown).containsExactly("commands[0].type");
        assertThat(missing).containsExactly("commands[0].type");
        assertThat(number).containsExactly("commands[0].type");
    }

    @Test
    void pathSegmentsThatAreNotUtf8AreNamedNotReplaced() {
        String conversation = "/v1/conversations/" + UUID.randomUUID();

        var userId = assertProblem(HTTP.json(base(), "DELETE", conversation + "/participants/%FF", ""), 400);
        var overlong = assertProblem(HTTP.json(base(), "DELETE", conversation + "/participants/a%C0%AF", ""), 400);

        assertThat(userId).containsExactly("userId");
        assertThat(overlong).containsExactly("userId");
    }

    @Test
    void urlOverTheRequestLineLimitIs414AndHeadersOverTheirsAre431AndTheClientCanGoOn() {
        assertProblem(HTTP.json(base(), "POST", "/v1/conversations/" + "a".repeat(5_000) + "/messages", "{}"), 414);
        assertProblem(HTTP.json(base(), "POST", MESSAGES, "{}", "X-Padding", "p".repeat(10_000)), 431);

        // The server drops such a connection, and says so: the client's next request gets a connection that works
        assertProblem(HTTP.json(base(), "POST", MESSAGES, "{}"), 400);
    }

    @Test
    void a414IsAnsweredEvenWhileTheClientIsStillSendingItsBody() {
        // Given the request IngestFuzzIT found unanswered: a PATCH whose conversation id of 5000 characters puts its
        // URL over the limit, here with a body the client is still sending when the 414 is written (the server closed
        // the connection at once, the client's remaining bytes drew a reset, and about one in thirty lost the answer)
        String path = "/v1/conversations/" + "a".repeat(5_000);
        byte[] body = ("{\"summary\": \"" + "s".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 150; i++) {
            // When it is sent, again and again
            var response = HTTP.send(base(), "PATCH", path, "application/json", body);

            // Then each time it is answered, 414
            assertProblem(response, 414);
        }
    }

    @Test
    void aListThatIsNoArrayIsNamedByItselfNotByAnItem() {
        var participants = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"participants\": -1}"), 400);
        var tags = assertProblem(HTTP.json(base(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"tags\": \"a\"}"), 400);
        var commands = assertProblem(HTTP.json(base(), "POST", "/v1/batch", "{\"commands\": {}}"), 400);

        assertThat(participants).containsExactly("participants");
        assertThat(tags).containsExactly("tags");
        assertThat(commands).containsExactly("commands");
    }

    @Test
    void anUnknownFieldWithAnEmptyNameIsNamedSo() {
        var fields = assertProblem(HTTP.json(base(), "POST", MESSAGES, "{\"senderRole\": \"user\", \"content\": \"hi\", \"\": 1}"), 400);

        assertThat(fields).containsExactly("");
    }

    private java.net.http.HttpResponse<String> withBytes(String before, byte[] bytes, String after) {
        byte[] prefix = before.getBytes(StandardCharsets.UTF_8);
        byte[] suffix = after.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bytes.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bytes, 0, body, prefix.length, bytes.length);
        System.arraycopy(suffix, 0, body, prefix.length + bytes.length, suffix.length);
        return HTTP.send(base(), "POST", MESSAGES, "application/json", body);
    }

    private URI base() {
        return server.getURI();
    }
}
