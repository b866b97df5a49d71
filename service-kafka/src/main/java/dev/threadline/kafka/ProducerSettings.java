package dev.threadline.kafka;

import io.micronaut.configuration.kafka.config.AbstractKafkaProducerConfiguration;
import io.micronaut.configuration.kafka.config.KafkaProducerConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of a service's named Kafka producer, read from micronaut-kafka's configuration: {@code kafka.*} for
 * every client, then {@code kafka.producers.NAME.*} (any of Kafka's producer settings, e.g.
 * {@code kafka.producers.conversation-events.linger.ms}), with the brokers and the login of {@code threadline.kafka.*}
 * ({@link MicronautKafkaSettings}). micronaut-kafka reads these keys as written, so they come from a configuration
 * file ({@code application.yml}, or one named by {@code MICRONAUT_CONFIG_FILES}) or a system property; an
 * environment variable cannot spell Kafka's dotted names.
 *
 * <p>A service builds its producers itself (a transactional producer per worker, each with its own
 * {@code transactional.id}), starting from these settings: {@link #of(String, Map, Map)}.
 */
@Singleton
public class ProducerSettings {

    private static final Set<String> PRODUCER_SETTINGS = ProducerConfig.configNames();

    private final BeanContext beans;

    public ProducerSettings(BeanContext beans) {
        this.beans = beans;
    }

    /**
     * The settings of producer {@code name}: {@code defaults} (the service's, derived from its own settings), overridden
     * by what {@code kafka.*} and {@code kafka.producers.NAME.*} configure, overridden by {@code required} (what the
     * service's guarantees rest on, such as {@code acks=all} and its {@code transactional.id}), which no configuration
     * changes. Keys of {@code kafka.*} that are not producer settings (those of micronaut-kafka itself, or of consumers)
     * are left out; the login ({@code sasl.*}, {@code ssl.*}, {@code security.protocol}) is kept.
     */
    public Map<String, Object> of(String name, Map<String, ?> defaults, Map<String, ?> required) {
        Map<String, Object> settings = new HashMap<>(defaults);
        configured(name).forEach((key, value) -> {
            String setting = key.toString();
            if (PRODUCER_SETTINGS.contains(setting) || isLogin(setting)) {
                settings.put(setting, value);
            }
        });
        settings.putAll(required);
        return settings;
    }

    private Properties configured(String name) {
        AbstractKafkaProducerConfiguration<?, ?> configuration = beans
                .findBean(KafkaProducerConfiguration.class, Qualifiers.byName(name))
                .map(named -> (AbstractKafkaProducerConfiguration<?, ?>) named)
                .orElseGet(() -> beans.getBean(AbstractKafkaProducerConfiguration.class));
        return configuration.getConfig();
    }

    private static boolean isLogin(String setting) {
        return setting.startsWith("sasl.") || setting.startsWith("ssl.") || setting.equals("security.protocol");
    }
}
