package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    @Test
    void waitsDoubleFromOneSecondUpToThirtySeconds() {
        // given
        RestartBackoff backoff = SupervisionSettings.defaults(false).newBackoff();

        // when
        Stream<Long> waits = Stream.generate(backoff::next).limit(8).map(Duration::toSeconds);

        // then
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void resetStartsAgainFromTheFirstWait() {
        // given
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        backoff.next();
        backoff.next();

        // when
        backoff.reset();

        // then
        assertThat(backoff.peek()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }
}
