package dev.threadline.ingest.messaging;

import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.security.KafkaClientSecurity;
import io.micronaut.configuration.kafka.config.AbstractKafkaConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Gives every client micronaut-kafka builds (the intake's consumer) the brokers and the login of the service's other
 * Kafka clients: {@code threadline.kafka.bootstrap-servers} and {@link KafkaClientSecurity}, so one setting moves
 * them all.
 */
@Singleton
@SuppressWarnings("rawtypes")
class MicronautKafkaSettings implements BeanCreatedEventListener<AbstractKafkaConfiguration> {

    private final Provider<IngestKafkaConfig> config;
    private final Provider<KafkaClientSecurity> security;

    MicronautKafkaSettings(Provider<IngestKafkaConfig> config, Provider<KafkaClientSecurity> security) {
        this.config = config;
        this.security = security;
    }

    @Override
    public AbstractKafkaConfiguration onCreated(BeanCreatedEvent<AbstractKafkaConfiguration> event) {
        AbstractKafkaConfiguration created = event.getBean();
        created.getConfig().put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.get().bootstrapServers());
        created.getConfig().putAll(security.get().properties());
        return created;
    }
}
