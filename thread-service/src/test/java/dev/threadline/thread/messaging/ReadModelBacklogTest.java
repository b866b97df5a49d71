package dev.threadline.thread.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadModelBacklogTest {

    @Test
    void theLagIsTheLargestGapBetweenARecentCommitAndItsOldestRecord() {
        ReadModelBacklog backlog = new ReadModelBacklog();
        backlog.committed("consumer-1", 100_000, 99_800);
        backlog.committed("consumer-2", 100_500, 88_500);

        assertThat(backlog.lag(101_000)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void theNewestCommitOfAConsumerReplacesItsEarlierOne() {
        ReadModelBacklog backlog = new ReadModelBacklog();
        backlog.committed("consumer-1", 100_000, 80_000);
        backlog.committed("consumer-1", 101_000, 100_700);

        assertThat(backlog.lag(101_500)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aConsumerThatCommittedNothingRecentlyIsNotBehind() {
        ReadModelBacklog backlog = new ReadModelBacklog();
        backlog.committed("consumer-1", 100_000, 70_000);

        assertThat(backlog.lag(100_000 + ReadModelBacklog.RECENT.toMillis())).isEqualTo(Duration.ofSeconds(30));
        assertThat(backlog.lag(100_001 + ReadModelBacklog.RECENT.toMillis())).isEqualTo(Duration.ZERO);
        assertThat(new ReadModelBacklog().lag(100_000)).isEqualTo(Duration.ZERO);
    }
}
