package dev.threadline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

    @Test
    void plaintextAddsNothing() {
        assertThat(KafkaClientSecurity.properties("PLAINTEXT", "SCRAM-SHA-512", "ingest", "secret", null, null)).isEmpty();
    }

    @Test
    void saslLogsInWithTheMechanismsModuleAndQuotesTheCredentials() {
        Map<String, Object> scram = KafkaClientSecurity.properties("SASL_PLAINTEXT", "SCRAM-SHA-512", "ingest", "p\"a\\ss", null,
                null);
        assertThat(scram).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" password=\"p\\\"a\\\\ss\";");
        assertThat(KafkaClientSecurity.properties("SASL_SSL", "PLAIN", "u", "p", "/etc/truststore.p12", "changeit"))
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";")
                .containsEntry("ssl.truststore.location", "/etc/truststore.p12").containsEntry("ssl.truststore.password", "changeit");
    }

    @Test
    void aMissingOrUnknownSettingIsNamed() {
        assertThatThrownBy(() -> KafkaClientSecurity.properties("SASL_PLAINTEXT", "SCRAM-SHA-512", "ingest", " ", null, null))
                .hasMessageContaining("THREADLINE_KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> KafkaClientSecurity.properties("SASL", "SCRAM-SHA-512", "u", "p", null, null))
                .hasMessageContaining("THREADLINE_KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> KafkaClientSecurity.properties("SASL_PLAINTEXT", "GSSAPI", "u", "p", null, null))
                .hasMessageContaining("THREADLINE_KAFKA_SASL_MECHANISM");
    }
}
