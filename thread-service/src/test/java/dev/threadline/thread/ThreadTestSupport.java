package dev.threadline.thread;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationFlagged;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.ConversationUpdated;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantRemoved;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.TestInfrastructure;
import dev.threadline.schemas.topics.Topics;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the thread service's integration tests share: their configuration (a database and a
 * consumer group of each test class's own on the shared broker and PostgreSQL), producing events
 * to conversation-events as the ingest service does, building them, and waiting for the
 * projection. Every test class's service reads the whole topic, so tests pick ids, users and tags
 * of their own and never assume they are alone.
 */
final class ThreadTestSupport implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

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
        TestInfrastructure infra = infrastructure();
        return Map.of(
                "threadline.kafka.bootstrap-servers", infra.kafkaBootstrapServers(),
                "threadline.kafka.group-id", "thread-service-" + database,
                "threadline.kafka.poll-timeout", "100ms",
                "datasources.default.url", infra.newDatabase(database),
                "datasources.default.username", infra.jdbcUser(),
                "datasources.default.password", infra.jdbcPassword(),
                "threadline.jwt.secret", DevelopmentTokens.processSecret());
    }

    /** Produces the events in order, keyed by conversation id, and waits for the broker's acknowledgement. */
    void send(ConversationEvent... events) {
        for (ConversationEvent event : events) {
            byte[] value = Topics.CONVERSATION_EVENTS.valueSerde().serializer().serialize(Topics.CONVERSATION_EVENTS.name(), event);
            producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(), value));
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

    static ConversationEvent started(String id, Instant at) {
        return started(id, at, "customer-1", ConversationKind.support, List.of(
                new Participant("customer-1", Role.user), new Participant("agent-9", Role.agent)));
    }

    static ConversationEvent started(String id, Instant at, String createdBy, ConversationKind kind, List<Participant> participants) {
        return started(id, at, createdBy, ConversationStarted.newBuilder().setKind(kind).setTitle("Parcel lost")
                .setParticipants(participants).build());
    }

    static ConversationEvent started(String id, Instant at, String createdBy, ConversationStarted payload) {
        return envelope(id, at, new Actor(createdBy, Role.user), payload);
    }

    static ConversationEvent posted(String id, String messageId, Role role, String content, Instant at) {
        return posted(id, messageId, role.name() + "-1", role, content, at, null);
    }

    static ConversationEvent posted(String id, String messageId, String senderId, Role role, String content, Instant at,
                                    Integer tokensUsed) {
        return envelope(id, at, new Actor(senderId, role), MessagePosted.newBuilder().setMessageId(messageId)
                .setSenderId(senderId).setSenderRole(role).setContent(content).setTokensUsed(tokensUsed).build());
    }

    static ConversationEvent read(String id, String userId, long upToSeq, Instant at) {
        return envelope(id, at, new Actor(userId, Role.user), MessagesRead.newBuilder().setUserId(userId).setUpToSeq(upToSeq).build());
    }

    static ConversationEvent flagged(String id, String userId, Boolean archived, Boolean pinned, Boolean favorited, Instant at) {
        return envelope(id, at, new Actor(userId, Role.user), ConversationFlagged.newBuilder().setUserId(userId)
                .setArchived(archived).setPinned(pinned).setFavorited(favorited).build());
    }

    static ConversationEvent left(String id, String userId, Instant at) {
        return envelope(id, at, new Actor(userId, Role.user), ParticipantRemoved.newBuilder().setUserId(userId).build());
    }

    static ConversationEvent deleted(String id, Instant at) {
        return envelope(id, at, new Actor("admin-1", Role.admin), ConversationDeleted.newBuilder().build());
    }

    static ConversationEvent messageDeleted(String id, String messageId, Instant at) {
        return envelope(id, at, new Actor("admin-1", Role.admin), MessageDeleted.newBuilder().setMessageId(messageId).build());
    }

    static ConversationEvent statusChanged(String id, ConversationStatus status, Instant at) {
        return envelope(id, at, new Actor("agent-9", Role.agent), StatusChanged.newBuilder().setStatus(status).build());
    }

    static ConversationEvent envelope(String id, Instant at, Actor actor, Object payload) {
        return ConversationEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setConversationId(id)
                .setOccurredAt(at).setIngestedAt(at).setActor(actor).setSource("test").setPayload(payload).build();
    }

    static List<Participant> members(String... userIdColonRole) {
        return Arrays.stream(userIdColonRole).map(spec -> {
            String[] parts = spec.split(":");
            return new Participant(parts[0], Role.valueOf(parts[1]));
        }).toList();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Polls {@code probe} until it returns non-null, for up to {@link #WAIT}. */
    static <T> T eventually(Supplier<T> probe) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Condition not met within " + WAIT);
    }

    @Override
    public void close() {
        producer.close();
    }
}
