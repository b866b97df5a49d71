package dev.threadline.vader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One rule of VADER at a time, each against the reference implementation's output for the same text, so that a
 * regression names the rule it broke.
 */
class VaderSentimentRulesTest {

    private static final VaderSentiment ANALYZER = VaderSentiment.withBundledLexicon();

    @Test
    void givenNotBeforeAPositiveWord_whenScoring_thenTheSentimentTurnsNegative() {
        // Given
        String plain = "The service was good.";
        String negated = "The service was not good.";

        // When / Then
        assertThat(ANALYZER.polarity(plain)).isEqualTo(scores(0.0, 0.508, 0.492, 0.4404));
        assertThat(ANALYZER.polarity(negated)).isEqualTo(scores(0.376, 0.624, 0.0, -0.3412));
    }

    @Test
    void givenAContractionWithNt_whenScoring_thenItNegatesLikeNot() {
        assertThat(ANALYZER.polarity("The service wasn't good.").compound()).isEqualTo(-0.3412);
        assertThat(ANALYZER.polarity("not bad at all")).isEqualTo(scores(0.0, 0.513, 0.487, 0.431));
    }

    @Test
    void givenNoBeforeALexiconWord_whenScoring_thenNoNegatesItInsteadOfCountingAsNegative() {
        assertThat(ANALYZER.polarity("no")).isEqualTo(scores(1.0, 0.0, 0.0, -0.296));
        assertThat(ANALYZER.polarity("no problem")).isEqualTo(scores(0.0, 0.307, 0.693, 0.3089));
    }

    @Test
    void givenButBetweenPraiseAndComplaint_whenScoring_thenTheComplaintAfterButDominates() {
        // Given
        String withAnd = "The agent was helpful and the wait was awful.";
        String withBut = "The agent was helpful, but the wait was awful.";

        // When / Then
        assertThat(ANALYZER.polarity(withAnd)).isEqualTo(scores(0.234, 0.547, 0.219, -0.0516));
        assertThat(ANALYZER.polarity(withBut)).isEqualTo(scores(0.31, 0.543, 0.147, -0.4767));
    }

    @Test
    void givenAValueThatRecursAcrossBut_whenScoring_thenTheReferencesFirstOccurrenceQuirkIsKept() {
        // best = 3.2 and accept = 1.6: the reference halves "best" to 1.6, then finds that 1.6 first at "best"
        // again, so "best" ends at 0.8 and "accept" is never multiplied by 1.5 (else compound would be 0.7184).
        assertThat(ANALYZER.polarity("best but accept")).isEqualTo(scores(0.0, 0.185, 0.815, 0.5267));
    }

    @Test
    void givenOneWordInAllCapsAmongOthers_whenScoring_thenItIsEmphasised() {
        assertThat(ANALYZER.polarity("The update is great").compound()).isEqualTo(0.6249);
        assertThat(ANALYZER.polarity("The update is GREAT")).isEqualTo(scores(0.0, 0.383, 0.617, 0.7034));
    }

    @Test
    void givenEveryWordInAllCaps_whenScoring_thenNothingIsEmphasised() {
        assertThat(ANALYZER.polarity("THE UPDATE IS GREAT")).isEqualTo(ANALYZER.polarity("The update is great"));
    }

    @Test
    void givenABoosterOrDampenerBeforeAWord_whenScoring_thenItsIntensityRisesOrFalls() {
        assertThat(ANALYZER.polarity("The fix is good").compound()).isEqualTo(0.4404);
        assertThat(ANALYZER.polarity("The fix is very good")).isEqualTo(scores(0.0, 0.556, 0.444, 0.4927));
        assertThat(ANALYZER.polarity("The fix is VERY good")).isEqualTo(scores(0.0, 0.505, 0.495, 0.6028));
        assertThat(ANALYZER.polarity("The fix is kinda good")).isEqualTo(scores(0.0, 0.605, 0.395, 0.3832));
        assertThat(ANALYZER.polarity("The fix is kind of good")).isEqualTo(scores(0.0, 0.657, 0.343, 0.3832));
    }

    @Test
    void givenLeast_whenScoring_thenItNegatesUnlessItReadsAtLeast() {
        assertThat(ANALYZER.polarity("It is the least helpful answer")).isEqualTo(scores(0.318, 0.682, 0.0, -0.3252));
        assertThat(ANALYZER.polarity("It is at least helpful")).isEqualTo(scores(0.0, 0.588, 0.412, 0.4215));
    }

    @Test
    void givenNeverSo_whenScoring_thenNeverIntensifiesInsteadOfNegating() {
        assertThat(ANALYZER.polarity("never good").compound()).isEqualTo(-0.3412);
        assertThat(ANALYZER.polarity("never so good")).isEqualTo(scores(0.0, 0.348, 0.652, 0.5777));
    }

    @Test
    void givenAnIdiom_whenScoring_thenTheIdiomsValenceReplacesItsWords() {
        assertThat(ANALYZER.polarity("bomb").compound()).isEqualTo(-0.4939);
        assertThat(ANALYZER.polarity("The new release is the bomb")).isEqualTo(scores(0.0, 0.556, 0.444, 0.6124));
    }

    @Test
    void givenAnEmoji_whenScoring_thenItScoresAsItsDescription() {
        // Given
        SentimentScores described = ANALYZER.polarity("Thanks beaming face with smiling eyes");

        // When / Then
        assertThat(ANALYZER.polarity("Thanks 😁")).isEqualTo(described);
        assertThat(ANALYZER.polarity("Thanks😁")).isEqualTo(described);
        assertThat(described).isEqualTo(scores(0.0, 0.404, 0.596, 0.7096));
    }

    @Test
    void givenExclamationAndQuestionMarks_whenScoring_thenTheyAmplifyUpToTheirCaps() {
        assertThat(ANALYZER.polarity("good").compound()).isEqualTo(0.4404);
        assertThat(ANALYZER.polarity("good!").compound()).isEqualTo(0.4926);
        assertThat(ANALYZER.polarity("good!!!").compound()).isEqualTo(0.5826);
        assertThat(ANALYZER.polarity("good!!!!!!").compound()).isEqualTo(0.6209);
        assertThat(ANALYZER.polarity("good??").compound()).isEqualTo(0.504);
        assertThat(ANALYZER.polarity("good????").compound()).isEqualTo(0.594);
    }

    @Test
    void givenEmoticonsAndPunctuation_whenScoring_thenEmoticonsSurviveAndWordsLoseTheirPunctuation() {
        assertThat(ANALYZER.polarity(":)")).isEqualTo(scores(0.0, 0.0, 1.0, 0.4588));
        assertThat(ANALYZER.polarity("(: good")).isEqualTo(scores(0.0, 0.0, 1.0, 0.7269));
        assertThat(ANALYZER.polarity("Make sure you :) or :D today!")).isEqualTo(scores(0.0, 0.294, 0.706, 0.8633));
    }

    @Test
    void givenATextWithoutWords_whenScoring_thenAllScoresAreZero() {
        assertThat(ANALYZER.polarity("")).isEqualTo(SentimentScores.EMPTY);
        assertThat(ANALYZER.polarity(" \t\n ")).isEqualTo(SentimentScores.EMPTY);
    }

    /** Scores as the reference prints them: neg, neu, pos, compound. */
    private static SentimentScores scores(double neg, double neu, double pos, double compound) {
        return new SentimentScores(neg, neu, pos, compound);
    }
}
