package dev.threadline.vader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link VaderSentiment} with the reference implementation's output (vaderSentiment 3.3.1) on the README
 * and support-style sentences and on the first 1,000 human-rated tweets of the VADER paper.
 */
class VaderSentimentOracleTest {

    private static final double REQUIRED_MATCH_RATE = 0.995;

    private final VaderSentiment analyzer = VaderSentiment.withBundledLexicon();

    @Test
    void givenReferenceOutputs_whenScoringTheSameTexts_thenAllFourScoresMatchOnAtLeast99Point5PercentOfRows()
            throws IOException {
        // Given
        List<OracleRow> rows = new ArrayList<>(referenceSentences());
        rows.addAll(tweets());

        // When
        List<String> differences = new ArrayList<>();
        for (OracleRow row : rows) {
            SentimentScores actual = analyzer.polarity(row.text());
            if (!sameScores(actual, row.expected())) {
                differences.add("text=%s%n  expected=%s%n  actual  =%s".formatted(row.text(), row.expected(), actual));
            }
        }

        // Then
        int matching = rows.size() - differences.size();
        System.out.printf("VADER oracle: %d of %d rows match exactly (%.2f %%)%n",
                matching, rows.size(), 100.0 * matching / rows.size());
        differences.forEach(System.out::println);
        assertThat(rows).hasSize(1020);
        assertThat((double) matching / rows.size()).isGreaterThanOrEqualTo(REQUIRED_MATCH_RATE);
    }

    @Test
    void givenOneSharedAnalyzer_whenFourThreadsScoreAllRowsAtOnce_thenEachGetsTheSequentialScores() throws Exception {
        // Given
        List<OracleRow> rows = new ArrayList<>(referenceSentences());
        rows.addAll(tweets());
        List<SentimentScores> sequential = rows.stream().map(row -> analyzer.polarity(row.text())).toList();

        // When
        List<Future<List<SentimentScores>>> concurrent = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                concurrent.add(threads.submit(() -> rows.stream().map(row -> analyzer.polarity(row.text())).toList()));
            }
        }

        // Then
        for (Future<List<SentimentScores>> scores : concurrent) {
            assertThat(scores.get()).isEqualTo(sequential);
        }
    }

    private static boolean sameScores(SentimentScores actual, SentimentScores expected) {
        return actual.neg() == expected.neg() && actual.neu() == expected.neu() && actual.pos() == expected.pos()
                && actual.compound() == expected.compound();
    }

    private static List<OracleRow> referenceSentences() throws IOException {
        JsonNode sentences = new ObjectMapper().readTree(resource("reference_sentences.json"));
        List<OracleRow> rows = new ArrayList<>();
        for (JsonNode sentence : sentences) {
            rows.add(new OracleRow(sentence.get("text").asText(), new SentimentScores(
                    sentence.get("neg").asDouble(), sentence.get("neu").asDouble(),
                    sentence.get("pos").asDouble(), sentence.get("compound").asDouble())));
        }
        return rows;
    }

    /** Columns: id, human_mean, neg, neu, pos, compound, text. */
    private static List<OracleRow> tweets() throws IOException {
        List<OracleRow> rows = new ArrayList<>();
        String[] lines = resource("tweets_dev.tsv").split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] columns = lines[i].split("\t", 7);
            rows.add(new OracleRow(columns[6], new SentimentScores(
                    Double.parseDouble(columns[2]), Double.parseDouble(columns[3]),
                    Double.parseDouble(columns[4]), Double.parseDouble(columns[5]))));
        }
        return rows;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = VaderSentimentOracleTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record OracleRow(String text, SentimentScores expected) {
    }
}
