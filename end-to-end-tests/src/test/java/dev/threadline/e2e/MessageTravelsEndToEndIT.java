package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.MessagePosted;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TopicReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A message travels the whole pipeline: HTTP into the ingest service, onto conversation-events,
 * into PostgreSQL through the thread service, and back out over HTTP. Both services run from
 * their packaged jars as their own processes, against the real broker and PostgreSQL.
 */
class MessageTravelsEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestHttp SERVICE = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-service", "service"));
    private static final TestHttp AGENT = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-agent", "agent"));

    private static ServiceProcess ingest;
    private static ServiceProcess thread;
    private static TopicReader topic;

    @BeforeAll
    static void startServices() {
        TestInfrastructure infra = TestInfrastructure.shared();
        Path repo = ServiceProcess.locateRepoRoot();
        ingest = ServiceProcess.start(repo, ThreadlineService.INGEST, LocalPorts.findFree(), infra.endpoints());
        // Its own database, so its own consumer group: other tests' thread services on this broker would otherwise take
        // partitions of the group and store this test's events in their databases.
        thread = ServiceProcess.start(repo, ThreadlineService.THREAD, LocalPorts.findFree(),
                infra.endpoints().withJdbcUrl(infra.newDatabase("end_to_end")),
                Map.of("THREADLINE_KAFKA_GROUP_ID", "thread-service-end-to-end-" + UUID.randomUUID()));
        ingest.awaitHealthy(Duration.ofSeconds(60));
        thread.awaitHealthy(Duration.ofSeconds(60));
        topic = new TopicReader(infra.kafkaBootstrapServers());
    }

    @AfterAll
    static void stopServices() {
        if (topic != null) {
            topic.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (thread != null) {
            thread.close();
        }
    }

    @Test
    void theServicesListenOnLoopbackOnly() throws Exception {
        // Given the machine's other addresses (none on a machine without a network: then nothing to check)
        List<InetAddress> others = NetworkInterface.networkInterfaces().filter(this::isUp)
                .flatMap(NetworkInterface::inetAddresses).filter(address -> !address.isLoopbackAddress()).toList();

        // Then neither service takes a connection on them, while both do on loopback
        for (ServiceProcess service : List.of(ingest, thread)) {
            int port = service.baseUri().getPort();
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).as(service.name() + " on loopback").isTrue();
            for (InetAddress address : others) {
                assertThat(connects(address, port)).as(service.name() + " on " + address).isFalse();
            }
        }
    }

    private boolean isUp(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void messagePostedToIngestIsOnTheTopicAndReadBackFromThreadService() throws Exception {
        // Given a conversation started through the ingest service with a first message
        HttpResponse<String> accepted = post(ingest, "/v1/conversations", """
                {"kind": "ai_chat", "title": "Trip planning", "createdBy": "traveller-7",
                 "participants": [{"userId": "traveller-7", "role": "user"}, {"userId": "concierge-bot", "role": "assistant"}],
                 "firstMessage": {"senderId": "traveller-7", "senderRole": "user", "content": "Find me a quiet hotel in Porto"}}""");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String conversationId = field(accepted.body(), "conversationId");
        String messageId = field(accepted.body(), "messageId");

        // Then the message event is on conversation-events, keyed by the conversation id
        int partition = Integer.parseInt(lastNumber(accepted.body(), "partition"));
        long offset = Long.parseLong(lastNumber(accepted.body(), "offset"));
        ConsumerRecord<String, ConversationEvent> record = topic.read(Topics.CONVERSATION_EVENTS, partition, offset, WAIT)
                .orElseThrow(() -> new AssertionError("event not on the topic"));
        assertThat(record.key()).isEqualTo(conversationId);
        assertThat(((MessagePosted) record.value().getPayload()).getMessageId()).isEqualTo(messageId);

        // And the thread service serves the message back over HTTP
        String messages = eventually(() -> {
            HttpResponse<String> page = get(thread, "/v1/conversations/" + conversationId + "/messages");
            return page.statusCode() == 200 && page.body().contains(messageId) ? page.body() : null;
        });
        assertThat(messages).contains("\"seq\":1").contains("Find me a quiet hotel in Porto").contains("\"senderRole\":\"user\"");
        String conversation = get(thread, "/v1/conversations/" + conversationId).body();
        assertThat(conversation).contains("\"kind\":\"ai_chat\"").contains("\"title\":\"Trip planning\"").contains("\"total\":1");
    }

    private static HttpResponse<String> post(ServiceProcess service, String path, String json) {
        return SERVICE.json(service.baseUri(), "POST", path, json);
    }

    private static HttpResponse<String> get(ServiceProcess service, String path) {
        return AGENT.get(service.baseUri(), path);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    private static String lastNumber(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertThat(last).as("%s in %s", name, json).isNotNull();
        return last;
    }

    private static <T> T eventually(java.util.function.Supplier<T> probe) {
        return Eventually.eventually(WAIT, Duration.ofMillis(200), probe);
    }
}
