package dev.threadline.thread.service;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.schemas.events.EventTypes;
import dev.threadline.thread.query.ConversationReadModel;
import dev.threadline.thread.query.MessageKey;
import dev.threadline.thread.view.LiveEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans applied events out to the live clients of their conversation, in this instance only: a
 * client sees the events of the partitions this instance consumes. Delivery is best effort and
 * at most once per application — a client that does not keep up misses events rather than slowing
 * the projection, and a client that reconnects catches up with {@code /messages?afterSeq=}.
 *
 * <p>{@link #applied} only picks out the events somebody listens to and queues them; one delivery
 * thread looks up the seqs of posted messages and emits, in order, so the projection's consumer
 * thread never waits for a client or the database here.
 */
@Singleton
public class LiveEvents implements AppliedEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

    private final ConversationReadModel readModel;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("live-events").daemon().factory());

    public LiveEvents(ConversationReadModel readModel) {
        this.readModel = readModel;
    }

    /** The events of one conversation applied from now on, until the subscriber cancels. */
    public Flux<LiveEvent> subscribe(String conversationId) {
        return Flux.defer(() -> {
            Channel channel = channels.compute(conversationId,
                    (id, open) -> open == null ? new Channel(Sinks.many().multicast().directBestEffort(), 1) : open.joined());
            return channel.sink().asFlux().doFinally(signal -> channels.computeIfPresent(conversationId,
                    (id, open) -> open.subscribers() == 1 ? null : open.left()));
        });
    }

    /** How many clients listen to the conversation now. */
    public int subscribers(String conversationId) {
        Channel channel = channels.get(conversationId);
        return channel == null ? 0 : channel.subscribers();
    }

    @Override
    public void applied(List<ConversationEvent> events) {
        List<ConversationEvent> watched = events.stream().filter(e -> channels.containsKey(e.getConversationId())).toList();
        if (!watched.isEmpty()) {
            try {
                delivery.execute(() -> deliver(watched));
            } catch (RuntimeException e) {
                LOG.warn("Live events not delivered: {}", e.toString());
            }
        }
    }

    private void deliver(List<ConversationEvent> events) {
        Map<MessageKey, Long> seqs = seqsOfPostedMessages(events);
        for (ConversationEvent event : events) {
            Channel channel = channels.get(event.getConversationId());
            if (channel != null) {
                channel.sink().tryEmitNext(view(event, seqs));
            }
        }
    }

    private Map<MessageKey, Long> seqsOfPostedMessages(List<ConversationEvent> events) {
        List<MessageKey> posted = events.stream()
                .filter(e -> e.getPayload() instanceof MessagePosted)
                .map(e -> new MessageKey(e.getConversationId(), ((MessagePosted) e.getPayload()).getMessageId()))
                .toList();
        if (posted.isEmpty()) {
            return Map.of();
        }
        try {
            return readModel.seqs(posted);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Seqs of live messages not found, sending them without: {}", e.toString());
            return Map.of();
        }
    }

    static LiveEvent view(ConversationEvent event, Map<MessageKey, Long> seqs) {
        String type = EventTypes.of(event);
        String actorId = event.getActor().getId();
        return switch (event.getPayload()) {
            case MessagePosted m -> new LiveEvent(type, event.getEventId(), event.getConversationId(), event.getOccurredAt(),
                    actorId, m.getMessageId(), seqs.get(new MessageKey(event.getConversationId(), m.getMessageId())), m.getSenderId(), m.getSenderRole().name(),
                    m.getContent());
            case MessageEdited m -> new LiveEvent(type, event.getEventId(), event.getConversationId(), event.getOccurredAt(),
                    actorId, m.getMessageId(), null, null, null, m.getContent());
            case MessageDeleted m -> new LiveEvent(type, event.getEventId(), event.getConversationId(), event.getOccurredAt(),
                    actorId, m.getMessageId(), null, null, null, null);
            default -> new LiveEvent(type, event.getEventId(), event.getConversationId(), event.getOccurredAt(),
                    actorId, null, null, null, null, null);
        };
    }

    @PreDestroy
    void stop() {
        delivery.shutdownNow();
        channels.values().forEach(channel -> channel.sink().tryEmitComplete());
    }

    /** One conversation's sink and how many clients share it; replaced, never changed, under compute. */
    private record Channel(Sinks.Many<LiveEvent> sink, int subscribers) {

        Channel joined() {
            return new Channel(sink, subscribers + 1);
        }

        Channel left() {
            return new Channel(sink, subscribers - 1);
        }
    }
}
