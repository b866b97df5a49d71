package dev.threadline.vader;

import java.util.Objects;

/**
 * VADER sentiment analysis (Hutto &amp; Gilbert, ICWSM 2014): a lexicon- and rule-based scorer tuned for short social
 * media and chat messages. The stats pipeline scores every message with it; {@code compound} feeds the per-conversation
 * and windowed sentiment averages.
 *
 * <p>It reproduces the reference implementation, vaderSentiment 3.3.1, to the last rounded digit, including its
 * quirks: emoji are replaced by their descriptions, the text is split on whitespace with punctuation stripped from
 * words but not from emoticons, each token gets a valence from {@link ValenceRules}, words before the first "but"
 * count half and words after it one and a half times, and {@link SentimentScores} aggregates and rounds.
 *
 * <p>Build it once (loading and indexing the lexicon takes a fraction of a second) and share it: it is immutable, and
 * {@link #polarity(String)} is thread-safe and allocates only a few small arrays per message.
 */
public final class VaderSentiment {

    private static final double BEFORE_BUT_FACTOR = 0.5;
    private static final double AFTER_BUT_FACTOR = 1.5;

    private final EmojiDescriptions emojiDescriptions;
    private final KnownWords words;
    private final ValenceRules rules;
    private final int but;

    public VaderSentiment(VaderLexicon lexicon) {
        this.emojiDescriptions = new EmojiDescriptions(lexicon.emojiDescriptions());
        this.words = new KnownWords(lexicon.valences(), VaderRuleWords.boosters(), VaderRuleWords.NEGATIONS,
                ValenceRules.ruleWords());
        this.rules = new ValenceRules(words);
        this.but = words.requireId("but");
    }

    /** An analyzer with the lexicons shipped in this module. */
    public static VaderSentiment withBundledLexicon() {
        return new VaderSentiment(VaderLexicon.bundled());
    }

    /**
     * Scores a text.
     *
     * @param text any text; VADER works best on a sentence or a short message
     * @return its negative, neutral and positive proportions and its compound score; all zero for a text without
     *         words
     */
    public SentimentScores polarity(String text) {
        Objects.requireNonNull(text, "text");
        MessageTokens tokens = MessageTokens.of(emojiDescriptions.replaceEmoji(text.toCharArray()), words);
        double[] valences = new double[tokens.size()];
        for (int i = 0; i < valences.length; i++) {
            valences[i] = rules.valenceOf(tokens, i);
        }
        weighAroundFirstBut(tokens, valences);
        return SentimentScores.fromValences(valences, tokens.exclamations(), tokens.questions());
    }

    /**
     * The contrastive "but": what follows it dominates. The reference rewrites its list while iterating and finds
     * each value's position with {@code list.index(value)}, so a value that occurs more than once is rescaled at its
     * first occurrence each time; that is reproduced here, hence the search instead of a plain index.
     */
    private void weighAroundFirstBut(MessageTokens tokens, double[] valences) {
        int butIndex = tokens.indexOf(but);
        if (butIndex < 0) {
            return;
        }
        for (int k = 0; k < valences.length; k++) {
            double valence = valences[k];
            int first = firstIndexOf(valences, valence);
            if (first < butIndex) {
                valences[first] = valence * BEFORE_BUT_FACTOR;
            } else if (first > butIndex) {
                valences[first] = valence * AFTER_BUT_FACTOR;
            }
        }
    }

    private static int firstIndexOf(double[] values, double value) {
        int i = 0;
        while (values[i] != value) {
            i++;
        }
        return i;
    }
}
