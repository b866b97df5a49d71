package dev.threadline.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.ThreadlineService;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code ./threadline import FILE}: imports the history of another conversation store (docs/import.md) through the
 * ingest service's batch API, each record at its own time, with an importing token (roles {@code service} and
 * {@code import}). Streams the file (memory stays bounded whatever its size), shows progress, writes refused records
 * with their line and reason to a rejects file and goes on, keeps a state file so that a run resumes where the last one
 * stopped and a finished import sends nothing again, and ends with a summary.
 *
 * <p>Exit codes: 0 every record imported; 1 the file was handled but some records were refused (see the rejects
 * file); 2 a usage or input error; 3 the ingest service could not be reached or refused a batch as a whole (run again
 * to resume).
 */
@Command(name = "threadline import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Imports conversations, participants, messages, status history and reads from JSON Lines or CSV "
                + "(docs/import.md) through the ingest service, with their own times.")
public final class ThreadlineImport implements Callable<Integer> {

    enum Format { jsonl, csv }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "the records: JSON Lines (.jsonl, .json) or CSV (.csv); or --from and --layout")
    Path file;

    @Option(names = "--from", paramLabel = "JDBC_URL", description = "read another store's tables instead of a file, e.g. "
            + "jdbc:postgresql://db:5432/helpdesk?user=reader&password=... (with --layout)")
    String from;

    @Option(names = "--layout", description = "the table design behind --from: ${COMPLETION-CANDIDATES} (docs/import.md)",
            completionCandidates = Layouts.class)
    String layout;

    @Option(names = "--format", description = "jsonl or csv (default: by the file's extension, else jsonl)")
    Format format;

    @Option(names = "--source", defaultValue = "import",
            description = "name of the source store; ids that are not UUIDs are derived from it (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--ingest", description = "the ingest service (default: http://127.0.0.1:<THREADLINE_INGEST_PORT or 8081>)")
    URI ingest;

    @Option(names = "--token", description = "bearer token with the roles service (or admin) and import (default: "
            + "THREADLINE_TOKEN, else one signed with the local stack's secret)")
    String token;

    @Option(names = "--tenant", description = "tenant of the token this command signs itself (ignored with --token)")
    String tenant;

    @Option(names = "--batch", defaultValue = "500", description = "records per request (default: ${DEFAULT-VALUE}, at most 500)")
    int batch;

    @Option(names = "--parallel", defaultValue = "4", description = "batches in flight at once, in lanes: each "
            + "conversation's records always in the same lane, in the source's order (default: ${DEFAULT-VALUE}; a resumed "
            + "import keeps the lanes it began with)")
    int parallel;

    @Option(names = "--state", description = "state file (default: FILE.import-state.json)")
    Path stateFile;

    @Option(names = "--rejects", description = "refused records, one JSON object per line (default: FILE.rejects.jsonl)")
    Path rejectsFile;

    @Option(names = "--restart", description = "ignore the state file and start from the first line")
    boolean restart;

    @Option(names = "--patience", defaultValue = "PT5M",
            description = "how long to keep trying a batch while ingest is unreachable or answers 503 (default: 5 min)")
    Duration patience;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();

    ThreadlineImport(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command with {@code args}; returns its exit code. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine command = new CommandLine(new ThreadlineImport(environment, out, err));
        command.setOut(new java.io.PrintWriter(out, true));
        command.setErr(new java.io.PrintWriter(err, true));
        command.setCaseInsensitiveEnumValuesAllowed(true);
        return command.execute(args);
    }

    /** The layout names, for the help text. */
    static final class Layouts extends ArrayList<String> {
        Layouts() {
            super(JdbcSource.LAYOUTS);
        }
    }

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (from == null) || (from == null) != (layout == null)) {
            err.println("threadline import: give either FILE, or --from JDBC_URL with --layout NAME");
            return 2;
        }
        if (layout != null && !JdbcSource.LAYOUTS.contains(layout)) {
            err.println("threadline import: unknown layout '" + layout + "'; layouts are " + String.join(", ", JdbcSource.LAYOUTS));
            return 2;
        }
        if (file != null && !Files.isReadable(file)) {
            err.println("threadline import: cannot read " + file);
            return 2;
        }
        // Where the state and the rejects go: beside the file, or named after the layout in the working directory.
        Path base = file != null ? file : Path.of("threadline-import-" + layout);
        if (batch < 1 || batch > 500) {
            err.println("threadline import: --batch must be 1 to 500");
            return 2;
        }
        if (parallel < 1 || parallel > 64) {
            err.println("threadline import: --parallel must be 1 to 64");
            return 2;
        }
        Path state = stateFile != null ? stateFile : base.resolveSibling(base.getFileName() + ".import-state.json");
        Path rejects = rejectsFile != null ? rejectsFile : base.resolveSibling(base.getFileName() + ".rejects.jsonl");
        ImportState start = new ImportState(source, 0, false, ImportState.Counts.NONE, List.of());
        if (!restart && Files.exists(state)) {
            start = ImportState.read(state, json);
            if (!start.source().equals(source)) {
                err.println("threadline import: " + state + " is of an import with --source " + start.source()
                        + "; give that source, another --state, or --restart");
                return 2;
            }
        }
        if (start.done()) {
            out.println("threadline import: " + (file != null ? file : layout + " from " + redacted(from))
                    + " was imported already (" + state + "); --restart sends it again");
            printSummary(start.counts(), 0, Duration.ZERO, rejects, state);
            return start.counts().rejected() > 0 ? 1 : 0;
        }
        IngestBatches ingestService = new IngestBatches(json, ingestUri(), token(), patience);
        CommandMapper mapper = new CommandMapper(json, new SourceIds(source));
        long size = file != null ? Files.size(file) : JdbcSource.rows(from, layout);
        long began = System.nanoTime();
        try (InputStream in = file != null ? Files.newInputStream(file) : InputStream.nullInputStream();
             SourceReader reader = file != null ? reader(in) : new JdbcSource(from, layout, json);
             BufferedWriter rejected = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     start.line() == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND,
                     StandardOpenOption.WRITE);
             Progress progress = new Progress(err, size, start.counts())) {
            if (start.line() > 0) {
                err.println("threadline import: resuming after line " + start.line() + " (" + state + ")");
            }
            ImportState lanesStart = start.withLanes(parallel);
            if (lanesStart.lanes().size() != parallel) {
                err.println("threadline import: resuming in the " + lanesStart.lanes().size() + " lanes the import began with");
            }
            ImportState done;
            try (ImportLanes lanes = new ImportLanes(ingestService, mapper, json, rejected, progress, state, lanesStart, batch)) {
                for (SourceReader.Read read = reader.next(); read != null; read = reader.next()) {
                    progress.bytes(reader.bytesRead());
                    if (read.line() <= start.line()) {
                        continue;
                    }
                    lanes.add(read);
                }
                done = lanes.finish();
            }
            progress.close();
            printSummary(done.counts(), done.counts().records() - start.counts().records(),
                    Duration.ofNanos(System.nanoTime() - began), rejects, state);
            return done.counts().rejected() > 0 ? 1 : 0;
        } catch (IngestBatches.Unavailable e) {
            err.println();
            err.println("threadline import: stopped: " + e.getMessage());
            err.println("threadline import: everything up to the state in " + state + " is imported; run the same command "
                    + "again to resume");
            return 3;
        }
    }

    private SourceReader reader(InputStream in) {
        Format chosen = format != null ? format
                : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? Format.csv : Format.jsonl;
        return chosen == Format.csv ? SourceReader.csv(in, json) : SourceReader.jsonLines(in, json);
    }

    /** A JDBC URL without its password, for messages. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private URI ingestUri() {
        if (ingest != null) {
            return ingest;
        }
        String port = environment.getOrDefault(ThreadlineService.INGEST.portVariable(),
                String.valueOf(ThreadlineService.INGEST.defaultPort()));
        return URI.create("http://127.0.0.1:" + port);
    }

    private String token() {
        if (token != null) {
            return token;
        }
        String fromEnvironment = environment.get("THREADLINE_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return DevelopmentTokens.stackToken(environment, "threadline-import", List.of("service", "import"), tenant,
                Duration.ofDays(7));
    }

    private void printSummary(ImportState.Counts counts, long thisRun, Duration took, Path rejects, Path state) {
        double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
        out.printf(Locale.ROOT, "threadline import: %,d records handled: %,d imported (%,d conversations, %,d messages), "
                        + "%,d refused%n", counts.records(), counts.imported(), counts.conversations(), counts.messages(),
                counts.rejected());
        if (!took.isZero()) {
            out.printf(Locale.ROOT, "threadline import: this run handled %,d records in %.1f s (%,.0f records/s)%n",
                    thisRun, seconds, thisRun / seconds);
        }
        if (counts.rejected() > 0) {
            out.println("threadline import: refused records, with their line and reason: " + rejects);
        }
        out.println("threadline import: state: " + state);
    }
}
