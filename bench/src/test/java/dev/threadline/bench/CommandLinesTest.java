package dev.threadline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.bench.thread.ThreadBenchStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The benchmark programs' command lines, as the scripts in bench/ (and end-to-end-tests' pipeline anchors) write them.
 * Parsing only: nothing here starts a broker, a database or a load.
 */
class CommandLinesTest {

    private static Object parsed(Object command, String... args) {
        ParseResult result = Cli.commandLine(command).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec().userObject();
    }

    private static String help(Object command, String... args) {
        StringWriter out = new StringWriter();
        int code = Cli.commandLine(command).setOut(new PrintWriter(out)).execute(args);
        assertThat(code).isZero();
        return out.toString();
    }

    private static int exitCodeOf(Object command, String... args) {
        return Cli.commandLine(command).setErr(new PrintWriter(new StringWriter())).execute(args);
    }

    @Test
    void eventSizeTakesNamedOptionsWithTheOldDefaults() {
        EventSize defaults = (EventSize) parsed(new EventSize());
        assertThat(defaults.bootstrap).isEqualTo("127.0.0.1:9092");
        assertThat(defaults.perPartition).isEqualTo(200);

        EventSize options = (EventSize) parsed(new EventSize(), "--bootstrap", "127.0.0.1:19092", "--per-partition", "50");
        assertThat(options.bootstrap).isEqualTo("127.0.0.1:19092");
        assertThat(options.perPartition).isEqualTo(50);
    }

    @Test
    void ingestBenchStackNeedsEveryPort() {
        IngestBenchStack stack = (IngestBenchStack) parsed(new IngestBenchStack(), "--data", "bench/target/stack",
                "--kafka-port", "9092", "--controller-port", "9093", "--postgres-port", "5433", "--ingest-port", "8081");
        assertThat(stack.data).isEqualTo(Path.of("bench/target/stack"));
        assertThat(List.of(stack.kafkaPort, stack.controllerPort, stack.postgresPort, stack.ingestPort))
                .containsExactly(9092, 9093, 5433, 8081);

        assertThatThrownBy(() -> parsed(new IngestBenchStack(), "--data", "x", "--kafka-port", "9092"))
                .isInstanceOf(CommandLine.MissingParameterException.class);
        assertThat(exitCodeOf(new IngestBenchStack(), "bench/target/stack", "9092", "9093", "5433", "8081")).isEqualTo(2);
    }

    @Test
    void statsBenchHasItsFiveCommands() {
        StatsBench.Broker broker = (StatsBench.Broker) parsed(new StatsBench(), "broker", "--data", "d", "--kafka-port",
                "39092", "--controller-port", "39093");
        assertThat(broker.kafkaPort).isEqualTo(39092);
        assertThat(broker.controllerPort).isEqualTo(39093);

        StatsBench.Load load = (StatsBench.Load) parsed(new StatsBench(), "load", "--bootstrap", "127.0.0.1:39092",
                "--events", "1000000", "--seed", "42");
        assertThat(load.events).isEqualTo(1_000_000);
        assertThat(load.seed).isEqualTo(42);

        StatsBench.Watch watch = (StatsBench.Watch) parsed(new StatsBench(), "watch", "--bootstrap", "127.0.0.1:39092",
                "--application-id", "stats-bench-1", "--timeout-s", "900");
        assertThat(watch.timeoutSeconds).isEqualTo(900);
        assertThat(watch.pid).isEqualTo(-1);
        assertThat(((StatsBench.Watch) parsed(new StatsBench(), "watch", "--bootstrap", "b", "--application-id", "a",
                "--timeout-s", "1", "--pid", "4242")).pid).isEqualTo(4242);
        assertThat(watch.events).isEqualTo(-1);
        assertThat(watch.noRepartition).isFalse();
        assertThat(((StatsBench.Watch) parsed(new StatsBench(), "watch", "--bootstrap", "b", "--application-id", "a",
                "--timeout-s", "1", "--no-repartition")).noRepartition).isTrue();
        assertThat(((StatsBench.Watch) parsed(new StatsBench(), "watch", "--bootstrap", "b", "--application-id", "a",
                "--timeout-s", "1", "--events", "1000000")).events).isEqualTo(1_000_000);

        StatsBench.Forget forget = (StatsBench.Forget) parsed(new StatsBench(), "forget", "--bootstrap", "b",
                "--application-id", "stats-warmup-1");
        assertThat(forget.applicationId).isEqualTo("stats-warmup-1");
        assertThatThrownBy(() -> parsed(new StatsBench(), "forget", "--bootstrap", "b"))
                .isInstanceOf(CommandLine.MissingParameterException.class);

        StreamsFloor floor = (StreamsFloor) parsed(new StatsBench(), "floor", "--bootstrap", "b", "--application-id",
                "floor-1", "--state-dir", "s", "--work", "sentiment");
        assertThat(floor.work).isEqualTo(StreamsFloor.Work.sentiment);
        assertThat(floor.threads).isEqualTo(2);
        assertThat(floor.commitIntervalMs).isEqualTo(100);
        assertThatThrownBy(() -> parsed(new StatsBench(), "floor", "--bootstrap", "b", "--application-id", "f",
                "--state-dir", "s", "--work", "sum")).isInstanceOf(CommandLine.ParameterException.class);

        assertThat(exitCodeOf(new StatsBench())).isEqualTo(2);
    }

    @Test
    void helpPrintsTheUsageOfEveryProgramAndCommand() {
        assertThat(help(new EventSize(), "--help")).startsWith("Usage: EventSize").contains("--per-partition");
        assertThat(help(new IngestBenchStack(), "-h")).contains("--ingest-port");
        assertThat(help(new StatsBench(), "--help")).contains("broker", "load", "watch", "forget", "floor");
        assertThat(help(new StatsBench(), "watch", "--help")).contains("--application-id");
        assertThat(help(new ThreadBenchStack(), "--help")).contains("--pg=NAME=VALUE");
        assertThat(help(new dev.threadline.bench.thread.ThreadBench(), "--help"))
                .contains("produce", "await", "anchors", "plans", "explain");
        assertThat(help(new dev.threadline.bench.thread.ThreadBench(), "await", "--help")).contains("--stall-s");
    }

    @Test
    void rangesAreMinDashMax() {
        assertThat(Cli.Range.parse("100-200")).isEqualTo(new Cli.Range(100, 200));
        assertThat(Cli.Range.parse("100-200")).hasToString("100-200");
        assertThatThrownBy(() -> Cli.Range.parse("200")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> Cli.Range.parse("200-100")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
