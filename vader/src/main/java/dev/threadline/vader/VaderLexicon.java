package dev.threadline.vader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two data files of VADER (MIT licence, see {@code VADER-LICENSE.txt} beside them; taken from
 * github.com/cjhutto/vaderSentiment at commit 44fc044, release 3.3.1): the sentiment lexicon (token → mean valence
 * of ten human ratings, −4…4) and the emoji lexicon (emoji → text description).
 *
 * <p>Loading them is the slow part of building an analyzer, so it happens once per {@link VaderSentiment}; the files
 * are read with the reference's rules (lines split on '\n', each line stripped, the first two tab-separated fields
 * used, a later duplicate entry winning).
 */
public final class VaderLexicon {

    private static final String LEXICON_RESOURCE = "vader_lexicon.txt";
    private static final String EMOJI_RESOURCE = "emoji_utf8_lexicon.txt";

    private final Map<String, Double> valences;
    private final Map<String, String> emojiDescriptions;

    VaderLexicon(Map<String, Double> valences, Map<String, String> emojiDescriptions) {
        this.valences = Map.copyOf(valences);
        this.emojiDescriptions = Map.copyOf(emojiDescriptions);
    }

    /** The lexicons shipped with this module (vaderSentiment 3.3.1). */
    public static VaderLexicon bundled() {
        return parse(readResource(LEXICON_RESOURCE), readResource(EMOJI_RESOURCE));
    }

    /** Parses the contents of a {@code vader_lexicon.txt} and an {@code emoji_utf8_lexicon.txt}. */
    static VaderLexicon parse(String lexiconText, String emojiText) {
        Map<String, Double> valences = new HashMap<>();
        for (String[] fields : firstTwoFields(lexiconText, LEXICON_RESOURCE)) {
            valences.put(fields[0], Double.parseDouble(fields[1]));
        }
        Map<String, String> emojiDescriptions = new HashMap<>();
        for (String[] fields : firstTwoFields(emojiText, EMOJI_RESOURCE)) {
            emojiDescriptions.put(fields[0], fields[1]);
        }
        return new VaderLexicon(valences, emojiDescriptions);
    }

    /** Token (as written in the file) → mean valence. */
    Map<String, Double> valences() {
        return valences;
    }

    /** Emoji (one or more code points) → description. */
    Map<String, String> emojiDescriptions() {
        return emojiDescriptions;
    }

    private static List<String[]> firstTwoFields(String text, String source) {
        var rows = new ArrayList<String[]>();
        String[] lines = stripTrailingNewlines(text).split("\n", -1);
        for (int number = 0; number < lines.length; number++) {
            if (lines[number].isEmpty()) {
                continue;
            }
            String[] fields = strip(lines[number]).split("\t", -1);
            if (fields.length < 2) {
                throw new IllegalStateException(source + " line " + (number + 1) + " has no tab-separated value");
            }
            rows.add(fields);
        }
        return rows;
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String strip(String line) {
        int from = 0;
        int to = line.length();
        while (from < to && PythonStringRules.isWhitespace(line.charAt(from))) {
            from++;
        }
        while (to > from && PythonStringRules.isWhitespace(line.charAt(to - 1))) {
            to--;
        }
        return line.substring(from, to);
    }

    private static String readResource(String name) {
        try (InputStream in = VaderLexicon.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("VADER resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read VADER resource " + name, e);
        }
    }
}
