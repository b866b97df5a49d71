package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.ingest.messaging.TransactionalProducers;
import dev.threadline.kafka.ProducerSettings;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A commit whose answer does not say what happened is resolved from the log, never guessed.
 *
 * <p>Under transactions version 2 a broker has answered {@code INVALID_TXN_STATE} ("state is
 * COMPLETE_COMMIT, but received transaction marker result to send: COMMIT") for a transaction it
 * had committed, and also for one it had aborted on its own (KAFKA-20785). The service used to
 * tell the caller "nothing was published" in both cases. Here the real broker commits or aborts
 * the transaction, and the producer then reports that error, as the client did: the caller gets
 * 202 for the committed events (which are on the topic once) and "nothing published" for the
 * aborted ones (which no reader ever sees).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnconfirmedCommitIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    private static final String CONTENT = "{\"senderRole\": \"user\", \"content\": \"was it stored?\"}";

    @Inject
    EmbeddedServer server;

    private final TopicReader topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = TestProperties.service("ingest_unconfirmed_commit_it");
        properties.put("test.unconfirmed-commit", "true");
        return properties;
    }

    @AfterAll
    void close() {
        topic.close();
    }

    @Test
    void commitThatKafkaCompletedButReportedAsInvalidStateIsAccepted() {
        String id = UUID.randomUUID().toString();
        UnconfirmingProducers.NEXT.set(CommitAnswer.COMMIT_THEN_INVALID_STATE);

        HttpResponse<String> response = post(id);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(UnconfirmingProducers.NEXT.get()).isEqualTo(CommitAnswer.TRUE);
        var events = topic.readAll(Topics.CONVERSATION_EVENTS, r -> id.equals(r.key()), 2, Duration.ofSeconds(5));
        assertThat(events).hasSize(1);
        assertThat(TestHttp.body(response).get("messageId"))
                .isEqualTo(((dev.threadline.events.MessagePosted) events.getFirst().value().getPayload()).getMessageId());
    }

    @Test
    void transactionThatKafkaAbortedButReportedAsInvalidStateIsNotPublished() {
        String id = UUID.randomUUID().toString();
        UnconfirmingProducers.NEXT.set(CommitAnswer.ABORT_THEN_INVALID_STATE);

        HttpResponse<String> response = post(id);

        TestHttp.assertProblem(response, 503);
        assertThat(response.body()).contains("\"type\":\"urn:threadline:problem:kafka-unavailable\"");
        assertThat(UnconfirmingProducers.NEXT.get()).isEqualTo(CommitAnswer.TRUE);
        // A later event on the same key is readable, so the reader has passed the aborted one
        assertThat(post(id).statusCode()).isEqualTo(202);
        assertThat(topic.readAll(Topics.CONVERSATION_EVENTS, r -> id.equals(r.key()), 2, Duration.ofSeconds(5))).hasSize(1);
    }

    private HttpResponse<String> post(String conversationId) {
        return HTTP.json(server.getURI(), "POST", "/v1/conversations/" + conversationId + "/messages", CONTENT);
    }

    /** What the next commit does before it answers. */
    enum CommitAnswer { TRUE, COMMIT_THEN_INVALID_STATE, ABORT_THEN_INVALID_STATE }

    /** The service's producers, each real, whose next commit can be made to answer as the broker once did. */
    @Singleton
    @Replaces(TransactionalProducers.class)
    @Requires(property = "test.unconfirmed-commit", value = "true")
    static class UnconfirmingProducers extends TransactionalProducers {

        static final AtomicReference<CommitAnswer> NEXT = new AtomicReference<>(CommitAnswer.TRUE);

        UnconfirmingProducers(IngestKafkaConfig config, KafkaClientSecurity security, ProducerSettings producerSettings,
                              @Value("${micronaut.server.port:8081}") int port) {
            super(config, security, producerSettings, port);
        }

        @Override
        protected <K, V> KafkaProducer<K, V> newProducer(Map<String, Object> settings, Serializer<K> keys, Serializer<V> values) {
            return new KafkaProducer<>(settings, keys, values) {
                @Override
                public void commitTransaction() {
                    switch (NEXT.getAndSet(CommitAnswer.TRUE)) {
                        case TRUE -> super.commitTransaction();
                        case COMMIT_THEN_INVALID_STATE -> {
                            super.commitTransaction();
                            throw new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state.");
                        }
                        case ABORT_THEN_INVALID_STATE -> {
                            super.abortTransaction();
                            throw new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state.");
                        }
                    }
                }
            };
        }
    }
}
