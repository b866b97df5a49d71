package dev.threadline.vader;

import java.util.List;
import java.util.stream.Stream;

/**
 * The valence of one token in its context: VADER's word-level rules, in the reference's order and with its quirks.
 *
 * <p>A lexicon word starts from its lexicon valence. "no" before another lexicon word counts as a negation rather
 * than as a negative word, and "no" one or two words before (or three, in "no X or Y") flips and scales it.
 * ALL CAPS (when not everything is in caps) adds emphasis. Each of the three preceding words that is not itself a
 * lexicon word may then boost or dampen it (less so the further away it is), negate it ("not", "isn't", "without"),
 * intensify it ("never so"), or leave it alone ("without doubt"); three words back, idioms ("the bomb", "kiss of
 * death") replace the valence and "kind of" / "sort of" / "just enough" dampen it. Finally "least" before it
 * negates, unless it reads "at least" or "very least". Boosters and the "kind" of "kind of" score zero themselves;
 * so does any word not in the lexicon.
 */
final class ValenceRules {

    /** Mean intensity added by writing a sentiment word in ALL CAPS among other words. */
    private static final double CAPS_INCREMENT = 0.733;
    /** Factor applied to a negated valence. */
    private static final double NEGATION_SCALAR = -0.74;
    /** Factor of "never so good" / "never this good". */
    private static final double NEVER_SO_SCALAR = 1.25;
    /** How much a booster counts two and three words before the word it modifies. */
    private static final double SECOND_WORD_BOOST_FACTOR = 0.95;
    private static final double THIRD_WORD_BOOST_FACTOR = 0.9;

    private final KnownWords words;
    private final IdiomPhrases specialCases;
    private final IdiomPhrases boosterPhrases;
    private final int no;
    private final int or;
    private final int nor;
    private final int kind;
    private final int of;
    private final int least;
    private final int at;
    private final int very;
    private final int never;
    private final int so;
    private final int thisWord;
    private final int without;
    private final int doubt;

    ValenceRules(KnownWords words) {
        this.words = words;
        this.specialCases = new IdiomPhrases(VaderRuleWords.SPECIAL_CASES, words);
        this.boosterPhrases = new IdiomPhrases(VaderRuleWords.boosters(), words);
        this.no = words.requireId("no");
        this.or = words.requireId("or");
        this.nor = words.requireId("nor");
        this.kind = words.requireId("kind");
        this.of = words.requireId("of");
        this.least = words.requireId("least");
        this.at = words.requireId("at");
        this.very = words.requireId("very");
        this.never = words.requireId("never");
        this.so = words.requireId("so");
        this.thisWord = words.requireId("this");
        this.without = words.requireId("without");
        this.doubt = words.requireId("doubt");
    }

    /** The words these rules compare tokens with, which {@link KnownWords} must know. */
    static List<String> ruleWords() {
        return Stream.of(
                        List.of("no", "or", "nor", "kind", "of", "least", "at", "very", "never", "so", "this",
                                "without", "doubt", "but"),
                        IdiomPhrases.wordsOf(VaderRuleWords.SPECIAL_CASES),
                        IdiomPhrases.wordsOf(VaderRuleWords.boosters()))
                .flatMap(List::stream)
                .distinct()
                .toList();
    }

    /** The valence of token {@code i} before the "but" rule. */
    double valenceOf(MessageTokens tokens, int i) {
        int id = tokens.wordId(i);
        if (words.isBooster(id)) {
            return 0;
        }
        if (id == kind && i < tokens.size() - 1 && tokens.is(i + 1, of)) {
            return 0;
        }
        if (!words.isLexiconWord(id)) {
            return 0;
        }
        double valence = lexiconValence(tokens, i, id);
        if (tokens.isAllCaps(i) && tokens.capsEmphasis()) {
            valence += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
        }
        for (int distance = 1; distance <= 3 && distance <= i; distance++) {
            int before = i - distance;
            if (words.isLexiconWord(tokens.wordId(before))) {
                continue;
            }
            double scalar = boosterScalar(tokens, before, valence);
            if (distance == 2 && scalar != 0) {
                scalar *= SECOND_WORD_BOOST_FACTOR;
            }
            if (distance == 3 && scalar != 0) {
                scalar *= THIRD_WORD_BOOST_FACTOR;
            }
            valence = applyNegation(valence + scalar, tokens, distance, i);
            if (distance == 3) {
                valence = applyIdioms(valence, tokens, i);
            }
        }
        return applyLeast(valence, tokens, i);
    }

    private double lexiconValence(MessageTokens tokens, int i, int id) {
        double valence = words.valence(id);
        if (id == no && i != tokens.size() - 1 && words.isLexiconWord(tokens.wordId(i + 1))) {
            // "no" directly before a lexicon word negates it instead of being negative itself.
            valence = 0.0;
        }
        if ((i > 0 && tokens.is(i - 1, no)) || (i > 1 && tokens.is(i - 2, no))
                || (i > 2 && tokens.is(i - 3, no) && (tokens.is(i - 1, or) || tokens.is(i - 1, nor)))) {
            valence = words.valence(id) * NEGATION_SCALAR;
        }
        return valence;
    }

    /** The boost of a preceding booster word: away from zero in the direction of the valence. */
    private double boosterScalar(MessageTokens tokens, int index, double valence) {
        int id = tokens.wordId(index);
        if (!words.isBooster(id)) {
            return 0.0;
        }
        double scalar = words.boosterScalar(id);
        if (valence < 0) {
            scalar *= -1;
        }
        if (tokens.isAllCaps(index) && tokens.capsEmphasis()) {
            scalar += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
        }
        return scalar;
    }

    private double applyNegation(double valence, MessageTokens tokens, int distance, int i) {
        return switch (distance) {
            case 1 -> tokens.isNegation(i - 1) ? valence * NEGATION_SCALAR : valence;
            case 2 -> {
                if (tokens.is(i - 2, never) && (tokens.is(i - 1, so) || tokens.is(i - 1, thisWord))) {
                    yield valence * NEVER_SO_SCALAR;
                }
                if (tokens.is(i - 2, without) && tokens.is(i - 1, doubt)) {
                    yield valence;
                }
                yield tokens.isNegation(i - 2) ? valence * NEGATION_SCALAR : valence;
            }
            default -> {
                // As in the reference, "so"/"this" right before the word intensifies even without "never".
                if ((tokens.is(i - 3, never) && (tokens.is(i - 2, so) || tokens.is(i - 2, thisWord)))
                        || tokens.is(i - 1, so) || tokens.is(i - 1, thisWord)) {
                    yield valence * NEVER_SO_SCALAR;
                }
                if (tokens.is(i - 3, without) && (tokens.is(i - 2, doubt) || tokens.is(i - 1, doubt))) {
                    yield valence;
                }
                yield tokens.isNegation(i - 3) ? valence * NEGATION_SCALAR : valence;
            }
        };
    }

    private double applyIdioms(double valence, MessageTokens tokens, int i) {
        int current = tokens.wordId(i);
        int oneBefore = tokens.wordId(i - 1);
        int twoBefore = tokens.wordId(i - 2);
        int threeBefore = tokens.wordId(i - 3);
        // The first idiom found among the sequences ending at or just before the word replaces its valence ...
        double idiom = specialCases.valueOf(oneBefore, current);
        if (Double.isNaN(idiom)) {
            idiom = specialCases.valueOf(twoBefore, oneBefore, current);
        }
        if (Double.isNaN(idiom)) {
            idiom = specialCases.valueOf(twoBefore, oneBefore);
        }
        if (Double.isNaN(idiom)) {
            idiom = specialCases.valueOf(threeBefore, twoBefore, oneBefore);
        }
        if (Double.isNaN(idiom)) {
            idiom = specialCases.valueOf(threeBefore, twoBefore);
        }
        // ... but an idiom that starts at the word itself takes precedence.
        int last = tokens.size() - 1;
        if (last > i) {
            idiom = orElse(specialCases.valueOf(current, tokens.wordId(i + 1)), idiom);
        }
        if (last > i + 1) {
            idiom = orElse(specialCases.valueOf(current, tokens.wordId(i + 1), tokens.wordId(i + 2)), idiom);
        }
        if (!Double.isNaN(idiom)) {
            valence = idiom;
        }
        valence = plusIfFound(valence, boosterPhrases.valueOf(threeBefore, twoBefore, oneBefore));
        valence = plusIfFound(valence, boosterPhrases.valueOf(threeBefore, twoBefore));
        return plusIfFound(valence, boosterPhrases.valueOf(twoBefore, oneBefore));
    }

    private double applyLeast(double valence, MessageTokens tokens, int i) {
        if (i == 0 || !tokens.is(i - 1, least) || words.isLexiconWord(least)) {
            return valence;
        }
        boolean comparative = i > 1 && (tokens.is(i - 2, at) || tokens.is(i - 2, very));
        return comparative ? valence : valence * NEGATION_SCALAR;
    }

    private static double orElse(double found, double otherwise) {
        return Double.isNaN(found) ? otherwise : found;
    }

    private static double plusIfFound(double valence, double dampening) {
        return Double.isNaN(dampening) ? valence : valence + dampening;
    }
}
