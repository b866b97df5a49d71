package dev.threadline.vader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multi-word phrases of VADER as sequences of word ids, each with a value: the special-case idioms whose valence
 * replaces that of their words ("the bomb" → 3), and the booster phrases that dampen a following word ("kind of").
 * Matching compares ids, so it neither lower-cases nor joins tokens as the reference does with strings.
 */
final class IdiomPhrases {

    private final int[][] phrases;
    private final double[] values;

    /**
     * @param valuesByPhrase phrase (words separated by one space) → value; one-word entries are ignored because
     *                       the reference only ever looks up sequences of two or three tokens
     * @param words          the known words, which must contain every word of the phrases
     */
    IdiomPhrases(Map<String, Double> valuesByPhrase, KnownWords words) {
        var phraseIds = new ArrayList<int[]>();
        var phraseValues = new ArrayList<Double>();
        valuesByPhrase.forEach((phrase, value) -> {
            String[] parts = phrase.split(" ");
            if (parts.length < 2) {
                return;
            }
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                ids[i] = words.requireId(parts[i]);
            }
            phraseIds.add(ids);
            phraseValues.add(value);
        });
        phrases = phraseIds.toArray(int[][]::new);
        values = phraseValues.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The value of the two-word phrase, or NaN. */
    double valueOf(int first, int second) {
        if (first == KnownWords.UNKNOWN || second == KnownWords.UNKNOWN) {
            return Double.NaN;
        }
        for (int p = 0; p < phrases.length; p++) {
            int[] phrase = phrases[p];
            if (phrase.length == 2 && phrase[0] == first && phrase[1] == second) {
                return values[p];
            }
        }
        return Double.NaN;
    }

    /** The value of the three-word phrase, or NaN. */
    double valueOf(int first, int second, int third) {
        if (first == KnownWords.UNKNOWN || second == KnownWords.UNKNOWN || third == KnownWords.UNKNOWN) {
            return Double.NaN;
        }
        for (int p = 0; p < phrases.length; p++) {
            int[] phrase = phrases[p];
            if (phrase.length == 3 && phrase[0] == first && phrase[1] == second && phrase[2] == third) {
                return values[p];
            }
        }
        return Double.NaN;
    }

    /** Every word of every phrase, for {@link KnownWords}. */
    static List<String> wordsOf(Map<String, Double> valuesByPhrase) {
        return valuesByPhrase.keySet().stream().flatMap(phrase -> List.of(phrase.split(" ")).stream()).toList();
    }
}
