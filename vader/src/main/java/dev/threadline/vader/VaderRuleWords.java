package dev.threadline.vader;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed word lists of VADER's rules, exactly as the reference (vaderSentiment 3.3.1) defines them: negations,
 * booster and dampener adverbs, and the idioms whose meaning differs from their words. They live apart from the
 * lexicon files because they are part of the algorithm, not data that can be swapped.
 */
final class VaderRuleWords {

    /** Mean increase in intensity a booster adverb ("very") adds; dampeners ("kinda") subtract as much. */
    static final double BOOSTER_INCREMENT = 0.293;
    static final double DAMPENER_DECREMENT = -0.293;

    /** Words after which the valence of a word is flipped and scaled (or that negate by "n't"). */
    static final Set<String> NEGATIONS = Set.of(
            "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
            "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
            "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
            "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
            "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
            "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
            "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
            "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");

    private static final List<String> BOOSTERS = List.of(
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
            "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
            "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
            "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging",
            "greatly", "hella", "highly", "hugely", "incredible", "incredibly", "intensely",
            "major", "majorly", "more", "most", "particularly", "purely", "quite", "really", "remarkably",
            "so", "substantially", "thoroughly", "total", "totally", "tremendous", "tremendously",
            "uber", "unbelievably", "unusually", "utter", "utterly", "very");

    private static final List<String> DAMPENERS = List.of(
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
            "less", "little", "marginal", "marginally", "occasional", "occasionally", "partly",
            "scarce", "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of");

    /**
     * Idioms and phrases containing lexicon words whose valence replaces the word's own ("the shit" is praise).
     * "badass" has no space and so never matches, as in the reference, which only looks up word sequences.
     */
    static final Map<String, Double> SPECIAL_CASES = Map.of(
            "the shit", 3.0, "the bomb", 3.0, "bad ass", 1.5, "badass", 1.5, "bus stop", 0.0,
            "yeah right", -2.0, "kiss of death", -1.5, "to die for", 3.0,
            "beating heart", 3.1, "broken heart", -2.9);

    private VaderRuleWords() {
    }

    /** Boosters and dampeners with their scalar; multi-word ones ("kind of") only ever match as phrases. */
    static Map<String, Double> boosters() {
        var boosters = new HashMap<String, Double>();
        BOOSTERS.forEach(word -> boosters.put(word, BOOSTER_INCREMENT));
        DAMPENERS.forEach(word -> boosters.put(word, DAMPENER_DECREMENT));
        return Map.copyOf(boosters);
    }
}
