package dev.threadline.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where an import of a source file stands, kept in a small JSON file next to it after every batch the ingest service
 * answered: the last line handled and the counts so far. A run with the same state file starts after that line, so an
 * interrupted import resumes and a finished one sends nothing again.
 *
 * @param source   the {@code --source} name the ids were derived with
 * @param line     every line up to this one was handled (imported or written to the rejects file)
 * @param done     whether the whole file was handled
 * @param lanes    per lane ({@link ImportLanes}), the line up to which every record of the lane was handled; empty in a
 *                 state written before lanes, where {@code line} stands for every lane
 */
record ImportState(String source, long line, boolean done, Counts counts, List<Long> lanes) {

    ImportState {
        lanes = List.copyOf(lanes);
    }

    /** The same state for {@code count} lanes: those it has, else {@code count} lanes all at {@code line}. */
    ImportState withLanes(int count) {
        return lanes.isEmpty() ? new ImportState(source, line, done, counts, Collections.nCopies(count, line)) : this;
    }

    /** Counts of one import, over all its runs. */
    record Counts(long records, long imported, long rejected, long messages, long conversations) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(records + other.records, imported + other.imported, rejected + other.rejected,
                    messages + other.messages, conversations + other.conversations);
        }
    }

    static ImportState read(Path file, ObjectMapper json) {
        try {
            ObjectNode node = (ObjectNode) json.readTree(file.toFile());
            ObjectNode counts = (ObjectNode) node.get("counts");
            List<Long> lanes = new ArrayList<>();
            node.path("lanes").forEach(lane -> lanes.add(lane.asLong()));
            return new ImportState(node.get("source").asText(), node.get("line").asLong(), node.get("done").asBoolean(),
                    new Counts(counts.get("records").asLong(), counts.get("imported").asLong(),
                            counts.get("rejected").asLong(), counts.get("messages").asLong(),
                            counts.get("conversations").asLong()), lanes);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The state file " + file + " is not one this command wrote ("
                    + e.getMessage() + "); remove it or pass --restart", e);
        }
    }

    /** Writes the state next to {@code file} and moves it over, so a crash leaves the old state or the new one. */
    void write(Path file, ObjectMapper json) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the state file " + file, e);
        }
    }
}
