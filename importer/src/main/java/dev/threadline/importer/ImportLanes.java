package dev.threadline.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends an import's records to the ingest service in lanes ({@code --parallel}), one batch of each lane in flight at a
 * time and the lanes' batches beside each other. A conversation's records always go to the same lane (by its id), and
 * a lane sends its batches one after the other in line order, so every conversation's records reach the ingest service
 * in the order of the source, as they would one batch at a time. Records the importer refuses itself go to lane 0.
 *
 * <p>After every answered batch the state file records, per lane, the line up to which every record of the lane is
 * handled (a lane with nothing outstanding: every line read so far). A resumed import skips exactly those records, so
 * nothing answered is sent again, whatever the lanes' batches had reached when the import stopped.
 */
final class ImportLanes implements AutoCloseable {

    private record Pending(SourceReader.Read read, ObjectNode item, String refusal) {
    }

    private static final class Lane {
        final int index;
        final ExecutorService sender;
        List<Pending> buffer = new ArrayList<>();
        /** Every record of the lane up to this line is handled. */
        long handled;
        /** Records of the lane read but not yet answered (buffered or in flight). */
        int outstanding;

        Lane(int index, long handled) {
            this.index = index;
            this.handled = handled;
            this.sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("import-lane-" + index).daemon(true).factory());
        }
    }

    private final IngestBatches ingest;
    private final CommandMapper mapper;
    private final ObjectMapper json;
    private final BufferedWriter rejects;
    private final Progress progress;
    private final Path stateFile;
    private final String source;
    private final int batch;
    private final Lane[] lanes;
    private final long[] resumeAfter;
    /** At most two batches of each lane waiting or in flight: reading stays bounded in memory. */
    private final Semaphore queued;
    private ImportState state;
    private long lastRead;
    private volatile Exception failure;

    ImportLanes(IngestBatches ingest, CommandMapper mapper, ObjectMapper json, BufferedWriter rejects, Progress progress,
                Path stateFile, ImportState start, int batch) {
        this.ingest = ingest;
        this.mapper = mapper;
        this.json = json;
        this.rejects = rejects;
        this.progress = progress;
        this.stateFile = stateFile;
        this.source = start.source();
        this.batch = batch;
        this.state = start;
        this.lastRead = start.line();
        this.resumeAfter = start.lanes().stream().mapToLong(Long::longValue).toArray();
        this.lanes = new Lane[resumeAfter.length];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i, resumeAfter[i]);
        }
        this.queued = new Semaphore(2 * lanes.length);
    }

    /** Adds a record read from the source; sends its lane's batch once it is full. */
    void add(SourceReader.Read read) throws IngestBatches.Unavailable, InterruptedException {
        failIfFailed();
        Pending pending = pending(read);
        Lane lane = lanes[laneOf(pending)];
        if (read.line() <= resumeAfter[lane.index]) {
            return; // handled by an earlier run
        }
        synchronized (this) {
            lane.outstanding++;
            lastRead = read.line();
        }
        lane.buffer.add(pending);
        if (lane.buffer.size() >= batch) {
            submit(lane);
        }
    }

    /** Sends what the lanes still hold, waits for every answer and records the import as done. */
    ImportState finish() throws IngestBatches.Unavailable, InterruptedException {
        for (Lane lane : lanes) {
            if (!lane.buffer.isEmpty()) {
                submit(lane);
            }
        }
        awaitLanes();
        failIfFailed();
        synchronized (this) {
            writeState(true);
            return state;
        }
    }

    /** Waits for the batches in flight (after a failure, so that the state holds what was answered). */
    private void awaitLanes() throws InterruptedException {
        for (Lane lane : lanes) {
            lane.sender.shutdown();
        }
        for (Lane lane : lanes) {
            lane.sender.awaitTermination(1, TimeUnit.DAYS);
        }
    }

    private void submit(Lane lane) throws InterruptedException {
        List<Pending> items = lane.buffer;
        lane.buffer = new ArrayList<>();
        queued.acquire();
        lane.sender.execute(() -> {
            try {
                if (failure == null) {
                    send(lane, items);
                }
            } catch (IngestBatches.Unavailable | IOException | RuntimeException e) {
                failure = e;
            } catch (InterruptedException e) {
                failure = e;
                Thread.currentThread().interrupt();
            } finally {
                queued.release();
            }
        });
    }

    private void failIfFailed() throws IngestBatches.Unavailable, InterruptedException {
        Exception failed = failure;
        if (failed == null) {
            return;
        }
        awaitLanes();
        switch (failed) {
            case IngestBatches.Unavailable unavailable -> throw unavailable;
            case InterruptedException interrupted -> throw interrupted;
            case IOException io -> throw new IllegalStateException("Cannot write the rejects file: " + io.getMessage(), io);
            case RuntimeException runtime -> throw runtime;
            default -> throw new IllegalStateException(failed);
        }
    }

    private Pending pending(SourceReader.Read read) {
        if (read.problem() != null) {
            return new Pending(read, null, read.problem());
        }
        try {
            return new Pending(read, mapper.item(read.record()), null);
        } catch (CommandMapper.Refused refused) {
            return new Pending(read, null, refused.getMessage());
        }
    }

    /** The lane of the record's conversation; 0 for a record refused before it was sent. */
    private int laneOf(Pending pending) {
        if (pending.item() == null) {
            return 0;
        }
        String conversation = pending.item().has("conversationId") ? pending.item().get("conversationId").asText()
                : pending.item().path("conversation").path("id").asText();
        return Math.floorMod(conversation.hashCode(), lanes.length);
    }

    /** Sends one batch of a lane; records every refusal and moves the lane's state past the batch's last line. */
    private void send(Lane lane, List<Pending> pending) throws IngestBatches.Unavailable, IOException, InterruptedException {
        ArrayNode items = json.createArrayNode();
        for (Pending p : pending) {
            if (p.item() != null) {
                items.add(p.item());
            }
        }
        String key = source + ":" + lane.index + ":" + pending.getFirst().read().line() + "-" + pending.getLast().read().line();
        List<String> answers = items.isEmpty() ? List.of() : ingest.send(items, key).refusals();
        long imported = 0;
        long refused = 0;
        long messages = 0;
        long conversations = 0;
        List<String> rejected = new ArrayList<>();
        int next = 0;
        for (Pending p : pending) {
            String refusal = p.refusal();
            if (p.item() != null) {
                refusal = answers.get(next++);
            }
            if (refusal == null) {
                imported++;
                String type = p.item().get("type").asText();
                messages += type.equals("postMessage") ? 1 : 0;
                conversations += type.equals("startConversation") ? 1 : 0;
            } else {
                refused++;
                ObjectNode entry = json.createObjectNode();
                entry.put("line", p.read().line());
                entry.put("reason", refusal);
                entry.put("record", p.read().text());
                rejected.add(json.writeValueAsString(entry));
            }
        }
        synchronized (this) {
            for (String entry : rejected) {
                rejects.write(entry);
                rejects.newLine();
            }
            rejects.flush();
            ImportState.Counts counts = new ImportState.Counts(pending.size(), imported, refused, messages, conversations);
            state = new ImportState(source, state.line(), false, state.counts().plus(counts), state.lanes());
            lane.handled = pending.getLast().read().line();
            lane.outstanding -= pending.size();
            writeState(false);
            progress.handled(state.counts());
        }
    }

    /** Writes the state: per lane the line up to which its records are handled, and the least of those. */
    private void writeState(boolean done) {
        long[] handled = new long[lanes.length];
        for (Lane lane : lanes) {
            handled[lane.index] = lane.outstanding == 0 ? Math.max(lane.handled, lastRead) : lane.handled;
        }
        long line = Arrays.stream(handled).min().orElse(lastRead);
        state = new ImportState(source, line, done, state.counts(), Arrays.stream(handled).boxed().toList());
        state.write(stateFile, json);
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.sender.shutdownNow();
        }
    }
}
