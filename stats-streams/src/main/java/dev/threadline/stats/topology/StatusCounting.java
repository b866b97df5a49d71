package dev.threadline.stats.topology;

import dev.threadline.events.ConversationStatus;
import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Where one conversation is counted in the status counts: under its status in each of its groups, or nowhere (not
 * started yet, or deleted). Comparing the counting before and after an event gives the exact moves between counts,
 * whatever the event changed: status, priority, tenant, start or deletion.
 */
record StatusCounting(ConversationStatus status, List<DimensionValue> groups) {

    private static final StatusCounting NOWHERE = new StatusCounting(null, List.of());

    static StatusCounting of(ConversationState state) {
        return state.counted() ? new StatusCounting(state.status, state.dimensions()) : NOWHERE;
    }

    /** The non-zero changes of each group's counts, key = dimension key, that move the conversation to {@code after}. */
    List<KeyValue<String, StatusDelta>> deltasTo(StatusCounting after, long eventTime) {
        if (equals(after)) {
            return List.of();
        }
        List<KeyValue<String, StatusDelta>> deltas = new ArrayList<>();
        for (DimensionValue group : groups) {
            int[] change = new int[3];
            change[index(status)]--;
            if (after.groups.contains(group)) {
                change[index(after.status)]++;
            }
            add(deltas, group, change, eventTime);
        }
        for (DimensionValue group : after.groups) {
            if (!groups.contains(group)) {
                int[] change = new int[3];
                change[index(after.status)]++;
                add(deltas, group, change, eventTime);
            }
        }
        return deltas;
    }

    private static int index(ConversationStatus status) {
        return switch (status) {
            case open -> 0;
            case pending -> 1;
            case resolved -> 2;
        };
    }

    private static void add(List<KeyValue<String, StatusDelta>> deltas, DimensionValue group, int[] change, long eventTime) {
        StatusDelta delta = new StatusDelta(change[0], change[1], change[2], eventTime);
        if (!delta.isZero()) {
            deltas.add(KeyValue.pair(group.key(), delta));
        }
    }
}
