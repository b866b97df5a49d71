package dev.threadline.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * How the ingest service consumes its Kafka intake topic, conversation-commands. Brokers, the
 * instance id and the producer settings come from {@link IngestKafkaConfig}.
 *
 * @param enabled        whether this instance consumes the intake at all
 * @param groupId        consumer group; instances of one group share the intake's partitions
 * @param maxPollRecords upper bound of one batch, which is one Kafka transaction
 * @param pollTimeout    how long one poll waits for records
 * @param retryBackoff   pause before a batch whose transaction failed is tried again
 * @param sessionTimeout the consumer's Kafka session timeout: how long the group waits for a member that stopped
 *                       answering before its partitions move (after a broker restart, the member that lost its id)
 * @param mayImport      whether the intake's producers import history: their commands may carry any past time (the
 *                       backdating limit, {@code threadline.ingest.max-backdating}, does not apply to them). Who may
 *                       write to the intake topic is Kafka's to decide (ACLs); turn this on only where that is the
 *                       importing services.
 */
@ConfigurationProperties("threadline.intake")
public record IntakeConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "ingest-intake") @NotBlank String groupId,
        @Bindable(defaultValue = "500") @Positive int maxPollRecords,
        @Bindable(defaultValue = "500ms") Duration pollTimeout,
        @Bindable(defaultValue = "1s") Duration retryBackoff,
        @Bindable(defaultValue = "10s") Duration sessionTimeout,
        @Bindable(defaultValue = "false") boolean mayImport) {
}
