package dev.threadline.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a service's Kafka clients authenticate to the brokers, one setting for every producer, consumer, admin and
 * Kafka Streams client of the service. {@code PLAINTEXT} (the default, the local stack's loopback broker) adds
 * nothing; {@code SASL_PLAINTEXT} or {@code SASL_SSL} log in as {@code threadline.kafka.sasl-username} with SCRAM
 * (SHA-512 by default, SHA-256) or PLAIN, the principal the brokers' ACLs grant the service's topics to
 * (docs/security.md, "Kafka security"); {@code SSL} and {@code SASL_SSL} trust {@code threadline.kafka.ssl-truststore-location}
 * when it is set, else the JVM's trusted certificates.
 */
@Singleton
public class KafkaClientSecurity {

    /** The protocols a client may use; the names are Kafka's {@code security.protocol} values. */
    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL");
    /** The SASL mechanisms with a login module here. */
    public static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    private final Map<String, Object> properties;

    public KafkaClientSecurity(@Value("${threadline.kafka.security-protocol:PLAINTEXT}") String protocol,
                               @Value("${threadline.kafka.sasl-mechanism:SCRAM-SHA-512}") String mechanism,
                               @Nullable @Value("${threadline.kafka.sasl-username:}") String username,
                               @Nullable @Value("${threadline.kafka.sasl-password:}") String password,
                               @Nullable @Value("${threadline.kafka.ssl-truststore-location:}") String truststore,
                               @Nullable @Value("${threadline.kafka.ssl-truststore-password:}") String truststorePassword) {
        this.properties = properties(protocol, mechanism, username, password, truststore, truststorePassword);
    }

    /**
     * The client properties of these settings.
     *
     * @throws IllegalArgumentException naming the setting that is missing or not one of the allowed values
     */
    public static Map<String, Object> properties(String protocol, String mechanism, @Nullable String username,
                                                 @Nullable String password, @Nullable String truststore,
                                                 @Nullable String truststorePassword) {
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("threadline.kafka.security-protocol (THREADLINE_KAFKA_SECURITY_PROTOCOL) is "
                    + protocol + ", not one of " + PROTOCOLS);
        }
        if (protocol.equals("PLAINTEXT")) {
            return Map.of();
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            if (!MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException("threadline.kafka.sasl-mechanism (THREADLINE_KAFKA_SASL_MECHANISM) is "
                        + mechanism + ", not one of " + MECHANISMS);
            }
            if (blank(username) || blank(password)) {
                throw new IllegalArgumentException("security protocol " + protocol + " logs in to Kafka as a user:"
                        + " set threadline.kafka.sasl-username and threadline.kafka.sasl-password"
                        + " (THREADLINE_KAFKA_SASL_USERNAME, THREADLINE_KAFKA_SASL_PASSWORD)");
            }
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            properties.put("sasl.mechanism", mechanism);
            properties.put("sasl.jaas.config", module + " required username=" + quoted(username) + " password="
                    + quoted(password) + ";");
        }
        if (protocol.endsWith("SSL") && !blank(truststore)) {
            properties.put("ssl.truststore.location", truststore);
            if (!blank(truststorePassword)) {
                properties.put("ssl.truststore.password", truststorePassword);
            }
        }
        return Map.copyOf(properties);
    }

    /** The security properties to add to a client's. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** {@code settings} with the security properties added: what to build a client with. */
    public Map<String, Object> addTo(Map<String, ?> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putAll(properties);
        return all;
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** A JAAS option value: in double quotes, with backslashes and quotes escaped. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
