package dev.threadline.e2e.stats;

import java.util.List;
import java.util.Map;

/**
 * Message texts with the VADER compound score the reference implementation (vaderSentiment 3.3.1, Python) gives
 * them, so the expected sentiment aggregates are computed without the analyzer under test.
 */
public final class Sentences {

    static final Map<String, Double> COMPOUND = Map.of(
            "VADER is smart, handsome, and funny.", 0.8316,
            "VADER is smart, handsome, and funny!", 0.8439,
            "VADER is very smart, handsome, and funny.", 0.8545,
            "VADER is not smart, handsome, nor funny.", -0.7424,
            "The book was good.", 0.4404,
            "At least it isn't a horrible book.", 0.431,
            "The book was only kind of good.", 0.3832,
            "The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042);

    static final List<String> TEXTS = List.copyOf(COMPOUND.keySet().stream().sorted().toList());

    private Sentences() {
    }

    public static String pick(int i) {
        return TEXTS.get(Math.floorMod(i, TEXTS.size()));
    }

    /** The reference score of a text, or NaN for a text not in the table (another test's message). */
    static double compound(String text) {
        return COMPOUND.getOrDefault(text, Double.NaN);
    }
}
