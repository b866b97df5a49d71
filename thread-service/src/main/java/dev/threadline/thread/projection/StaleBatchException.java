package dev.threadline.thread.projection;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * A batch was read from a position that is no longer the stored one: another consumer has
 * applied these records meanwhile. The batch must be dropped and the position reloaded.
 */
public final class StaleBatchException extends RuntimeException {

    public StaleBatchException(Collection<TopicPartition> partitions) {
        super("Stored offsets moved on while the batch was applied; partitions " + partitions);
    }
}
