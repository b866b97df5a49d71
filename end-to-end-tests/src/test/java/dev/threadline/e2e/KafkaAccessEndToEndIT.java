package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.e2e.stats.StatsInstance;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.InfrastructureEndpoints;
import dev.threadline.localstack.KafkaAccess;
import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.localstack.TopicProvisioner;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's Kafka access, against a broker as docker-compose runs it: SASL on the client listener, ACLs, no access
 * without one. The three services log in with SCRAM-SHA-512 as their own users, granted exactly {@link KafkaAccess}; a
 * message goes through all of them; a wrong password, a client of another service writing what it may only read, and a
 * client without credentials get nowhere.
 */
class KafkaAccessEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> PASSWORDS = Map.of(KafkaAccess.INGEST, secret(), KafkaAccess.THREAD, secret(),
            KafkaAccess.STATS, secret());

    private static KafkaBrokerProcess broker;
    private static ServiceProcess ingest;
    private static ServiceProcess thread;
    private static ServiceProcess stats;

    @BeforeAll
    static void brokerWithAclsAndTheServices() throws Exception {
        Path data = Files.createTempDirectory("kafka-sasl-");
        broker = KafkaBrokerProcess.start(KafkaBrokerProcess.Config.of(data, LocalPorts.findFree(), LocalPorts.findFree())
                .withSasl(new KafkaBrokerProcess.Sasl(secret())));
        Map<String, Object> admin = broker.config().adminClientProperties();
        TopicProvisioner.provision(broker.bootstrapServers(), admin, Topics.all(), (short) 1);
        try (Admin client = Admin.create(withBootstrap(admin))) {
            KafkaAccess.apply(client, PASSWORDS);
        }
        TestInfrastructure infra = TestInfrastructure.shared();
        InfrastructureEndpoints endpoints = new InfrastructureEndpoints(broker.bootstrapServers(), infra.newDatabase("kafka_access"),
                infra.jdbcUser(), infra.jdbcPassword());
        Path repo = ServiceProcess.locateRepoRoot();
        ingest = start(repo, ThreadlineService.INGEST, endpoints, KafkaAccess.INGEST);
        thread = start(repo, ThreadlineService.THREAD, endpoints, KafkaAccess.THREAD);
        stats = StatsInstance.startAsDeployed(repo, endpoints, "stats-streams", Files.createTempDirectory("stats-sasl-"),
                LocalPorts.findFree(), login(KafkaAccess.STATS));
        for (ServiceProcess service : List.of(ingest, thread, stats)) {
            service.awaitHealthy(WAIT);
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {ingest, thread, stats, broker}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // the next one still stops
            }
        }
    }

    @Test
    void aMessageGoesThroughEveryServiceEachLoggedInAsItself() throws Exception {
        HttpResponse<String> accepted = TestHttp.withBearer(token("service")).json(ingest.baseUri(), "POST", "/v1/conversations", """
                        {"kind": "support", "title": "Locked out", "createdBy": "customer-5",
                         "participants": [{"userId": "customer-5", "role": "user"}],
                         "firstMessage": {"senderId": "customer-5", "senderRole": "user", "content": "I cannot log in"}}""");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = field(accepted.body(), "conversationId");

        assertThat(eventually(() -> get(thread, "/v1/conversations/" + id + "/messages", "admin")))
                .contains("I cannot log in");
        assertThat(eventually(() -> get(stats, "/v1/stats/conversations/" + id, "ops"))).contains("\"userMessages\":1");
    }

    @Test
    void aClientGetsOnlyWhatItsUsersAclsGrant() {
        // The thread service's user may read conversation-events, not write it
        try (KafkaProducer<String, String> asThread = producer(login(KafkaAccess.THREAD))) {
            assertThatThrownBy(() -> asThread.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), "k", "forged")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // A wrong password logs in as nobody
        Map<String, String> wrong = new HashMap<>(login(KafkaAccess.INGEST));
        wrong.put("THREADLINE_KAFKA_SASL_PASSWORD", "not-" + PASSWORDS.get(KafkaAccess.INGEST));
        try (KafkaProducer<String, String> impostor = producer(wrong)) {
            assertThatThrownBy(() -> impostor.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), "k", "forged")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static ServiceProcess start(Path repo, ThreadlineService service, InfrastructureEndpoints endpoints, String user) {
        Map<String, String> environment = new HashMap<>(endpoints.asEnvironment());
        environment.putAll(login(user));
        environment.put(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.processSecret());
        int port = LocalPorts.findFree();
        Path log = repo.resolve(service.module()).resolve("target").resolve(service.module() + "-sasl-" + port + ".log");
        return ServiceProcess.start(new ServiceProcess.Config(service.module(), service.jar(repo), port, environment, log));
    }

    /** The environment that makes a service log in to Kafka as {@code user}. */
    private static Map<String, String> login(String user) {
        return Map.of("THREADLINE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "THREADLINE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "THREADLINE_KAFKA_SASL_USERNAME", user, "THREADLINE_KAFKA_SASL_PASSWORD", PASSWORDS.get(user));
    }

    /** A producer configured as a service with {@code login} would be. */
    private static KafkaProducer<String, String> producer(Map<String, String> login) {
        Map<String, Object> settings = new HashMap<>(KafkaClientSecurity.properties(login.get("THREADLINE_KAFKA_SECURITY_PROTOCOL"),
                login.get("THREADLINE_KAFKA_SASL_MECHANISM"), login.get("THREADLINE_KAFKA_SASL_USERNAME"),
                login.get("THREADLINE_KAFKA_SASL_PASSWORD"), null, null));
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static Map<String, Object> withBootstrap(Map<String, Object> properties) {
        Map<String, Object> settings = new HashMap<>(properties);
        settings.put("bootstrap.servers", broker.bootstrapServers());
        return settings;
    }

    private static String token(String role) {
        return DevelopmentTokens.processToken("kafka-access-" + role, role);
    }

    /** The body of a 200 answer; null for any other answer, or none (a service still starting). */
    private static String get(ServiceProcess service, String path, String role) {
        try {
            HttpResponse<String> answer = TestHttp.withBearer(token(role)).get(service.baseUri(), path);
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (AssertionError noAnswer) {
            return null;
        }
    }

    private static String eventually(java.util.function.Supplier<String> probe) {
        return Eventually.eventually(WAIT, Duration.ofMillis(250), probe);
    }

    private static String field(String json, String name) {
        Matcher match = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(match.find()).as(name + " in " + json).isTrue();
        return match.group(1);
    }

    private static String secret() {
        return UUID.randomUUID().toString();
    }
}
