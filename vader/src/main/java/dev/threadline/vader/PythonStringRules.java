package dev.threadline.vader;

/**
 * The few rules of Python's {@code str} that VADER's tokenizer and caps rules depend on, reproduced so that
 * tokens and ALL-CAPS decisions come out exactly as in the reference: what {@code str.split()} treats as
 * whitespace, what {@code strip(string.punctuation)} removes, and what {@code str.isupper()} accepts.
 */
final class PythonStringRules {

    private PythonStringRules() {
    }

    /** {@code str.isspace()}: the characters {@code str.split()} splits on (all in the BMP). */
    static boolean isWhitespace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f');
        }
        if (c < '\u0085') {
            return false;
        }
        return c == '\u0085' || c == '\u00a0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200a')
                || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    /** Membership in {@code string.punctuation}: the ASCII characters {@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}. */
    static boolean isPunctuation(char c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }

    /**
     * {@code str.isupper()} of {@code text[from, to)}: at least one cased character and no lower- or title-case one,
     * so "SUX!" and ":D" are upper case while "!!!" and "Sux" are not.
     */
    static boolean isUpper(char[] text, int from, int to) {
        boolean cased = false;
        int i = from;
        while (i < to) {
            char c = text[i];
            if (c < 0x80) {
                if (c >= 'a' && c <= 'z') {
                    return false;
                }
                cased |= c >= 'A' && c <= 'Z';
                i++;
                continue;
            }
            int codePoint = Character.codePointAt(text, i, to);
            if (Character.isLowerCase(codePoint) || Character.isTitleCase(codePoint)) {
                return false;
            }
            cased |= Character.isUpperCase(codePoint);
            i += Character.charCount(codePoint);
        }
        return cased;
    }

    /** {@code "n't" in token.lower()}: the contraction that makes any word a negation ("shouldn't've"). */
    static boolean containsNegatingContraction(char[] text, int from, int to) {
        for (int i = from; i + 2 < to; i++) {
            char n = text[i];
            char t = text[i + 2];
            if ((n == 'n' || n == 'N') && text[i + 1] == '\'' && (t == 't' || t == 'T')) {
                return true;
            }
        }
        return false;
    }
}
