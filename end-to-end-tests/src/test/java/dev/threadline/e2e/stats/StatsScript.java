package dev.threadline.e2e.stats;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A generated set of conversations with known timings, in phases a test sends one after another:
 * starts; messages backdated to known offsets from each start (first responses of 0.15–2.5 s, user messages with
 * reference sentences, an assistant message that is no response, deletions); status changes (resolve, pending,
 * escalation); reopens; second resolves and a deleted conversation. Status changes take the ingest service's clock,
 * so resolution times are the real seconds between phases, read back from the event log.
 */
final class StatsScript {

    /** One conversation: its description and whether it goes through the Kafka intake (with a tenant). */
    record Conversation(int index, String id, ConversationKind kind, Priority priority, boolean viaIntake) {
    }

    /** The latest message offset from the start: phase two may be sent once this much time has passed. */
    static final Duration MESSAGE_SPAN = Duration.ofMillis(2_900);

    private final List<Conversation> conversations;
    private final Random random;

    private StatsScript(List<Conversation> conversations, long seed) {
        this.conversations = conversations;
        this.random = new Random(seed);
    }

    /** {@code count} conversations; every {@code intakeEvery}-th goes through the intake (0: none). */
    static StatsScript generate(int count, int intakeEvery, long seed) {
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            conversations.add(new Conversation(i, UUID.randomUUID().toString(), ConversationKind.values()[i % 4],
                    Priority.values()[(i / 2) % 4], intakeEvery > 0 && i % intakeEvery == intakeEvery - 1));
        }
        return new StatsScript(conversations, seed);
    }

    List<Conversation> conversations() {
        return conversations;
    }

    boolean viaIntake(String conversationId) {
        return conversations.stream().anyMatch(c -> c.id().equals(conversationId) && c.viaIntake());
    }

    List<Step> starts() {
        return conversations.stream().<Step>map(c -> new Step.Start(c.id(), c.kind(), c.priority(),
                new Step.Message(UUID.randomUUID().toString(), Role.user, Sentences.pick(c.index()), null))).toList();
    }

    /** Messages at known offsets from each conversation's start. */
    List<Step> messages(Map<String, Instant> startedAt) {
        List<Step> steps = new ArrayList<>();
        for (Conversation c : conversations) {
            Instant start = startedAt.get(c.id());
            if (c.index() % 7 == 3) {
                steps.add(post(c, Role.assistant, "I am the assistant, an agent will answer shortly.", start.plusMillis(50)));
            }
            boolean answered = c.index() % 5 != 4;
            Role responder = c.index() % 2 == 0 ? Role.agent : Role.admin;
            if (answered) {
                steps.add(post(c, responder, Sentences.pick(c.index() + 1), start.plusMillis(150 + random.nextInt(2_400))));
            }
            steps.add(post(c, Role.user, Sentences.pick(c.index() + 3), start.plusMillis(2_600)));
            if (answered) {
                steps.add(post(c, responder, Sentences.pick(c.index() + 5), start.plus(MESSAGE_SPAN)));
            }
        }
        return steps;
    }

    /** Resolve every third, put every third (+1) on pending, escalate some, delete some user messages. */
    List<Step> firstStatusChanges(List<Step> messages) {
        List<Step> steps = new ArrayList<>();
        for (Conversation c : conversations) {
            if (c.index() % 3 == 0) {
                steps.add(new Step.Status(c.id(), ConversationStatus.resolved));
            } else if (c.index() % 3 == 1) {
                steps.add(new Step.Status(c.id(), ConversationStatus.pending));
            }
            if (c.index() % 8 == 2) {
                steps.add(new Step.Escalate(c.id(), Priority.urgent));
            }
            if (c.index() % 6 == 5) {
                messages.stream().filter(s -> s instanceof Step.Post p && p.conversationId().equals(c.id())
                                && p.message().role() == Role.user)
                        .findFirst().ifPresent(s -> steps.add(new Step.DeleteMessage(c.id(), ((Step.Post) s).message().id())));
            }
        }
        return steps;
    }

    /** Reopen every ninth (all of them resolved before). */
    List<Step> reopens() {
        return conversations.stream().filter(c -> c.index() % 9 == 0)
                .<Step>map(c -> new Step.Status(c.id(), ConversationStatus.open)).toList();
    }

    /** Resolve the reopened ones again and some pending ones; delete the last conversation. */
    List<Step> lastStatusChanges() {
        List<Step> steps = new ArrayList<>();
        for (Conversation c : conversations) {
            if (c.index() % 9 == 0 || (c.index() % 3 == 1 && c.index() % 2 == 0)) {
                steps.add(new Step.Status(c.id(), ConversationStatus.resolved));
            }
        }
        steps.add(new Step.DeleteConversation(conversations.getLast().id()));
        return steps;
    }

    private static Step post(Conversation c, Role role, String content, Instant at) {
        return new Step.Post(c.id(), new Step.Message(UUID.randomUUID().toString(), role, content, at));
    }
}
