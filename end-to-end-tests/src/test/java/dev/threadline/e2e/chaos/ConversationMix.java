package dev.threadline.e2e.chaos;

import dev.threadline.e2e.stats.Sentences;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A realistic stream of commands for the conversations one sender owns: about 5 % conversation starts (each with a
 * first message), 80 % messages by users, agents and assistants, 8 % status changes cycling open, pending, resolved
 * and back, 7 % reads up to the newest acknowledged message. A conversation is retired after about 40 commands, so
 * new ones keep starting. User messages use texts whose sentiment score the reference knows.
 */
public final class ConversationMix {

    /** About how many of the commands post a message: the starts (each with a first message) and the posts. */
    public static final double MESSAGE_SHARE = 0.85;

    private static final int ACTIVE = 20;
    private static final int RETIRE_AFTER = 40;
    private static final ConversationStatus[] CYCLE = {ConversationStatus.pending, ConversationStatus.resolved,
            ConversationStatus.open};

    private static final class Live {
        final String id = UUID.randomUUID().toString();
        final String customer;
        final String agent;
        int commands;
        int statusStep;
        volatile String lastAckedMessage;

        Live(String customer, String agent) {
            this.customer = customer;
            this.agent = agent;
        }
    }

    private final Random random;
    private final List<Live> live = new ArrayList<>();
    /** The same conversations by id: {@link #acknowledged} runs for every acknowledged command. */
    private final Map<String, Live> liveById = new HashMap<>();
    private int sequence;

    ConversationMix(long seed) {
        this.random = new Random(seed);
    }

    /** The next {@code size} commands. */
    List<ChaosCommand> next(int size) {
        List<ChaosCommand> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(next());
        }
        return batch;
    }

    /** Remembers an acknowledged message, so a later read can point at it. */
    void acknowledged(ChaosCommand command) {
        if (command.messageId() != null) {
            Live c = liveById.get(command.conversationId());
            if (c != null) {
                c.lastAckedMessage = command.messageId();
            }
        }
    }

    private ChaosCommand next() {
        double dice = random.nextDouble();
        if (live.size() < ACTIVE || dice < 0.05) {
            return start();
        }
        int at = random.nextInt(live.size());
        Live c = live.get(at);
        if (++c.commands >= RETIRE_AFTER) {
            // The last one takes its place: constant time however many are live.
            live.set(at, live.getLast());
            live.removeLast();
            liveById.remove(c.id);
        }
        if (dice < 0.85) {
            return new ChaosCommand.Post(c.id, message(c));
        }
        if (dice < 0.93) {
            return new ChaosCommand.Status(c.id, CYCLE[c.statusStep++ % CYCLE.length]);
        }
        String upTo = c.lastAckedMessage;
        return upTo == null ? new ChaosCommand.Post(c.id, message(c)) : new ChaosCommand.Read(c.id, c.customer, upTo);
    }

    private ChaosCommand start() {
        int n = sequence++;
        Live c = new Live("customer-" + UUID.randomUUID().toString().substring(0, 8), "agent-" + n % 17);
        live.add(c);
        liveById.put(c.id, c);
        ConversationKind kind = n % 3 == 0 ? ConversationKind.ai_chat : ConversationKind.support;
        Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
        return new ChaosCommand.Start(c.id, kind, priority, c.customer, c.agent,
                new ChaosCommand.Message(UUID.randomUUID().toString(), c.customer, Role.user, Sentences.pick(n), 0, Instant.now()));
    }

    private ChaosCommand.Message message(Live c) {
        double who = random.nextDouble();
        String id = UUID.randomUUID().toString();
        if (who < 0.45) {
            return new ChaosCommand.Message(id, c.customer, Role.user, Sentences.pick(random.nextInt(100)), 0, Instant.now());
        }
        if (who < 0.8) {
            return new ChaosCommand.Message(id, c.agent, Role.agent, "We are looking into it (" + sequence + ").",
                    0, Instant.now());
        }
        return new ChaosCommand.Message(id, "assistant-1", Role.assistant, "Here is a suggestion.", 1 + random.nextInt(500),
                Instant.now());
    }
}
