package dev.threadline.thread.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.thread.query.ContextCandidates;
import dev.threadline.thread.view.ContextMessage;
import dev.threadline.thread.view.ContextWindowView;
import dev.threadline.thread.view.MessageView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextWindowsTest {

    @Test
    void tokensAreKnownOrEstimatedFromUtf8Bytes() {
        assertThat(ContextWindows.tokens("")).isZero();
        assertThat(ContextWindows.tokens("abcd")).isEqualTo(1);
        assertThat(ContextWindows.tokens("abcde")).isEqualTo(2);
        assertThat(ContextWindows.tokens("héllo")).isEqualTo(2);     // 6 bytes
        assertThat(ContextWindows.tokens("日本語")).isEqualTo(3);     // 9 bytes
    }

    @Test
    void windowStopsAtTheFirstMessageThatDoesNotFitAndNeverSkipsToAnOlderOne() {
        // Given a system prompt of 10 tokens and, newest first, messages of 10, 50 and 5 tokens
        ContextCandidates candidates = new ContextCandidates(null, List.of(message(1, "system", 10)),
                List.of(message(4, "user", 10), message(3, "assistant", 50), message(2, "user", 5)));

        // When 40 tokens are allowed
        ContextWindowView window = ContextWindows.choose("c", candidates, 100, 40);

        // Then the 50-token message ends the window, though the 5-token one behind it would fit
        assertThat(window.messages()).extracting(ContextMessage::seq).containsExactly(1L, 4L);
        assertThat(window.totalTokens()).isEqualTo(20);
        assertThat(window.truncated()).isTrue();
    }

    @Test
    void systemPromptCountsAgainstTheMessageBudget() {
        ContextCandidates candidates = new ContextCandidates(2000, List.of(message(1, "system", 10), message(2, "system", 10)),
                List.of(message(4, "user", 1), message(3, "user", 1)));

        ContextWindowView window = ContextWindows.choose("c", candidates, 3, null);

        assertThat(window.messages()).extracting(ContextMessage::seq).containsExactly(1L, 2L, 4L);
        assertThat(window.leadingSystemMessages()).isEqualTo(2);
        assertThat(window.maxTokens()).isEqualTo(2000);
    }

    private static MessageView message(long seq, String role, Integer tokens) {
        return new MessageView("m" + seq, "c", seq, null, role, "content " + seq, "text/plain", tokens, null, null, Map.of(),
                Instant.EPOCH, Instant.EPOCH, null);
    }
}
