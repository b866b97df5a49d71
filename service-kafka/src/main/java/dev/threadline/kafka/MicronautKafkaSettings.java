package dev.threadline.kafka;

import dev.threadline.security.KafkaClientSecurity;
import io.micronaut.configuration.kafka.config.AbstractKafkaConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Gives every client configuration micronaut-kafka builds ({@code kafka.*}, {@code kafka.producers.*},
 * {@code kafka.consumers.*}) the brokers and the login of the service's other Kafka clients:
 * {@code threadline.kafka.bootstrap-servers} and {@link KafkaClientSecurity}, so one setting moves them all.
 */
@Singleton
@SuppressWarnings("rawtypes")
class MicronautKafkaSettings implements BeanCreatedEventListener<AbstractKafkaConfiguration> {

    private final String bootstrapServers;
    private final Provider<KafkaClientSecurity> security;

    MicronautKafkaSettings(@Value("${threadline.kafka.bootstrap-servers}") String bootstrapServers,
                           Provider<KafkaClientSecurity> security) {
        this.bootstrapServers = bootstrapServers;
        this.security = security;
    }

    @Override
    public AbstractKafkaConfiguration onCreated(BeanCreatedEvent<AbstractKafkaConfiguration> event) {
        AbstractKafkaConfiguration created = event.getBean();
        created.getConfig().put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        created.getConfig().putAll(security.get().properties());
        return created;
    }
}
