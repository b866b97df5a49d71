package dev.threadline.e2e.pipeline;

import dev.threadline.e2e.chaos.ChaosStack;
import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anchors, measured on the run's own broker and PostgreSQL once the steps are over (the services idle):
 * Kafka's {@code ConsumerPerformance} reading all of conversation-events read committed (what each consumer has to
 * read), {@code ProducerPerformance} writing records of the events' average size with the ingest producer's settings
 * in transactions (what ingest has to write), and PostgreSQL's binary COPY of message rows shaped like the run's into
 * a table with the messages table's primary key and {@code (conversation_id, seq)} index
 * ({@code dev.threadline.bench.thread.ThreadBench (bench module) anchors --limit-variants copy}: the most a client can insert). Each runs as its own
 * process from the classpaths {@code bench/pipeline.sh} resolves; its output is kept in the run's directory.
 */
record Anchors(Result consumerPerformance, Result consumerFetchOnly, Result producerPerformance, Result copy,
               List<String> notes) {

    /** One anchor: records (or rows) per second, what was run, and -1 when it could not be measured. */
    record Result(String name, double perSecond, String detail) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Anchors.class);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);
    private static final String PRODUCER_TOPIC = "pipeline-producer-performance";
    private static final String PRODUCER_PROPERTIES =
            "acks=all enable.idempotence=true linger.ms=5 compression.type=lz4 batch.size=65536";
    /** ConsumerPerformance: start, end, MB, MB/s, records, records/s, rebalance ms, fetch ms, fetch MB/s, fetch records/s. */
    private static final Pattern CONSUMER_LINE = Pattern.compile("^\\d{4}-.*");
    private static final Pattern PRODUCER_LINE = Pattern.compile(
            "(\\d+) (steady state )?records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency.*?(\\d+) ms 99th");
    private static final Pattern COPY_LINE = Pattern.compile("threadline-limit variant=copy rows=(\\d+) .*rows_per_s=([0-9.]+)");

    static Anchors skipped(String why) {
        return new Anchors(null, null, null, null, List.of("anchors not run: " + why));
    }

    static Anchors run(ChaosStack stack, PipelineSettings settings, Correctness correctness) {
        List<String> notes = new ArrayList<>();
        Result consumer = null;
        Result fetch = null;
        Result producer = null;
        if (settings.kafkaToolsClasspath().isBlank()) {
            notes.add("Kafka anchors not run: no kafka-tools classpath (bench/pipeline.sh resolves it)");
        } else {
            Result[] read = consumerPerformance(stack, settings, correctness.ackedEvents(), notes);
            consumer = read[0];
            fetch = read[1];
            double recordSize = read[2] == null || read[2].perSecond() <= 0 ? 300 : read[2].perSecond();
            producer = producerPerformance(stack, settings, (int) Math.round(recordSize), notes);
        }
        Result copy = settings.threadBenchClasspath().isBlank() ? null : copy(stack, settings, correctness.stored(), notes);
        if (copy == null) {
            notes.add("COPY anchor not run: no ThreadBench classpath (bench/pipeline.sh compiles bench/thread)");
        }
        return new Anchors(consumer, fetch, producer, copy, notes);
    }

    /** {whole run, fetch time only, average record size in bytes as "per second"}. */
    private static Result[] consumerPerformance(ChaosStack stack, PipelineSettings settings, long records, List<String> notes) {
        try {
            Path properties = settings.out().resolve("consumer-performance.properties");
            Files.writeString(properties, "isolation.level=read_committed\n");
            List<String> args = List.of("--bootstrap-server", stack.bootstrapServers(), "--topic", Topics.CONVERSATION_EVENTS.name(),
                    "--num-records", Long.toString(records), "--group", "pipeline-consumer-performance",
                    "--timeout", "30000", "--command-config", properties.toString());
            String out = tool("consumer-performance", settings.kafkaToolsClasspath(), "org.apache.kafka.tools.ConsumerPerformance",
                    args, settings.out());
            String line = out.lines().filter(l -> CONSUMER_LINE.matcher(l).matches()).reduce((a, b) -> b).orElseThrow();
            String[] f = line.split(",\\s*");
            double megabytes = Double.parseDouble(f[2]);
            long read = Long.parseLong(f[4]);
            String detail = String.format("%,d records, %.1f MB of conversation-events, read_committed", read, megabytes);
            return new Result[] {new Result("ConsumerPerformance", Double.parseDouble(f[5]), detail),
                    new Result("ConsumerPerformance, fetch time only", Double.parseDouble(f[9]), detail),
                    new Result("average record size", megabytes * 1024 * 1024 / read, "")};
        } catch (Exception e) {
            notes.add("ConsumerPerformance failed: " + e.getMessage());
            return new Result[3];
        }
    }

    private static Result producerPerformance(ChaosStack stack, PipelineSettings settings, int recordSize, List<String> notes) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(PRODUCER_TOPIC, Topics.CONVERSATION_EVENTS.partitions(), (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            long records = settings.producerRecords();
            List<String> args = new ArrayList<>(List.of("--bootstrap-server", stack.bootstrapServers(), "--topic", PRODUCER_TOPIC,
                    "--num-records", Long.toString(records), "--warmup-records", Long.toString(records / 4),
                    "--record-size", Integer.toString(recordSize), "--throughput", "-1", "--transaction-duration-ms", "100",
                    "--command-property"));
            args.addAll(List.of(PRODUCER_PROPERTIES.split(" ")));
            String out = tool("producer-performance", settings.kafkaToolsClasspath(), "org.apache.kafka.tools.ProducerPerformance",
                    args, settings.out());
            Matcher last = null;
            for (String line : out.lines().toList()) {
                Matcher m = PRODUCER_LINE.matcher(line);
                if (m.find() && (last == null || m.group(2) != null)) {
                    last = m;
                }
            }
            if (last == null) {
                throw new IllegalStateException("no result line in producer-performance.txt");
            }
            return new Result("ProducerPerformance", Double.parseDouble(last.group(3)), String.format(
                    "%,d records of %d bytes (%s), transactions of 100 ms, %s, --throughput -1; p99 %s ms",
                    records, recordSize, last.group(2) != null ? "steady state after " + records / 4 + " warm-up records"
                            : "whole run", PRODUCER_PROPERTIES, last.group(6)));
        } catch (Exception e) {
            notes.add("ProducerPerformance failed: " + e.getMessage());
            return null;
        }
    }

    private static Result copy(ChaosStack stack, PipelineSettings settings, Correctness.Stored stored, List<String> notes) {
        try {
            long rows = Math.min(settings.maxCopyRows(), Math.max(200_000, stored.messages()));
            // As many messages per conversation as the run stored.
            long conversations = Math.max(1, Math.round(rows * (double) Math.max(1, stored.conversations())
                    / Math.max(1, stored.messages())));
            long average = Math.max(2, Math.round(stored.averageContentBytes()));
            String content = Math.max(1, average / 2) + "-" + (average + average / 2);
            List<String> args = List.of("anchors", "--jdbc", stack.jdbcUrl(), "--conversations", Long.toString(conversations),
                    "--messages", Long.toString(rows), "--content", content, "--limit-variants", "copy",
                    "--baseline-clients", "");
            String out = tool("copy", settings.threadBenchClasspath(), "dev.threadline.bench.thread.ThreadBench", args, settings.out());
            Matcher m = COPY_LINE.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no threadline-limit line in copy.txt");
            }
            return new Result("PostgreSQL binary COPY", Double.parseDouble(m.group(2)), String.format(
                    "%,d rows over %,d conversations, content %s bytes (the run's messages average %d), 500 rows per COPY",
                    Long.parseLong(m.group(1)), conversations, content, average));
        } catch (Exception e) {
            notes.add("COPY anchor failed: " + e.getMessage());
            return null;
        }
    }

    /** Runs {@code mainClass} as its own JVM, output to {@code <out>/<name>.txt}; returns that output. */
    private static String tool(String name, String classpath, String mainClass, List<String> args, Path out)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dlogback.configurationFile=dev/threadline/localstack/threadline-up-logback.xml",
                "-cp", classpath, mainClass));
        command.addAll(args);
        Path log = out.resolve(name + ".txt");
        Files.writeString(log, String.join(" ", command).replace(classpath, "<classpath>") + "\n\n");
        LOG.info("Pipeline benchmark anchor: {} {}", mainClass, String.join(" ", args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not finish within " + TOOL_TIMEOUT.toMinutes() + " min");
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
        return output;
    }
}
