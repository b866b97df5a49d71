package dev.threadline.e2e.stats;

import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationPurged;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Priority;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.events.UserErased;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stats-streams metrics computed independently, straight from the rules in docs/stats.md, over the same event log:
 * per-conversation metrics, every observation of the windowed aggregates and the status counts. Sentiment scores come
 * from {@link Sentences} (the Python reference's values); a text not in its table has an unknown score (NaN), so a
 * window holding one is checked by its count only.
 *
 * <p>The tests run stats-streams with a grace longer than any lateness in the log, so no observation is dropped and
 * every one is expected in its window.
 */
public final class StatsReference {

    /** Metrics as the API names them. */
    static final String FIRST_RESPONSE = "first-response-time";
    static final String RESOLUTION = "resolution-time";
    static final String SENTIMENT = "sentiment";

    /** One window of one series: metric, group ({@code dimension|value}), window size and start. */
    record WindowKey(String metric, String group, Duration size, long start) {
    }

    static final class Conversation {
        String tenant;
        ConversationKind kind;
        Priority priority;
        ConversationStatus status;
        Long startedAt;
        Long firstResponseAt;
        Long resolvedAt;
        Long resolutionMillis;
        Long lastCycleResolutionMillis;
        Long lastReopenAt;
        int resolveCount;
        int reopenCount;
        int userMessages;
        int responderMessages;
        int assistantMessages;
        int systemMessages;
        double userSentimentSum;
        int userSentimentCount;
        boolean deleted;
        final Map<String, Message> messages = new LinkedHashMap<>();

        Long firstResponseMillis() {
            return firstResponseAt == null || startedAt == null ? null : firstResponseAt - startedAt;
        }

        /** Within its tenant: all (tenant|T in tenant T), then kind and priority, with |T after the value in tenant T. */
        List<String> groups() {
            String within = tenant == null ? "" : "|" + tenant;
            List<String> groups = new ArrayList<>(List.of(tenant == null ? "all|all" : "tenant|" + tenant));
            if (kind != null) {
                groups.add("kind|" + kind + within);
            }
            if (priority != null) {
                groups.add("priority|" + priority + within);
            }
            return groups;
        }
    }

    private static final class Message {
        final Role role;
        final long time;
        double score;
        boolean deleted;

        Message(Role role, long time, double score) {
            this.role = role;
            this.time = time;
            this.score = score;
        }
    }

    private final List<Duration> windows;
    final Map<String, Conversation> conversations = new HashMap<>();
    final Map<WindowKey, List<Double>> observations = new TreeMap<>(
            java.util.Comparator.comparing(WindowKey::metric).thenComparing(WindowKey::group)
                    .thenComparing(WindowKey::size).thenComparingLong(WindowKey::start));

    private StatsReference(List<Duration> windows) {
        this.windows = windows;
    }

    /** The expectations for a stats-streams with these window sizes that consumed {@code log}. */
    public static StatsReference of(List<ConversationEvent> log, List<Duration> windows) {
        StatsReference reference = new StatsReference(windows);
        log.forEach(reference::apply);
        return reference;
    }

    /** Expected open/pending/resolved counts per group ({@code dimension|value}). */
    Map<String, long[]> statusCounts() {
        Map<String, long[]> counts = new TreeMap<>();
        for (Conversation c : conversations.values()) {
            if (c.startedAt != null && !c.deleted && c.status != null) {
                for (String group : c.groups()) {
                    counts.computeIfAbsent(group, g -> new long[3])[c.status.ordinal()]++;
                }
            }
        }
        return counts;
    }

    private void apply(ConversationEvent event) {
        if (event.getPayload() instanceof UserErased) {
            return; // of no conversation: it changes who may edit, never a count (docs/lifecycle.md)
        }
        Conversation c = conversations.computeIfAbsent(event.getConversationId(), id -> new Conversation());
        if (c.deleted) {
            return;
        }
        if (c.tenant == null) {
            c.tenant = event.getTenant();
        }
        long time = event.getOccurredAt().toEpochMilli();
        switch (event.getPayload()) {
            case ConversationStarted started -> start(c, started, time);
            case MessagePosted posted -> post(c, posted, time);
            case MessageEdited edited -> {
                Message message = c.messages.get(edited.getMessageId());
                if (message != null && !message.deleted && message.role == Role.user) {
                    c.userSentimentSum += Sentences.compound(edited.getContent()) - message.score;
                    message.score = Sentences.compound(edited.getContent());
                }
            }
            case MessageDeleted deleted -> {
                Message message = c.messages.get(deleted.getMessageId());
                if (message != null && !message.deleted) {
                    message.deleted = true;
                    count(c, message.role, -1);
                    if (message.role == Role.user) {
                        c.userSentimentSum -= message.score;
                        c.userSentimentCount--;
                    }
                }
            }
            case StatusChanged change -> status(c, change.getStatus(), time);
            case PriorityChanged change -> c.priority = change.getPriority();
            case ConversationDeleted ignored -> c.deleted = true;
            case ConversationPurged ignored -> c.deleted = true;
            default -> {
            }
        }
    }

    private void start(Conversation c, ConversationStarted started, long time) {
        if (c.startedAt != null) {
            return;
        }
        c.startedAt = time;
        c.kind = started.getKind();
        c.priority = c.priority != null ? c.priority : started.getPriority();
        c.status = c.status != null ? c.status : started.getStatus();
        Long first = null;
        for (Message message : c.messages.values()) {
            if (message.deleted) {
                continue;
            }
            if (message.role == Role.user) {
                observe(c, SENTIMENT, message.score, message.time);
            }
            if (isResponder(message.role) && message.time >= time && (first == null || message.time < first)) {
                first = message.time;
            }
        }
        if (first != null) {
            c.firstResponseAt = first;
            observe(c, FIRST_RESPONSE, first - time, first);
        }
        if (c.resolvedAt != null) {
            resolve(c, c.resolvedAt);
        }
    }

    private void post(Conversation c, MessagePosted posted, long time) {
        if (c.messages.containsKey(posted.getMessageId())) {
            return;
        }
        Role role = posted.getSenderRole();
        Message message = new Message(role, time, Sentences.compound(posted.getContent()));
        c.messages.put(posted.getMessageId(), message);
        count(c, role, 1);
        if (role == Role.user) {
            c.userSentimentSum += message.score;
            c.userSentimentCount++;
        }
        if (c.startedAt != null) {
            if (role == Role.user) {
                observe(c, SENTIMENT, message.score, time);
            }
            if (isResponder(role) && c.firstResponseAt == null && time >= c.startedAt) {
                c.firstResponseAt = time;
                observe(c, FIRST_RESPONSE, time - c.startedAt, time);
            }
        }
    }

    private void status(Conversation c, ConversationStatus next, long time) {
        if (next == c.status) {
            return;
        }
        if (c.status == ConversationStatus.resolved) {
            c.reopenCount++;
            c.lastReopenAt = time;
            c.resolvedAt = null;
        }
        c.status = next;
        if (next == ConversationStatus.resolved) {
            c.resolveCount++;
            c.resolvedAt = time;
            if (c.startedAt != null) {
                resolve(c, time);
            }
        }
    }

    private void resolve(Conversation c, long time) {
        long full = time - c.startedAt;
        if (full < 0) {
            c.resolutionMillis = null;
            c.lastCycleResolutionMillis = null;
            return;
        }
        long cycleStart = c.lastReopenAt == null ? c.startedAt : Math.max(c.lastReopenAt, c.startedAt);
        c.resolutionMillis = full;
        c.lastCycleResolutionMillis = Math.max(0, time - cycleStart);
        observe(c, RESOLUTION, full, time);
    }

    private void observe(Conversation c, String metric, double value, long time) {
        for (String group : c.groups()) {
            for (Duration size : windows) {
                long start = Math.floorDiv(time, size.toMillis()) * size.toMillis();
                observations.computeIfAbsent(new WindowKey(metric, group, size, start), k -> new ArrayList<>()).add(value);
            }
        }
    }

    private static boolean isResponder(Role role) {
        return role == Role.agent || role == Role.admin;
    }

    private static void count(Conversation c, Role role, int sign) {
        switch (role) {
            case user -> c.userMessages += sign;
            case agent, admin -> c.responderMessages += sign;
            case assistant -> c.assistantMessages += sign;
            case system -> c.systemMessages += sign;
        }
    }
}
