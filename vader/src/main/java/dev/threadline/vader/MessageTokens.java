package dev.threadline.vader;

import static dev.threadline.vader.PythonStringRules.containsNegatingContraction;
import static dev.threadline.vader.PythonStringRules.isPunctuation;
import static dev.threadline.vader.PythonStringRules.isUpper;
import static dev.threadline.vader.PythonStringRules.isWhitespace;

/**
 * A message cut into VADER's tokens, with what the rules need to know of each: its word id, whether it is in
 * ALL CAPS and whether it negates; plus the counts of '!' and '?' that amplify the whole message.
 *
 * <p>Tokens are the reference's: the text split on whitespace, then leading and trailing ASCII punctuation
 * stripped unless that leaves two characters or fewer, in which case the token is probably an emoticon (":)",
 * ":-D") and kept whole. So "good!" becomes "good", "(:" stays "(:", and "d:" stays "d:". The tokens are
 * never materialised as strings; the text is scanned once to count them and once to classify them.
 */
final class MessageTokens {

    private final int[] wordIds;
    private final boolean[] allCaps;
    private final boolean[] negations;
    private final boolean capsEmphasis;
    private final int exclamations;
    private final int questions;

    private MessageTokens(int[] wordIds, boolean[] allCaps, boolean[] negations, int exclamations, int questions) {
        this.wordIds = wordIds;
        this.allCaps = allCaps;
        this.negations = negations;
        this.capsEmphasis = someButNotAll(allCaps);
        this.exclamations = exclamations;
        this.questions = questions;
    }

    /** @param text the message, emoji already replaced */
    static MessageTokens of(char[] text, KnownWords words) {
        int count = countTokens(text);
        int[] wordIds = new int[count];
        boolean[] allCaps = new boolean[count];
        boolean[] negations = new boolean[count];
        int exclamations = 0;
        int questions = 0;
        int length = text.length;
        int i = 0;
        for (int token = 0; token < count; token++) {
            while (isWhitespace(text[i])) {
                i++;
            }
            int start = i;
            for (; i < length && !isWhitespace(text[i]); i++) {
                char c = text[i];
                exclamations += c == '!' ? 1 : 0;
                questions += c == '?' ? 1 : 0;
            }
            int end = i;
            // Strip punctuation from both ends, unless that leaves an emoticon-sized rest.
            int from = start;
            int to = end;
            while (from < to && isPunctuation(text[from])) {
                from++;
            }
            while (to > from && isPunctuation(text[to - 1])) {
                to--;
            }
            if (atMostTwoCodePoints(text, from, to)) {
                from = start;
                to = end;
            }
            wordIds[token] = words.idOfToken(text, from, to);
            allCaps[token] = isUpper(text, from, to);
            negations[token] = words.isNegation(wordIds[token]) || containsNegatingContraction(text, from, to);
        }
        return new MessageTokens(wordIds, allCaps, negations, exclamations, questions);
    }

    int size() {
        return wordIds.length;
    }

    /** The token's id in {@link KnownWords}, or {@link KnownWords#UNKNOWN}. */
    int wordId(int index) {
        return wordIds[index];
    }

    /** Whether the token is the known word {@code wordId}. */
    boolean is(int index, int wordId) {
        return wordIds[index] == wordId;
    }

    /** Python's {@code str.isupper()} of the token. */
    boolean isAllCaps(int index) {
        return allCaps[index];
    }

    /** Whether the token is a negation word or contains "n't". */
    boolean isNegation(int index) {
        return negations[index];
    }

    /** Whether ALL-CAPS tokens stand out: true when some tokens, but not all, are in ALL CAPS. */
    boolean capsEmphasis() {
        return capsEmphasis;
    }

    /** The index of the first token that is {@code wordId}, or -1. */
    int indexOf(int wordId) {
        for (int i = 0; i < wordIds.length; i++) {
            if (wordIds[i] == wordId) {
                return i;
            }
        }
        return -1;
    }

    int exclamations() {
        return exclamations;
    }

    int questions() {
        return questions;
    }

    private static boolean someButNotAll(boolean[] flags) {
        int set = 0;
        for (boolean flag : flags) {
            set += flag ? 1 : 0;
        }
        return set > 0 && set < flags.length;
    }

    private static int countTokens(char[] text) {
        int count = 0;
        boolean inToken = false;
        for (char c : text) {
            boolean whitespace = isWhitespace(c);
            count += !whitespace && !inToken ? 1 : 0;
            inToken = !whitespace;
        }
        return count;
    }

    private static boolean atMostTwoCodePoints(char[] text, int from, int to) {
        int chars = to - from;
        return chars <= 2 || (chars <= 4 && Character.codePointCount(text, from, chars) <= 2);
    }
}
