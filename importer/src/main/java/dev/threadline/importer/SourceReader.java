package dev.threadline.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams the records of a source file, one at a time, whatever its size: JSON Lines (one JSON object per line; blank
 * lines are skipped) or CSV with a header row whose column names are the JSON fields' ({@code tags} separated by
 * {@code |}, attributes as {@code attributes.<key>} columns; an empty cell is an absent field). A line that is not a
 * record is returned with its problem, for the rejects file, and reading goes on.
 */
abstract class SourceReader implements Closeable {

    /** A record, or the reason a line is none. */
    record Read(SourceRecord record, String problem, long line, String text) {
    }

    protected final CountingInput input;

    SourceReader(InputStream in) {
        this.input = new CountingInput(in);
    }

    static SourceReader jsonLines(InputStream in, ObjectMapper json) {
        return new JsonLines(in, json);
    }

    static SourceReader csv(InputStream in, ObjectMapper json) {
        return new Csv(in, json);
    }

    /** The next record or rejected line; null at the end. */
    abstract Read next() throws IOException;

    /** Bytes read so far, for the progress. */
    long bytesRead() {
        return input.count();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    private static final class JsonLines extends SourceReader {
        private final BufferedReader lines;
        private final ObjectMapper json;
        private long line;

        JsonLines(InputStream in, ObjectMapper json) {
            super(in);
            this.lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
            this.json = json;
        }

        @Override
        Read next() throws IOException {
            String text;
            do {
                text = lines.readLine();
                line++;
                if (text == null) {
                    return null;
                }
            } while (text.isBlank());
            try {
                JsonNode node = json.readTree(text);
                if (node instanceof ObjectNode object) {
                    return new Read(new SourceRecord(line, object, text), null, line, text);
                }
                return new Read(null, "not a JSON object", line, text);
            } catch (JsonProcessingException e) {
                return new Read(null, "not JSON: " + e.getOriginalMessage(), line, text);
            }
        }
    }

    private static final class Csv extends SourceReader {
        private final Iterator<Map<String, String>> rows;
        private final MappingIterator<Map<String, String>> mapping;
        private final ObjectMapper json;

        Csv(InputStream in, ObjectMapper json) {
            super(in);
            this.json = json;
            CsvMapper csv = new CsvMapper();
            csv.enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS);
            try {
                this.mapping = csv.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                        .readValues(new InputStreamReader(input, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the CSV header", e);
            }
            this.rows = mapping;
        }

        @Override
        Read next() throws IOException {
            long line = 0;
            try {
                if (!rows.hasNext()) {
                    return null;
                }
                // hasNext() has read the row's first token: the parser is on the line the row starts on.
                line = mapping.getCurrentLocation().getLineNr();
                Map<String, String> row = rows.next();
                ObjectNode fields = json.createObjectNode();
                for (Map.Entry<String, String> cell : row.entrySet()) {
                    String column = cell.getKey();
                    String value = cell.getValue();
                    if (value == null || value.isEmpty()) {
                        continue;
                    }
                    if (column.startsWith("attributes.")) {
                        ObjectNode attributes = fields.has("attributes") ? (ObjectNode) fields.get("attributes")
                                : fields.putObject("attributes");
                        attributes.put(column.substring("attributes.".length()), value);
                    } else if (column.equals("tags") || column.equals("keyTopics")) {
                        ArrayNode list = fields.putArray(column);
                        List.of(value.split("\\|")).forEach(list::add);
                    } else if (NUMBERS.contains(column) && value.matches("-?\\d{1,18}")) {
                        long number = Long.parseLong(value);
                        // As JSON reads it: an int where it fits, else a long.
                        if (number == (int) number) {
                            fields.put(column, (int) number);
                        } else {
                            fields.put(column, number);
                        }
                    } else {
                        fields.put(column, value);
                    }
                }
                return new Read(new SourceRecord(line, fields, json.writeValueAsString(row)), null, line,
                        json.writeValueAsString(row));
            } catch (RuntimeException e) {
                // Jackson's CSV reader reports a malformed row as an unchecked exception; the next row is read normally.
                return new Read(null, "not a CSV row: " + e.getMessage(), line, "");
            }
        }

        private static final Set<String> NUMBERS = Set.of("tokensUsed", "contextWindow", "upToSeq");
    }
}
