package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

    private static final Duration POLL = Duration.ofMillis(1);
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void eventuallyReturnsTheFirstNonNullAnswer() {
        String answer = Eventually.eventually(Duration.ofSeconds(5), POLL, () -> calls.incrementAndGet() < 3 ? null : "ready");

        assertThat(answer).isEqualTo("ready");
        assertThat(calls).hasValue(3);
    }

    @Test
    void eventuallyFailsWhenTheProbeNeverAnswers() {
        assertThatThrownBy(() -> Eventually.eventually(Duration.ofMillis(50), POLL, () -> null))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not met within");
    }

    @Test
    void untilReturnsTheLastAnswerEvenIfNotDoneAndRetriesAFailedAssertion() {
        Integer done = Eventually.until(Duration.ofSeconds(5), POLL, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("not yet");
            }
            return calls.get();
        }, n -> n == 4);
        Integer notDone = Eventually.until(Duration.ofMillis(30), POLL, () -> 7, n -> n == 8);

        assertThat(done).isEqualTo(4);
        assertThat(notDone).isEqualTo(7);
    }

    @Test
    void untilPassesRetriesTheCheckAndThrowsItsLastFailure() {
        Eventually.untilPasses(Duration.ofSeconds(5), POLL, () -> assertThat(calls.incrementAndGet()).isEqualTo(3));
        assertThat(calls).hasValue(3);

        assertThatThrownBy(() -> Eventually.untilPasses(Duration.ofMillis(30), POLL, () -> assertThat(1).as("never").isEqualTo(2)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("never");
    }
}
