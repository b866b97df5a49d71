package dev.threadline.bench.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.bench.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * ThreadBench's and ThreadBenchStack's command lines, as bench/thread-materialise.sh, bench/thread-queries.sh and
 * end-to-end-tests' pipeline anchors write them. Parsing only.
 */
class ThreadCommandLinesTest {

    private static Object parsed(Object command, String... args) {
        ParseResult result = Cli.commandLine(command).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec().userObject();
    }

    @Test
    void theImportHistoryTakesItsSizeAndFile() {
        ImportHistory history = (ImportHistory) parsed(new ImportHistory(), "--conversations", "5", "--messages", "3",
                "--out", "/tmp/h.jsonl");
        assertThat(history.conversations).isEqualTo(5);
        assertThat(history.messages).isEqualTo(3);
        assertThat(history.out).isEqualTo(Path.of("/tmp/h.jsonl"));
        assertThat(((ImportHistory) parsed(new ImportHistory(), "--out", "x")).conversations).isEqualTo(20_000);
    }

    @Test
    void theStackTakesPostgresSettingsOnTopOfItsOwnInOrder() {
        ThreadBenchStack stack = (ThreadBenchStack) parsed(new ThreadBenchStack(), "--data", "/tmp/d", "--pg-port", "15433",
                "--kafka-port", "19092", "--controller-port", "19093", "--pg", "shared_buffers=6GB", "--pg", "work_mem=64MB",
                "--pg", "search_path=a,b", "--pg", "x.y=k=v");
        assertThat(stack.dataDir).isEqualTo(Path.of("/tmp/d"));
        assertThat(stack.pgPort).isEqualTo(15433);
        assertThat(stack.kafkaPort).isEqualTo(19092);
        assertThat(stack.controllerPort).isEqualTo(19093);
        var settings = stack.settings();
        assertThat(settings).containsEntry("shared_buffers", "6GB").containsEntry("work_mem", "64MB")
                .containsEntry("search_path", "a,b").containsEntry("x.y", "k=v").containsEntry("fsync", "on");
        // A default overridden keeps its place; new settings come after the defaults.
        assertThat(settings.keySet()).startsWith(ThreadBenchStack.DEFAULT_SETTINGS.keySet().toArray(String[]::new));
        assertThat(settings.keySet()).endsWith("search_path", "x.y");

        ThreadBenchStack postgresOnly = (ThreadBenchStack) parsed(new ThreadBenchStack(), "--data", "d", "--pg-port", "1");
        assertThat(postgresOnly.kafkaPort).isZero();
        assertThat(postgresOnly.settings()).isEqualTo(ThreadBenchStack.DEFAULT_SETTINGS);
        assertThatThrownBy(() -> parsed(new ThreadBenchStack(), "--data", "d"))
                .isInstanceOf(CommandLine.MissingParameterException.class);
    }

    @Test
    void produceAsThreadMaterialiseCallsIt() {
        var produce = (ThreadBench.Produce) parsed(new ThreadBench(), "produce", "--bootstrap", "127.0.0.1:19092",
                "--conversations", "10000", "--messages", "1000000", "--content", "100-200", "--updates", "0.2");
        assertThat(produce.bootstrap).isEqualTo("127.0.0.1:19092");
        assertThat(produce.workload.conversations).isEqualTo(10_000);
        assertThat(produce.workload.messages).isEqualTo(1_000_000);
        assertThat(produce.workload.content).isEqualTo(new Cli.Range(100, 200));
        assertThat(produce.updates).isEqualTo(0.2);
    }

    @Test
    void defaultsAreTheOldOnes() {
        var produce = (ThreadBench.Produce) parsed(new ThreadBench(), "produce");
        assertThat(produce.bootstrap).isEqualTo("127.0.0.1:9092");
        assertThat(produce.workload.seed).isEqualTo(20261122);
        assertThat(produce.workload.conversations).isEqualTo(10_000);
        assertThat(produce.workload.messages).isEqualTo(1_000_000);
        assertThat(produce.workload.content).isEqualTo(new Cli.Range(100, 200));
        assertThat(produce.updates).isZero();

        var await = (ThreadBench.Await) parsed(new ThreadBench(), "await");
        assertThat(await.database.jdbc).isEqualTo("jdbc:postgresql://127.0.0.1:15433/threadline");
        assertThat(await.database.user).isEqualTo("postgres");
        assertThat(await.database.password).isEqualTo("postgres");
        assertThat(await.group).isEqualTo("thread-service");
        assertThat(await.timeoutSeconds).isEqualTo(1800);
        assertThat(await.startupSeconds).isEqualTo(300);
        assertThat(await.stallSeconds).isEqualTo(120);
        assertThat(await.progress).isNull();

        var anchors = (ThreadBench.Anchors) parsed(new ThreadBench(), "anchors");
        assertThat(anchors.batch).isEqualTo(500);
        assertThat(anchors.limitVariants).isEqualTo("copy,insert,search");
        assertThat(anchors.baselineClients).isEqualTo("1,8");
        assertThat(anchors.baselineSeconds).isEqualTo(30);

        var explain = (ThreadBench.Explain) parsed(new ThreadBench(), "explain");
        assertThat(explain.batch).isEqualTo(2000);
        assertThat(explain.repeat).isEqualTo(5);

        var plans = (ThreadBench.Plans) parsed(new ThreadBench(), "plans");
        assertThat(plans.conversation).isNull();
        assertThat(plans.participant2).isNull();
    }

    @Test
    void awaitAsThreadMaterialiseCallsIt() {
        var await = (ThreadBench.Await) parsed(new ThreadBench(), "await", "--jdbc", "jdbc:postgresql://127.0.0.1:15433/t_r500c1",
                "--bootstrap", "127.0.0.1:19092", "--progress", "out/progress-r500c1.csv", "--timeout-s", "300",
                "--startup-s", "300", "--stall-s", "180");
        assertThat(await.database.jdbc).endsWith("/t_r500c1");
        assertThat(await.progress).isEqualTo(Path.of("out/progress-r500c1.csv"));
        assertThat(await.timeoutSeconds).isEqualTo(300);
        assertThat(await.stallSeconds).isEqualTo(180);
    }

    @Test
    void anchorsAsThePipelineCallsThemWithAnEmptyBaseline() {
        // end-to-end-tests' Anchors: "--baseline-clients" with an empty value means no baseline run.
        var anchors = (ThreadBench.Anchors) parsed(new ThreadBench(), "anchors", "--jdbc", "jdbc:postgresql://h:1/db",
                "--conversations", "1234", "--messages", "200000", "--content", "40-120", "--limit-variants", "copy",
                "--baseline-clients", "");
        assertThat(anchors.workload.conversations).isEqualTo(1234);
        assertThat(anchors.workload.content).isEqualTo(new Cli.Range(40, 120));
        assertThat(anchors.limitVariants).isEqualTo("copy");
        assertThat(anchors.baselineClients).isEmpty();
    }

    @Test
    void explainAndPlansAsTheScriptsCallThem() {
        var explain = (ThreadBench.Explain) parsed(new ThreadBench(), "explain", "--jdbc", "jdbc:postgresql://h:1/db",
                "--conversations", "10000", "--messages", "1000000", "--content", "100-200", "--batch", "5000", "--repeat", "5");
        assertThat(explain.batch).isEqualTo(5000);
        assertThat(explain.workload.messages).isEqualTo(1_000_000);

        var plans = (ThreadBench.Plans) parsed(new ThreadBench(), "plans", "--jdbc", "jdbc:postgresql://h:1/threadline",
                "--conversation", "c", "--participant", "agent-1", "--participant2", "user-2");
        assertThat(plans.conversation).isEqualTo("c");
        assertThat(plans.participant).isEqualTo("agent-1");
        assertThat(plans.participant2).isEqualTo("user-2");
    }

    @Test
    void wrongCommandLinesAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine line = Cli.commandLine(new ThreadBench()).setErr(new PrintWriter(err));
        assertThat(line.execute()).isEqualTo(2);
        assertThat(line.execute("unknown")).isEqualTo(2);
        assertThat(line.execute("produce", "--content", "100")).isEqualTo(2);
        assertThat(line.execute("produce", "--updates", "0.95")).isEqualTo(2); // checked before anything is produced
        assertThat(line.execute("anchors", "--nonsense", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand", "MIN-MAX", "--updates must be between 0 and 0.9");
    }
}
