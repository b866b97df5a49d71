package dev.threadline.stats.topology;

import dev.threadline.stats.topology.ConversationOutput.MetricsUpdate;
import dev.threadline.stats.topology.ConversationOutput.Observations;
import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards what a {@link ConversationOutbox} hands over as the per-conversation processor's output records, each at
 * its own event time: a conversation's metrics (a tombstone once it was deleted), a bucket's observations, a group's
 * summed status moves.
 */
record OutboxForwarder(ProcessorContext<String, ConversationOutput> context) implements OutboxEntry.Emitter {

    @Override
    public void statusMoves(String group, StatusDelta moves) {
        context.forward(new Record<>(group, moves, moves.eventTime()));
    }

    @Override
    public void observations(String series, MetricAggregate observations, long eventTime) {
        context.forward(new Record<>(series, new Observations(observations), eventTime));
    }

    @Override
    public void metrics(String conversationId, ConversationState state, long eventTime) {
        context.forward(new Record<>(conversationId, new MetricsUpdate(state.deleted ? null : state.toMetrics(conversationId)), eventTime));
    }
}
