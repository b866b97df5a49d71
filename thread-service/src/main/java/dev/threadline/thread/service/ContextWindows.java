package dev.threadline.thread.service;

import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.query.ContextCandidates;
import dev.threadline.thread.query.ContextMessages;
import dev.threadline.thread.view.ContextMessage;
import dev.threadline.thread.view.ContextWindowView;
import dev.threadline.thread.view.MessageView;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the messages an AI model gets as context: the system messages the conversation starts
 * with (its system prompt) always, then the newest messages that fit what is left of both budgets,
 * stopping at the first that does not fit, so the window is never a conversation with holes.
 * The system prompt counts against the budgets, and is kept even when it alone exceeds them.
 *
 * <p>A message's tokens are its {@code tokensUsed} when known, else an estimate of
 * ceil(UTF-8 bytes / 4) — about four bytes a token for English with common tokenizers; callers
 * that need exact counts send {@code tokensUsed}. Without {@code maxTokens} the conversation's
 * model context window is the token budget, if it has one.
 */
@Singleton
public class ContextWindows {

    /** Leading system messages kept at most, however many the conversation starts with. */
    public static final int MAX_LEADING_SYSTEM = 100;

    private final ContextMessages messages;

    public ContextWindows(ContextMessages messages) {
        this.messages = messages;
    }

    /** The context window, or empty if the conversation is unknown, deleted or out of {@code scope}. */
    public Optional<ContextWindowView> window(String conversationId, int maxMessages, @Nullable Integer maxTokens,
                                              ReadScope scope) throws SQLException {
        // One candidate more than can fit tells whether older messages were left out.
        return messages.candidates(conversationId, MAX_LEADING_SYSTEM, maxMessages + 1, scope)
                .map(candidates -> choose(conversationId, candidates, maxMessages, maxTokens));
    }

    static ContextWindowView choose(String conversationId, ContextCandidates candidates, int maxMessages,
                                    @Nullable Integer maxTokens) {
        Integer tokenBudget = maxTokens != null ? maxTokens : candidates.contextWindow();
        List<ContextMessage> window = new ArrayList<>(candidates.leadingSystem().stream().map(ContextWindows::context).toList());
        int leading = window.size();
        long tokens = window.stream().mapToLong(ContextMessage::tokens).sum();
        List<ContextMessage> newest = new ArrayList<>();
        for (MessageView message : candidates.newestFirst()) {
            ContextMessage candidate = context(message);
            if (leading + newest.size() >= maxMessages || tokenBudget != null && tokens + candidate.tokens() > tokenBudget) {
                break;
            }
            newest.add(candidate);
            tokens += candidate.tokens();
        }
        boolean truncated = newest.size() < candidates.newestFirst().size();
        Collections.reverse(newest);
        window.addAll(newest);
        return new ContextWindowView(conversationId, window, leading, tokens, truncated, maxMessages, tokenBudget);
    }

    /** The tokens a message counts for: {@code tokensUsed}, else ceil(UTF-8 bytes / 4). */
    static int tokens(String content) {
        return (content.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
    }

    private static ContextMessage context(MessageView message) {
        boolean estimated = message.tokensUsed() == null;
        int tokens = estimated ? tokens(message.content()) : message.tokensUsed();
        return new ContextMessage(message.id(), message.seq(), message.senderId(), message.senderRole(), message.content(),
                message.contentType(), message.model(), tokens, estimated, message.createdAt());
    }
}
