package dev.threadline.vader;

import dev.threadline.vader.SentimentScores;
import dev.threadline.vader.VaderSentiment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many messages per second one thread scores with {@link VaderSentiment}, the analyzer stats-streams runs on
 * every message; one operation is one message. The messages are the 1,000 human-rated tweets of the VADER paper
 * ({@code tweets_dev.tsv}, the test resource {@link VaderSentimentOracleTest} also reads; MIT licence, see
 * {@code VADER-LICENSE.txt} in this module's main resources), taken in turn, so every run scores the same realistic
 * mix of short, slangy, emoji- and punctuation-laden texts.
 *
 * <p>{@link #lowercaseSplitAndLookUpEachToken()} is the anchor, measured in the same run on the same messages: the
 * least any lexicon scorer does (lower-case the text, split it on whitespace, look every token up in a
 * {@code HashMap}, add the valences). Its rate says what the machine does, so the analyzer's rate can be judged
 * relative to it.
 *
 * <p>It is a test source, so {@code ./mvnw verify} compiles it (the JMH annotation processor generates the harness)
 * but never runs it. Run it with {@code ./mvnw -pl vader test-compile exec:exec}, which starts
 * {@code org.openjdk.jmh.Main} on the module's test classpath; JMH options go in {@code -Djmh.args="…"} (for example
 * {@code -Djmh.args="-f 1 -wi 2 -i 3 -w 2s -r 3s"}) and override the defaults below. Compare the two rates of one
 * run, not rates of different machines or runs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
// JMH itself uses sun.misc.Unsafe, which JDK 25 warns about.
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class VaderSentimentBenchmark {

    private static final String TWEETS = "tweets_dev.tsv";
    private static final String LEXICON = "vader_lexicon.txt";

    private VaderSentiment analyzer;
    private Map<String, Double> lexicon;
    private String[] messages;
    private int next;

    @Setup
    public void load() {
        analyzer = VaderSentiment.withBundledLexicon();
        lexicon = new HashMap<>();
        for (String line : resource(LEXICON).split("\n")) {
            String[] fields = line.split("\t");
            lexicon.put(fields[0], Double.parseDouble(fields[1]));
        }
        // Columns: id, human_mean, neg, neu, pos, compound, text; the first line is the header.
        List<String> lines = resource(TWEETS).lines().skip(1).filter(line -> !line.isEmpty()).toList();
        messages = lines.stream().map(line -> line.split("\t", 7)[6]).toArray(String[]::new);
    }

    @Benchmark
    public SentimentScores vaderPolarity() {
        return analyzer.polarity(nextMessage());
    }

    @Benchmark
    public double lowercaseSplitAndLookUpEachToken() {
        String text = nextMessage().toLowerCase(Locale.ROOT);
        double sum = 0;
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean boundary = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (boundary && start >= 0) {
                sum += lexicon.getOrDefault(text.substring(start, i), 0.0);
                start = -1;
            } else if (!boundary && start < 0) {
                start = i;
            }
        }
        return sum;
    }

    private String nextMessage() {
        String message = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return message;
    }

    private static String resource(String name) {
        try (InputStream in = VaderSentimentBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Benchmark resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
