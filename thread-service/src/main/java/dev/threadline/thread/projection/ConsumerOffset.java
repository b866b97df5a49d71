package dev.threadline.thread.projection;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/**
 * A row of {@code consumer_offsets} (Flyway's {@code V1}): the next offset a consumer group reads from a partition,
 * kept beside the rows the offsets before it produced.
 */
@MappedEntity("consumer_offsets")
public record ConsumerOffset(@EmbeddedId Key key, long nextOffset, Instant updatedAt) {

    /** The primary key: a consumer group's partition. */
    @Embeddable
    public record Key(@MappedProperty("consumer_group") String consumerGroup,
                      @MappedProperty("topic") String topic,
                      @MappedProperty("partition") int partition) {
    }
}
