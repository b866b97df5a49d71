package dev.threadline.stats.topology;

import dev.threadline.analytics.MetricName;
import dev.threadline.events.Actor;
import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationPurged;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.events.UserErased;
import dev.threadline.schemas.logging.LogContext;
import dev.threadline.schemas.topics.DeadLetterReasons;
import dev.threadline.vader.VaderSentiment;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.MDC;

/**
 * Applies each event of a conversation to its state in {@link StatsStores#CONVERSATIONS} (which also holds its first
 * {@value ConversationMessages#INLINE} messages; further ones go to {@link StatsStores#MESSAGES}) and notes what
 * changed in the task's {@link ConversationOutbox}: the conversation's metrics, observations for the windowed
 * aggregates at their own event times, and moves between status counts. A wall-clock punctuation every publish
 * interval saves the changed states and emits the outbox: each changed conversation's latest
 * {@code ConversationMetrics} once, the observations summed per series and time bucket, the moves summed per group.
 *
 * <p>Events of one conversation arrive in partition order, which need not be event-time order. The rules, also in
 * docs/stats.md: first response is the first responder message at or after the start, measured when both are known; every
 * resolve is measured from the start (full resolution) and from the latest reopen (per cycle); deleted messages leave
 * the counts and sentiment sums; a deleted conversation leaves the status counts and its metrics are tombstoned.
 */
final class ConversationMetricsProcessor implements Processor<String, ConversationEvent, String, ConversationOutput> {

    private final boolean assistantIsResponder;
    private final VaderSentiment vader;
    private final Duration emitInterval;
    private final StatsMeters meters;
    /** The ingest times of the events that changed metrics since the last emission, for the end-to-end latency. */
    private long[] pendingIngestedAt = new long[1024];
    private int pending;
    /** The ingest time of the last event processed, handed to the lag gauge at each emission; -1 before the first. */
    private long lastIngestedAt = -1;
    private ProcessorContext<String, ConversationOutput> context;
    private OutboxForwarder forwarder;
    private ConversationStore conversations;
    private ConversationMessages messages;
    private ConversationOutbox outbox;
    private KeyValueStore<String, Long> erasedUsers;

    /** @param emitInterval how often the outbox is emitted: the publish interval */
    ConversationMetricsProcessor(boolean assistantIsResponder, VaderSentiment vader, Duration emitInterval, StatsMeters meters) {
        this.meters = meters;
        this.assistantIsResponder = assistantIsResponder;
        this.vader = vader;
        this.emitInterval = emitInterval;
    }

    @Override
    public void init(ProcessorContext<String, ConversationOutput> context) {
        this.context = context;
        this.forwarder = new OutboxForwarder(context);
        this.conversations = context.getStateStore(StatsStores.CONVERSATIONS);
        this.messages = new ConversationMessages(context.getStateStore(StatsStores.MESSAGES));
        this.outbox = context.getStateStore(StatsStores.OUTBOX);
        this.erasedUsers = context.getStateStore(StatsStores.ERASED_USERS);
        conversations.clearCache();
        outbox.load(conversations::restore);
        // Aligned to the epoch, so that the tasks of a stream thread emit in the same pass and one commit takes it all.
        long interval = emitInterval.toMillis();
        Instant first = Instant.ofEpochMilli((context.currentSystemTimeMs() / interval + 1) * interval);
        context.schedule(first, emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emit());
    }

    /** Saves the changed conversation states and emits what the outbox holds, in the transaction of the next commit. */
    private void emit() {
        conversations.saveChanged();
        outbox.drainTo(forwarder);
        meters.emitted(pendingIngestedAt, pending, context.currentSystemTimeMs());
        if (lastIngestedAt >= 0) {
            // The task reads one partition of conversation-events: its number is the task's.
            meters.processed(context.taskId().partition(), lastIngestedAt);
        }
        pending = 0;
    }

    /** Notes an event whose effect the next emission publishes. */
    private void awaitEmission(ConversationEvent event) {
        if (pending == pendingIngestedAt.length) {
            pendingIngestedAt = java.util.Arrays.copyOf(pendingIngestedAt, pending * 2);
        }
        pendingIngestedAt[pending++] = event.getIngestedAt().toEpochMilli();
    }

    @Override
    public void process(Record<String, ConversationEvent> record) {
        ConversationEvent event = record.value();
        if (event == null) {
            throw new UnprocessableEventException(DeadLetterReasons.TOMBSTONE, "conversation-events carries no tombstones");
        }
        try (var conversation = MDC.putCloseable(LogContext.CONVERSATION_ID, event.getConversationId());
             var eventId = MDC.putCloseable(LogContext.EVENT_ID, event.getEventId())) {
            processEvent(record, event);
        }
    }

    private void processEvent(Record<String, ConversationEvent> record, ConversationEvent event) {
        if (event.getPayload() instanceof UserErased erased) {
            // One copy in every partition: this task's conversations follow it from here on.
            erase(event, erased);
            return;
        }
        String id = event.getConversationId();
        if (!id.equals(record.key())) {
            throw new UnprocessableEventException(DeadLetterReasons.KEY_MISMATCH,
                    "key " + record.key() + " is not the event's conversation id " + id);
        }
        // Interactive queries copy a state under the store's lock, so the state changes only under it too.
        synchronized (conversations) {
            apply(id, event);
        }
        lastIngestedAt = event.getIngestedAt().toEpochMilli();
    }

    /** Applies one event to its conversation's state, which an event that changes nothing leaves as it was. */
    private void apply(String id, ConversationEvent event) {
        ConversationState state = conversations.stateOf(id);
        String tenant = tenantOf(event);
        boolean fresh = state == null;
        if (fresh) {
            // A conversation is of the tenant of its first event, as in the read model (thread-service's
            // ConversationTenants): an event of another tenant never counts in it.
            state = new ConversationState();
            state.tenant = tenant;
        } else if (!Objects.equals(state.tenant, tenant)) {
            throw new UnprocessableEventException(DeadLetterReasons.TENANT_MISMATCH, "conversation " + id
                    + " belongs to another tenant than this event's (" + (tenant == null ? "the default tenant"
                    : "tenant " + tenant) + ")");
        }
        if (state.deleted) {
            return;
        }
        long time = event.getOccurredAt().toEpochMilli();
        StatusCounting before = StatusCounting.of(state);
        boolean changed = fresh && tenant != null;
        changed |= switch (event.getPayload()) {
            case ConversationStarted started -> start(state, id, started, time);
            case MessagePosted posted -> post(state, id, posted, time);
            case MessageEdited edited -> edit(state, id, edited, event.getActor(), tenant);
            case MessageDeleted deleted -> deleteMessage(state, id, deleted, event.getActor(), tenant);
            case StatusChanged change -> changeStatus(state, change, time);
            case PriorityChanged change -> changePriority(state, change);
            case ConversationDeleted ignored -> deleteConversation(state, id);
            // A purge keeps nothing a deletion keeps: no message, no user; the aggregates already published stay.
            case ConversationPurged ignored -> deleteConversation(state, id);
            default -> false; // participants, reads, flags and descriptions do not move any metric
        };
        if (!changed) {
            return;
        }
        state.touch(time);
        conversations.put(id, state);
        outbox.metricsChanged(id, state, time);
        awaitEmission(event);
        before.deltasTo(StatusCounting.of(state), time).forEach(delta -> outbox.statusMoved(delta.key, delta.value));
    }

    private boolean start(ConversationState state, String id, ConversationStarted started, long time) {
        if (state.started()) {
            return false; // a repeated start changes nothing
        }
        state.startedAt = time;
        state.kind = started.getKind();
        // Changes that arrived before the start are newer than the start's initial values.
        if (state.priority == null) {
            state.priority = started.getPriority();
        }
        if (state.status == null) {
            state.status = started.getStatus();
        }
        measureMessagesBeforeStart(state, id);
        if (state.resolvedAt != null) {
            measureResolution(state, state.resolvedAt);
        }
        return true;
    }

    /** Messages that came before the start: their sentiment and the first response are measured now. */
    private void measureMessagesBeforeStart(ConversationState state, String id) {
        long[] firstResponse = {Long.MAX_VALUE};
        messages.forEach(state, id, message -> {
            if (message.deleted()) {
                return;
            }
            if (message.role() == Role.user && message.scored()) {
                observe(state, MetricName.sentiment, message.sentiment(), message.occurredAt());
            }
            if (isResponder(message.role()) && message.occurredAt() >= state.startedAt) {
                firstResponse[0] = Math.min(firstResponse[0], message.occurredAt());
            }
        });
        if (firstResponse[0] != Long.MAX_VALUE) {
            respond(state, firstResponse[0]);
        }
    }

    private boolean post(ConversationState state, String id, MessagePosted posted, long time) {
        if (messages.find(state, id, posted.getMessageId()) != null) {
            return false; // redelivered: the message is counted once
        }
        Role role = posted.getSenderRole();
        double sentiment = isScored(role) ? vader.polarity(posted.getContent()).compound() : Double.NaN;
        messages.add(state, id, posted.getMessageId(),
                new MessageState(role, time, sentiment, false, MessageAuthors.of(posted.getSenderId())));
        count(state, role, 1);
        addSentiment(state, role, sentiment, 1);
        if (state.started()) {
            if (role == Role.user) {
                observe(state, MetricName.sentiment, sentiment, time);
            }
            if (isResponder(role) && state.firstResponseAt == null && time >= state.startedAt) {
                respond(state, time);
            }
        }
        return true;
    }

    private boolean edit(ConversationState state, String id, MessageEdited edited, Actor actor, String tenant) {
        MessageState message = messages.find(state, id, edited.getMessageId());
        if (message == null || message.deleted() || !message.scored() || !mayChange(actor, message, tenant)) {
            return false;
        }
        double sentiment = vader.polarity(edited.getContent()).compound();
        if (sentiment == message.sentiment()) {
            return false;
        }
        addSentiment(state, message.role(), message.sentiment(), -1);
        addSentiment(state, message.role(), sentiment, 1);
        messages.replace(state, id, edited.getMessageId(), message.withSentiment(sentiment));
        return true;
    }

    private boolean deleteMessage(ConversationState state, String id, MessageDeleted deleted, Actor actor, String tenant) {
        MessageState message = messages.find(state, id, deleted.getMessageId());
        if (message == null || message.deleted() || !mayChange(actor, message, tenant)) {
            return false;
        }
        count(state, message.role(), -1);
        addSentiment(state, message.role(), message.sentiment(), -1);
        messages.replace(state, id, deleted.getMessageId(), message.asDeleted());
        return true;
    }

    private boolean changeStatus(ConversationState state, StatusChanged change, long time) {
        var previous = state.status;
        var next = change.getStatus();
        if (next == previous) {
            return false;
        }
        if (previous == ConversationStatus.resolved) {
            state.reopenCount++;
            state.lastReopenAt = time;
            state.resolvedAt = null;
        }
        state.status = next;
        if (next == ConversationStatus.resolved) {
            state.resolveCount++;
            state.resolvedAt = time;
            if (state.started()) {
                measureResolution(state, time);
            }
        }
        return true;
    }

    private static boolean changePriority(ConversationState state, PriorityChanged change) {
        if (change.getPriority() == state.priority) {
            return false;
        }
        state.priority = change.getPriority();
        return true;
    }

    /**
     * Records that the user is erased in this task's conversations: from now on an erased author and an erased actor
     * are whoever stands for them ({@link MessageAuthors#mayChange}). Stats-streams keeps no user id, only 64-bit
     * fingerprints of authors, which the erasure leaves as they are.
     */
    private void erase(ConversationEvent event, UserErased erased) {
        String replacement = erased.getReplacement();
        erasedUsers.put(erasedKey(tenantOf(event), MessageAuthors.of(erased.getUserId())),
                replacement == null ? MessageAuthors.NONE : MessageAuthors.of(replacement));
    }

    private boolean mayChange(Actor actor, MessageState message, String tenant) {
        return MessageAuthors.mayChange(actor, message, fingerprint -> {
            if (fingerprint == MessageAuthors.UNKNOWN || fingerprint == MessageAuthors.NONE) {
                return fingerprint;
            }
            Long standsFor = erasedUsers.get(erasedKey(tenant, fingerprint));
            return standsFor == null ? fingerprint : standsFor;
        });
    }

    private static String erasedKey(String tenant, long fingerprint) {
        return (tenant == null ? "" : tenant) + '\u0000' + Long.toHexString(fingerprint);
    }

    private static String tenantOf(ConversationEvent event) {
        return event.getTenant() == null || event.getTenant().isEmpty() ? null : event.getTenant();
    }

    private boolean deleteConversation(ConversationState state, String id) {
        state.deleted = true;
        messages.removeAll(state, id);
        return true;
    }

    private void respond(ConversationState state, long time) {
        state.firstResponseAt = time;
        observe(state, MetricName.first_response_time, time - state.startedAt, time);
    }

    /** Full resolution from the start, and the cycle since the latest reopen; a resolve before the start is not timed. */
    private void measureResolution(ConversationState state, long resolvedAt) {
        long full = resolvedAt - state.startedAt;
        if (full < 0) {
            state.resolutionMillis = null;
            state.lastCycleResolutionMillis = null;
            return;
        }
        long cycleStart = state.lastReopenAt != null ? Math.max(state.lastReopenAt, state.startedAt) : state.startedAt;
        state.resolutionMillis = full;
        state.lastCycleResolutionMillis = Math.max(0, resolvedAt - cycleStart);
        observe(state, MetricName.resolution_time, full, resolvedAt);
    }

    /** One observation into every group the conversation belongs to, at the observation's own event time. */
    private void observe(ConversationState state, MetricName metric, double value, long time) {
        for (String series : state.groups().seriesKeys(metric)) {
            outbox.observe(series, value, time);
        }
    }

    private boolean isResponder(Role role) {
        return role == Role.agent || role == Role.admin || (role == Role.assistant && assistantIsResponder);
    }

    private boolean isScored(Role role) {
        return role == Role.user || isResponder(role);
    }

    private static void count(ConversationState state, Role role, int sign) {
        switch (role) {
            case user -> state.userMessages += sign;
            case agent, admin -> state.responderMessages += sign;
            case assistant -> state.assistantMessages += sign;
            case system -> state.systemMessages += sign;
        }
    }

    private void addSentiment(ConversationState state, Role role, double sentiment, int sign) {
        if (Double.isNaN(sentiment)) {
            return;
        }
        if (role == Role.user) {
            state.addUserSentiment(sentiment, sign);
        } else if (isResponder(role)) {
            state.addResponderSentiment(sentiment, sign);
        }
    }
}
