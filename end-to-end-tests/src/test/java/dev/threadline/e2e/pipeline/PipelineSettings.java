package dev.threadline.e2e.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * What one pipeline benchmark run does; every value is a {@code pipeline.*} system property, which
 * {@code bench/pipeline.sh} sets from its options. The defaults are the issue's: 2k to 40k messages/s, 60 s each.
 *
 * @param rates            offered load of each step, messages per second, lowest first
 * @param step             how long each step offers its rate
 * @param warmup           an unmeasured step at the first rate before the measured ones (JIT, caches, connections)
 * @param batchSize        commands per {@code POST /v1/batch}
 * @param workers          concurrent senders; 0: enough that each sends a batch about every 100 ms
 * @param lagLimit         a step is sustained only while every consumer lag stays under this
 * @param abortLag         a step whose lag passes this is stopped at once: the lag grows without bound
 * @param drain            longest wait after a step for every consumer to catch up before the next step
 * @param probesPerSecond  messages whose end-to-end latency is measured ({@link VisibilityProbes})
 * @param statsSample      at most this many conversations are compared with the independent stats computation
 * @param allSteps         run every rate even after one was not sustained
 * @param anchors          run the anchors (ProducerPerformance, ConsumerPerformance, binary COPY) at the end
 * @param producerRecords  records ProducerPerformance sends
 * @param maxCopyRows      at most this many rows for the COPY anchor
 * @param timeLimit        the whole run, start to report; steps that would not fit are skipped
 * @param out              where the summary and the CSV files go
 * @param kafkaToolsClasspath  classpath of {@code org.apache.kafka:kafka-tools} ({@code bench/kafka-tools/pom.xml}); empty: no Kafka anchors
 * @param threadBenchClasspath classpath of {@code dev.threadline.bench.thread.ThreadBench (bench module)} and the local runtime; empty: no COPY anchor
 * @param command          the command line that started the run, for the summary
 * @param loadBefore       the load average before the run's build, for the summary
 * @param jfr              whether every JVM of the stack keeps a JFR recording in {@code out/jfr}
 */
record PipelineSettings(List<Integer> rates, Duration step, Duration warmup, int batchSize, int workers, Duration lagLimit,
                        Duration abortLag, Duration drain, int probesPerSecond, int statsSample, boolean allSteps,
                        boolean anchors, long producerRecords, long maxCopyRows, Duration timeLimit, Path out,
                        String kafkaToolsClasspath, String threadBenchClasspath, String command, String loadBefore, boolean jfr) {

    static PipelineSettings fromSystemProperties() {
        List<Integer> rates = Arrays.stream(System.getProperty("pipeline.rates", "2000,5000,10000,20000,40000").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Integer::parseInt).sorted().toList();
        Duration step = seconds("pipeline.stepSeconds", 60);
        // The services' JIT compilation on two busy cores takes a minute or more (ingest's CPU per command fell for
        // 90 s in the run of 2026-12-03 19:47): a shorter warm-up measures the first step half cold.
        Duration warmup = seconds("pipeline.warmupSeconds", 90);
        Duration drain = seconds("pipeline.drainSeconds", 180);
        // Every step with its drain, the warm-up, start-up, the audit and the anchors.
        long defaultLimit = warmup.toSeconds() + rates.size() * (step.toSeconds() + drain.toSeconds()) + 20 * 60;
        Path out = Path.of(System.getProperty("pipeline.out", "target/pipeline-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        return new PipelineSettings(rates, step, warmup,
                Integer.getInteger("pipeline.batchSize", 100),
                Integer.getInteger("pipeline.workers", 0),
                Duration.ofMillis(Long.getLong("pipeline.lagLimitMillis", 2_000)),
                seconds("pipeline.abortLagSeconds", 30), drain,
                Integer.getInteger("pipeline.probesPerSecond", 10),
                Integer.getInteger("pipeline.statsSample", 400),
                Boolean.getBoolean("pipeline.allSteps"),
                Boolean.parseBoolean(System.getProperty("pipeline.anchors", "true")),
                Long.getLong("pipeline.producerRecords", 1_000_000),
                Long.getLong("pipeline.maxCopyRows", 1_000_000),
                seconds("pipeline.timeLimitSeconds", defaultLimit), out.toAbsolutePath(),
                System.getProperty("pipeline.kafkaToolsClasspath", ""),
                System.getProperty("pipeline.threadBenchClasspath", ""),
                System.getProperty("pipeline.command", "./mvnw -Ppipeline -pl end-to-end-tests -am verify -DskipTests"),
                System.getProperty("pipeline.loadBefore", ""),
                Boolean.getBoolean("pipeline.jfr"));
    }

    /** Commands per second that carry about {@code messagesPerSecond} messages in the conversation mix. */
    static int commandsPerSecond(int messagesPerSecond) {
        return (int) Math.round(messagesPerSecond / dev.threadline.e2e.chaos.ConversationMix.MESSAGE_SHARE);
    }

    /** The senders for a rate: each sends a batch about every 100 ms, at least 4, at most 64. */
    int workersFor(int messagesPerSecond) {
        if (workers > 0) {
            return workers;
        }
        double batchesPerSecond = commandsPerSecond(messagesPerSecond) / (double) batchSize;
        return (int) Math.max(4, Math.min(64, Math.ceil(batchesPerSecond / 10)));
    }

    private static Duration seconds(String property, long fallback) {
        return Duration.ofSeconds(Long.getLong(property, fallback));
    }
}
