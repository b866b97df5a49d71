package dev.threadline.vader;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every word VADER's rules look at — lexicon entries, boosters, negations and the words of its rules and idioms —
 * under a dense integer id, so that the rules compare ids instead of strings.
 *
 * <p>It exists so that scoring does not allocate a lower-cased {@code String} per token: a token is looked up by
 * its characters in the message, lower-cased while hashing, in an open-addressing table built once. Only tokens
 * with non-ASCII characters fall back to {@link String#toLowerCase(Locale)}, whose full Unicode mapping matches
 * Python's {@code str.lower()} (e.g. the Kelvin sign lower-cases to "k"). The table is immutable and so safe to
 * share between stream threads.
 */
final class KnownWords {

    static final int UNKNOWN = -1;
    private static final int HASH_MULTIPLIER = 31;

    private final double[] valences;
    private final double[] boosterScalars;
    private final boolean[] negations;
    private final char[][] wordChars;
    /** Open addressing, linear probing: per slot the word's hash (high 32 bits) and id + 1 (low; 0 = empty). */
    private final long[] slots;
    private final int slotMask;

    /**
     * @param lexicon     lexicon word → mean valence; keys are matched exactly against lower-cased tokens, so
     *                    entries with capitals (":D") or spaces ("fed up") are never found, as in the reference
     * @param boosters    booster or dampener word → scalar
     * @param negationWords negation words
     * @param otherWords  further words the rules compare tokens with ("but", "least", idiom words)
     */
    KnownWords(Map<String, Double> lexicon, Map<String, Double> boosters, Set<String> negationWords,
               Iterable<String> otherWords) {
        var ids = new LinkedHashMap<String, Integer>();
        lexicon.keySet().forEach(word -> ids.putIfAbsent(word, ids.size()));
        boosters.keySet().forEach(word -> ids.putIfAbsent(word, ids.size()));
        negationWords.forEach(word -> ids.putIfAbsent(word, ids.size()));
        otherWords.forEach(word -> ids.putIfAbsent(word, ids.size()));

        int size = ids.size();
        valences = new double[size];
        boosterScalars = new double[size];
        negations = new boolean[size];
        Arrays.fill(valences, Double.NaN);
        lexicon.forEach((word, valence) -> valences[ids.get(word)] = valence);
        boosters.forEach((word, scalar) -> boosterScalars[ids.get(word)] = scalar);
        negationWords.forEach(word -> negations[ids.get(word)] = true);

        int slotCount = Integer.highestOneBit(size * 4 - 1) << 1;
        wordChars = new char[size][];
        slots = new long[slotCount];
        slotMask = slotCount - 1;
        ids.forEach(this::insert);
    }

    /** The id of a word given in lower case, or {@link #UNKNOWN}. */
    private int idOf(String lowerCaseWord) {
        char[] chars = lowerCaseWord.toCharArray();
        return find(chars, 0, chars.length, hash(chars, 0, chars.length), false);
    }

    /** The id of a word the rules depend on; failing here beats silently matching every unknown token. */
    int requireId(String lowerCaseWord) {
        int id = idOf(lowerCaseWord);
        if (id == UNKNOWN) {
            throw new IllegalArgumentException("'" + lowerCaseWord + "' is not a known word");
        }
        return id;
    }

    /** The id of the lower-cased token {@code text[from, to)}, or {@link #UNKNOWN}. */
    int idOfToken(char[] text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (c >= 0x80) {
                char[] lowerCase = new String(text, from, to - from).toLowerCase(Locale.ROOT).toCharArray();
                return find(lowerCase, 0, lowerCase.length, hash(lowerCase, 0, lowerCase.length), false);
            }
            hash = HASH_MULTIPLIER * hash + lowerAscii(c);
        }
        return find(text, from, to, spread(hash), true);
    }

    boolean isLexiconWord(int id) {
        return id != UNKNOWN && !Double.isNaN(valences[id]);
    }

    /** The lexicon's mean valence of a word; only meaningful if {@link #isLexiconWord(int)}. */
    double valence(int id) {
        return valences[id];
    }

    boolean isBooster(int id) {
        return id != UNKNOWN && boosterScalars[id] != 0;
    }

    /** The booster's scalar, or 0 for any other word. */
    double boosterScalar(int id) {
        return id == UNKNOWN ? 0 : boosterScalars[id];
    }

    boolean isNegation(int id) {
        return id != UNKNOWN && negations[id];
    }

    private void insert(String word, int id) {
        wordChars[id] = word.toCharArray();
        int hash = hash(wordChars[id], 0, word.length());
        int slot = hash & slotMask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & slotMask;
        }
        slots[slot] = (long) hash << 32 | (id + 1);
    }

    private int find(char[] text, int from, int to, int hash, boolean lowerAscii) {
        int slot = hash & slotMask;
        for (long entry = slots[slot]; entry != 0; entry = slots[slot]) {
            int id = (int) entry - 1;
            if ((int) (entry >>> 32) == hash && wordChars[id].length == to - from
                    && matches(wordChars[id], text, from, lowerAscii)) {
                return id;
            }
            slot = (slot + 1) & slotMask;
        }
        return UNKNOWN;
    }

    private static boolean matches(char[] candidate, char[] text, int from, boolean lowerAscii) {
        for (int i = 0; i < candidate.length; i++) {
            char c = text[from + i];
            if (candidate[i] != (lowerAscii ? lowerAscii(c) : c)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = HASH_MULTIPLIER * hash + text[i];
        }
        return spread(hash);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
