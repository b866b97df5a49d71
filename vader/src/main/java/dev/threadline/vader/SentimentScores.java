package dev.threadline.vader;

/**
 * The four VADER scores of one text, rounded as the reference implementation rounds them.
 *
 * <p>{@code neg}, {@code neu} and {@code pos} are the proportions of the text's sentiment that is negative,
 * neutral and positive (three decimals; they add up to about 1). {@code compound} is the normalised,
 * weighted sum of all valences in −1…1 (four decimals): the single number the stats pipeline aggregates.
 *
 * @param neg      proportion of negative sentiment, 0…1
 * @param neu      proportion of neutral words, 0…1
 * @param pos      proportion of positive sentiment, 0…1
 * @param compound normalised overall sentiment, −1 (most negative) … 1 (most positive)
 */
public record SentimentScores(double neg, double neu, double pos, double compound) {

    /** The scores of a text without a single word: all zero, as the reference returns them. */
    public static final SentimentScores EMPTY = new SentimentScores(0.0, 0.0, 0.0, 0.0);

    /** Approximate maximum expected sum of valences; the compound score is {@code sum / sqrt(sum² + ALPHA)}. */
    private static final double ALPHA = 15;
    private static final double EXCLAMATION_BOOST = 0.292;
    private static final int MAX_EXCLAMATIONS = 4;
    private static final double QUESTION_BOOST = 0.18;
    private static final double MAX_QUESTION_BOOST = 0.96;

    /**
     * Aggregates the per-token valences of a text into its scores, the way the reference's {@code score_valence}
     * does: "!" and "?" amplify whichever side dominates, and each side is counted with +1 per word so that
     * neutral words (counted as 1 each) weigh against it.
     *
     * @param valences     one valence per token, after every rule ("but" included) has been applied
     * @param exclamations number of '!' in the text
     * @param questions    number of '?' in the text
     */
    static SentimentScores fromValences(double[] valences, int exclamations, int questions) {
        if (valences.length == 0) {
            return EMPTY;
        }
        double emphasis = punctuationEmphasis(exclamations, questions);
        double compound = compound(valences, emphasis);

        double positiveSum = 0.0;
        double negativeSum = 0.0;
        int neutralCount = 0;
        for (double valence : valences) {
            if (valence > 0) {
                positiveSum += valence + 1;
            }
            if (valence < 0) {
                negativeSum += valence - 1;
            }
            if (valence == 0) {
                neutralCount++;
            }
        }
        if (positiveSum > Math.abs(negativeSum)) {
            positiveSum += emphasis;
        } else if (positiveSum < Math.abs(negativeSum)) {
            negativeSum -= emphasis;
        }
        double total = positiveSum + Math.abs(negativeSum) + neutralCount;
        return new SentimentScores(
                PythonRounding.round(Math.abs(negativeSum / total), 3),
                PythonRounding.round(Math.abs(neutralCount / total), 3),
                PythonRounding.round(Math.abs(positiveSum / total), 3),
                PythonRounding.round(compound, 4));
    }

    private static double compound(double[] valences, double emphasis) {
        // Plain left-to-right summation, as Python's sum() does up to 3.11 (3.12+ compensates rounding errors, which
        // can differ in the last bit and so only matters for a sum of about zero that punctuation then amplifies).
        double sum = 0.0;
        for (double valence : valences) {
            sum += valence;
        }
        if (sum > 0) {
            sum += emphasis;
        } else if (sum < 0) {
            sum -= emphasis;
        }
        double normalized = sum / Math.sqrt(sum * sum + ALPHA);
        return Math.max(-1.0, Math.min(1.0, normalized));
    }

    private static double punctuationEmphasis(int exclamations, int questions) {
        double exclamationBoost = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_BOOST;
        double questionBoost = 0;
        if (questions > 1) {
            questionBoost = questions <= 3 ? questions * QUESTION_BOOST : MAX_QUESTION_BOOST;
        }
        return exclamationBoost + questionBoost;
    }
}
