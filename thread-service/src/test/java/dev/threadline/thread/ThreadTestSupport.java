package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.envelope;
import static dev.threadline.testkit.Eventually.eventually;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationUpdated;
import dev.threadline.events.Role;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the thread service's integration tests share beyond the test kit: their configuration (a
 * database and a consumer group of each test class's own on the shared broker and PostgreSQL),
 * producing events (built with {@link ConversationEvents}) to conversation-events as the ingest
 * service does, and waiting for the projection. Every test class's service reads the whole topic,
 * so tests pick ids, users and tags of their own and never assume they are alone.
 */
final class ThreadTestSupport implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    ThreadTestSupport() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    static TestInfrastructure infrastructure() {
        return TestInfrastructure.shared();
    }

    /** The service's settings for a test class: its own database and consumer group. */
    static Map<String, String> properties(String database) {
        return TestProperties.create().kafka().database(database).jwtSecret()
                .with("threadline.kafka.group-id", "thread-service-" + database)
                .with("threadline.kafka.poll-timeout", "100ms")
                .strings();
    }

    /** Produces the events in order, keyed by conversation id, and waits for the broker's acknowledgement. */
    void send(ConversationEvent... events) {
        for (ConversationEvent event : events) {
            byte[] value = Topics.CONVERSATION_EVENTS.valueSerde().serializer().serialize(Topics.CONVERSATION_EVENTS.name(), event);
            producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(), value));
        }
        producer.flush();
    }

    /** Produces the event and returns where the broker stored it. */
    RecordMetadata sendOne(ConversationEvent event) throws Exception {
        byte[] value = Topics.CONVERSATION_EVENTS.valueSerde().serializer().serialize(Topics.CONVERSATION_EVENTS.name(), event);
        return producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(), value)).get();
    }

    /** How many partitions conversation-events has. */
    int partitions() {
        return producer.partitionsFor(Topics.CONVERSATION_EVENTS.name()).size();
    }

    /** Produces one copy of the event to every partition, as the ingest service writes an erasure. */
    void sendToEveryPartition(ConversationEvent event) {
        byte[] value = Topics.CONVERSATION_EVENTS.valueSerde().serializer().serialize(Topics.CONVERSATION_EVENTS.name(), event);
        for (int partition = 0; partition < partitions(); partition++) {
            producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), partition, event.getConversationId(), value));
        }
        producer.flush();
    }

    void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), key, value));
        producer.flush();
    }

    /**
     * Waits until the service has applied every event sent so far to these conversations: a marker
     * attribute goes after them in each one's partition, and each is read back until it shows.
     */
    void sync(HttpClient http, String... conversationIds) {
        syncIn(http, null, null, conversationIds);
    }

    /**
     * {@link #sync(HttpClient, String...)} for conversations of {@code tenant} (null: the default one), reading back
     * with {@code token} (null: the tests' default admin): the marker must be of the conversation's tenant to be applied.
     */
    void syncIn(HttpClient http, String tenant, String token, String... conversationIds) {
        String marker = UUID.randomUUID().toString();
        for (String id : conversationIds) {
            ConversationEvent event = envelope(id, Instant.now(), new Actor(null, Role.system),
                    ConversationUpdated.newBuilder().setAttributes(Map.of("testSync", marker)).build());
            event.setTenant(tenant);
            send(event);
        }
        for (String id : conversationIds) {
            eventually(() -> {
                try {
                    MutableHttpRequest<Object> read = HttpRequest.GET("/v1/conversations/" + id + "?includeDeleted=true");
                    Map<?, ?> conversation = http.toBlocking().retrieve(token == null ? read : read.bearerAuth(token), Map.class);
                    Map<?, ?> attributes = (Map<?, ?>) conversation.get("attributes");
                    return attributes != null && marker.equals(attributes.get("testSync")) ? conversation : null;
                } catch (HttpClientResponseException e) {
                    return null;
                }
            });
        }
    }

    /** The error response of a request that must fail. */
    static HttpClientResponseException failure(HttpClient http, String uri) {
        try {
            http.toBlocking().retrieve(uri, Map.class);
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("Expected " + uri + " to fail");
    }

    @Override
    public void close() {
        producer.close();
    }
}
