package dev.threadline.e2e.chaos;

import dev.threadline.e2e.stats.EventLog;
import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * The event log that the acknowledged commands stand for, rebuilt from the ledger alone, for
 * {@link dev.threadline.e2e.stats.StatsReference}. Messages carry the time the client gave them; a start or status
 * change carries the time ingest stamped on it, which only its published event knows, so those times (and only those)
 * are looked up on conversation-events by the event id of the receipt. An acknowledged event that is not on the topic
 * keeps its acknowledgement time: it is lost, and the PostgreSQL check says so.
 */
public final class AcknowledgedEvents {

    private AcknowledgedEvents() {
    }

    public static List<ConversationEvent> of(List<Ledger.Acked> acked, Map<String, Instant> stampedTimes, Instant fallback) {
        List<ConversationEvent> log = new ArrayList<>();
        for (Ledger.Acked ack : acked) {
            String first = ack.eventIds().isEmpty() ? UUID.randomUUID().toString() : ack.eventIds().getFirst();
            Instant stamped = stampedTimes.getOrDefault(first, fallback);
            switch (ack.command()) {
                case ChaosCommand.Start start -> {
                    log.add(event(first, start.conversationId(), stamped, new Actor(start.customer(), Role.user),
                            ConversationStarted.newBuilder().setKind(start.kind()).setPriority(start.priority()).setTitle("chaos")
                                    .setParticipants(List.of(new Participant(start.customer(), Role.user),
                                            new Participant(start.agent(), Role.agent))).build()));
                    String second = ack.eventIds().size() > 1 ? ack.eventIds().get(1) : UUID.randomUUID().toString();
                    log.add(posted(second, start.conversationId(), start.first()));
                }
                case ChaosCommand.Post post -> log.add(posted(first, post.conversationId(), post.message()));
                case ChaosCommand.Status status -> log.add(event(first, status.conversationId(), stamped,
                        new Actor(null, Role.system), new StatusChanged(status.status(), null)));
                case ChaosCommand.Read read -> log.add(event(first, read.conversationId(), stamped,
                        new Actor(read.userId(), Role.user), new MessagesRead(read.userId(), null, read.upToMessageId())));
            }
        }
        return log;
    }

    /**
     * The times ingest stamped on the events {@code wanted}, read committed from conversation-events between
     * {@code from} and the current end.
     */
    static Map<String, Instant> stampedTimes(String bootstrapServers, Map<TopicPartition, Long> from, Set<String> wanted) {
        return stampedTimes(bootstrapServers, from, wanted, conversation -> true, Duration.ofMinutes(2));
    }

    /** The same, looking only at the events of the conversations {@code conversations} accepts, for at most {@code timeout}. */
    public static Map<String, Instant> stampedTimes(String bootstrapServers, Map<TopicPartition, Long> from, Set<String> wanted,
                                                    Predicate<String> conversations, Duration timeout) {
        Map<String, Instant> times = new HashMap<>();
        EventLog.forEachFrom(bootstrapServers, from, timeout, conversations, event -> {
            if (wanted.contains(event.getEventId())) {
                times.putIfAbsent(event.getEventId(), event.getOccurredAt());
            }
        });
        return times;
    }

    private static ConversationEvent posted(String eventId, String conversationId, ChaosCommand.Message message) {
        return event(eventId, conversationId, message.occurredAt(), new Actor(message.senderId(), message.role()),
                MessagePosted.newBuilder().setMessageId(message.id()).setSenderId(message.senderId())
                        .setSenderRole(message.role()).setContent(message.content()).setTokensUsed(message.tokens()).build());
    }

    private static ConversationEvent event(String eventId, String conversationId, Instant at, Actor actor, Object payload) {
        return ConversationEvent.newBuilder().setEventId(eventId).setConversationId(conversationId).setOccurredAt(at)
                .setIngestedAt(at).setActor(actor).setSource("chaos-ledger").setPayload(payload).build();
    }
}
