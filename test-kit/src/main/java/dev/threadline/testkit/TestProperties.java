package dev.threadline.testkit;

import dev.threadline.localstack.DevelopmentTokens;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Micronaut properties of a service under test, built up from the shared infrastructure
 * ({@link TestInfrastructure#shared()}): its Kafka, a database of the test's own, this JVM's development JWT secret and
 * the test environment, plus whatever a test adds.
 */
public final class TestProperties {

    private final Map<String, Object> properties = new LinkedHashMap<>();

    private TestProperties() {
    }

    /** No properties yet. */
    public static TestProperties create() {
        return new TestProperties();
    }

    /** Kafka, a database {@code database} of the test's own and the JWT secret: what every service IT of a Micronaut service needs. */
    public static Map<String, String> service(String database) {
        return create().kafka().database(database).jwtSecret().strings();
    }

    /** {@code threadline.kafka.bootstrap-servers}: the shared broker. */
    public TestProperties kafka() {
        return with("threadline.kafka.bootstrap-servers", TestInfrastructure.shared().kafkaBootstrapServers());
    }

    /** {@code datasources.default.*}: the database {@code name} on the shared PostgreSQL, created unless it exists. */
    public TestProperties database(String name) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        with("datasources.default.url", infrastructure.newDatabase(name));
        with("datasources.default.username", infrastructure.jdbcUser());
        return with("datasources.default.password", infrastructure.jdbcPassword());
    }

    /** {@code threadline.jwt.secret}: this JVM's development secret, which {@link DevelopmentTokens#processToken} signs with. */
    public TestProperties jwtSecret() {
        return with("threadline.jwt.secret", DevelopmentTokens.processSecret());
    }

    /** {@code micronaut.environments=test}, for a context started with {@code ApplicationContext.run}. */
    public TestProperties testEnvironment() {
        return with("micronaut.environments", "test");
    }

    public TestProperties with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** The properties, as a new mutable map. */
    public Map<String, Object> objects() {
        return new LinkedHashMap<>(properties);
    }

    /** The properties with their values as strings, as a new mutable map (e.g. for {@code TestPropertyProvider}). */
    public Map<String, String> strings() {
        Map<String, String> strings = new LinkedHashMap<>();
        properties.forEach((name, value) -> strings.put(name, String.valueOf(value)));
        return strings;
    }
}
