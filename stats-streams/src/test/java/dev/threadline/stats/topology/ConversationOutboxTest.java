package dev.threadline.stats.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox keeps what its task owes downstream across commits: whatever was added since the last commit is saved as
 * a journal chunk when Kafka Streams flushes it before a commit, a restarted task replays the chunks, and emptying the
 * outbox deletes them.
 */
class ConversationOutboxTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long T = 1_767_607_200_000L; // 2026-01-05T10:00:00Z

    private KeyValueStore<Bytes, byte[]> saved;
    private final List<String> restored = new ArrayList<>();
    private MockProcessorContext<Object, Object> context;

    @BeforeEach
    void savedStore() {
        context = new MockProcessorContext<>();
        context.setRecordMetadata("conversation-events", 0, 0);
        // What the changelog restores a restarted task's outbox from: a plain in-memory store that outlives the outbox
        saved = Stores.inMemoryKeyValueStore("outbox").get();
    }

    @Test
    void pendingEntriesSurviveACommitAndARestart() {
        // Given an outbox with a changed conversation, observations in two buckets of a series and a status move
        ConversationOutbox outbox = open();
        outbox.metricsChanged("c-1", withUserMessages(3), T);
        outbox.observe("sentiment|all|all", 0.5, T + 10);
        outbox.observe("sentiment|all|all", -0.25, T + 20);
        outbox.observe("sentiment|all|all", 0.75, T + HOUR);
        outbox.statusMoved("all|all", new StatusDelta(1, 0, 0, T));
        outbox.statusMoved("all|all", new StatusDelta(-1, 1, 0, T + 5));

        // When Kafka Streams flushes it before a commit, and the task restarts from what was saved
        outbox.flushCache();
        ConversationOutbox restarted = open();

        // Then the restarted outbox emits what the first one held: the conversation with its state, the buckets, the
        // summed moves; and the conversation's state went back to its store
        List<String> emitted = drain(restarted);
        assertThat(emitted).containsExactly(
                "status all|all 0/1/0 @" + (T + 5),
                "observations sentiment|all|all count 2 sum 0.25 @" + (T + 20),
                "observations sentiment|all|all count 1 sum 0.75 @" + (T + HOUR),
                "metrics c-1 3 user messages @" + T);
        assertThat(restored).containsExactly("c-1");
    }

    @Test
    void eachCommitSavesOnlyWhatWasAddedSinceTheLastOne() {
        // Given an outbox saved by one commit
        ConversationOutbox outbox = open();
        outbox.metricsChanged("c-1", new ConversationState(), T);
        outbox.observe("first_response_time|all|all", 60_000, T);
        outbox.statusMoved("all|all", new StatusDelta(1, 0, 0, T));
        outbox.flushCache();

        // When more is added to the same entries and to new ones, and two more commits flush it
        outbox.observe("first_response_time|all|all", 30_000, T + 1);
        outbox.statusMoved("all|all", new StatusDelta(-1, 0, 1, T + 2));
        outbox.metricsChanged("c-2", new ConversationState(), T + 3);
        outbox.flushCache();
        outbox.flushCache();

        // Then each commit that had changes saved one chunk, and replaying them adds each observation and move once
        assertThat(saved.approximateNumEntries()).isEqualTo(2);
        assertThat(drain(open())).containsExactly(
                "status all|all 0/0/1 @" + (T + 2),
                "observations first_response_time|all|all count 2 sum 90000.0 @" + (T + 1),
                "metrics c-1 0 user messages @" + T,
                "metrics c-2 0 user messages @" + (T + 3));
    }

    @Test
    void emptyingTheOutboxDeletesItsSavedChunks() {
        // Given entries saved by one commit
        ConversationOutbox outbox = open();
        outbox.metricsChanged("c-1", new ConversationState(), T);
        outbox.observe("first_response_time|all|all", 60_000, T);
        outbox.flushCache();
        assertThat(saved.approximateNumEntries()).isEqualTo(1);

        // When they are emitted and the next commit flushes the outbox
        drain(outbox);
        outbox.flushCache();

        // Then nothing is left to emit after a restart
        assertThat(saved.approximateNumEntries()).isZero();
        assertThat(drain(open())).isEmpty();
    }

    @Test
    void aLargeCommitIsSavedInChunksOfBoundedSize() {
        // Given more observations between two commits than one chunk holds
        ConversationOutbox outbox = open();
        int observations = 2 * OutboxJournal.CHUNK_BYTES / 8;
        for (int i = 0; i < observations; i++) {
            outbox.observe("sentiment|tenant|t-" + (i % 100), 0.5, T + i % 1000);
        }

        // When a commit saves them
        outbox.flushCache();

        // Then they took several chunks, none larger than the bound, and all of them come back
        assertThat(saved.approximateNumEntries()).isGreaterThan(1);
        try (var all = saved.all()) {
            all.forEachRemaining(chunk -> assertThat(chunk.value.length).isLessThanOrEqualTo(OutboxJournal.CHUNK_BYTES));
        }
        long restored = drain(open()).stream().mapToLong(line -> Long.parseLong(line.split(" count ")[1].split(" ")[0])).sum();
        assertThat(restored).isEqualTo(observations);
    }

    @Test
    void entriesEmittedBeforeTheCommitAreNeverSaved() {
        // Given changes that are emitted before the commit, as the punctuation does just before it
        ConversationOutbox outbox = open();
        outbox.metricsChanged("c-1", new ConversationState(), T);
        outbox.statusMoved("all|all", new StatusDelta(1, 0, 0, T));
        drain(outbox);

        // When the commit flushes the outbox
        outbox.flushCache();

        // Then nothing was written to its changelog
        assertThat(saved.approximateNumEntries()).isZero();
    }

    @Test
    void aConversationChangedManyTimesIsEmittedOnceWithItsLatestState() {
        ConversationOutbox outbox = open();
        ConversationState first = new ConversationState();
        ConversationState latest = new ConversationState();
        outbox.metricsChanged("c-1", first, T);
        outbox.metricsChanged("c-2", new ConversationState(), T + 1);
        outbox.metricsChanged("c-1", latest, T + 2);

        List<ConversationState> states = new ArrayList<>();
        List<String> emitted = drain(outbox, states);

        assertThat(emitted).containsExactly("metrics c-1 0 user messages @" + (T + 2), "metrics c-2 0 user messages @" + (T + 1));
        assertThat(states.getFirst()).isSameAs(latest);
    }

    private static ConversationState withUserMessages(int count) {
        ConversationState state = new ConversationState();
        state.userMessages = count;
        return state;
    }

    private ConversationOutbox open() {
        ConversationOutbox outbox = ConversationOutbox.over(saved, HOUR);
        outbox.init(context.getStateStoreContext(), outbox);
        outbox.load((id, state) -> restored.add(id));
        return outbox;
    }

    private static List<String> drain(ConversationOutbox outbox) {
        return drain(outbox, new ArrayList<>());
    }

    private static List<String> drain(ConversationOutbox outbox, List<ConversationState> states) {
        List<String> emitted = new ArrayList<>();
        outbox.drainTo(new OutboxEntry.Emitter() {
            @Override
            public void statusMoves(String group, StatusDelta moves) {
                emitted.add("status " + group + " " + moves.open() + "/" + moves.pending() + "/" + moves.resolved() + " @" + moves.eventTime());
            }

            @Override
            public void observations(String series, MetricAggregate observations, long eventTime) {
                emitted.add("observations " + series + " count " + observations.count() + " sum " + observations.sum() + " @" + eventTime);
            }

            @Override
            public void metrics(String conversationId, ConversationState state, long eventTime) {
                states.add(state);
                emitted.add("metrics " + conversationId + " " + state.userMessages + " user messages @" + eventTime);
            }
        });
        return emitted;
    }
}
