package dev.threadline.stats.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Where the Kafka cluster is ({@code threadline.kafka.*}), as every Threadline service names it.
 *
 * @param bootstrapServers brokers to bootstrap from ({@code KAFKA_BOOTSTRAP_SERVERS})
 */
@ConfigurationProperties("threadline.kafka")
public record KafkaConnection(@NotBlank String bootstrapServers) {
}
