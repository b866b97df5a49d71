package dev.threadline.vader;

import java.util.Arrays;
import java.util.Map;

/**
 * Replaces emoji by their text descriptions ("💘" → "heart with arrow") before scoring, so that the words of the
 * description carry the emoji's sentiment.
 *
 * <p>Like the reference, it looks at one code point at a time: multi-code-point entries of the emoji lexicon (flags,
 * ZWJ sequences, keycaps) never match as a whole, a skin-tone modifier is described on its own, a description is
 * preceded by a space unless a space precedes the emoji, and it is followed by nothing (so "😁abc" becomes
 * "beaming face with smiling eyesabc"). Code points are kept sorted for a binary search, and a text without
 * emoji is returned as it is.
 */
final class EmojiDescriptions {

    private final int[] codePoints;
    private final String[] descriptions;
    private final int smallestCodePoint;

    /** @param descriptionsByEmoji the emoji lexicon: emoji (one or more code points) → description */
    EmojiDescriptions(Map<String, String> descriptionsByEmoji) {
        codePoints = descriptionsByEmoji.keySet().stream()
                .filter(emoji -> emoji.codePointCount(0, emoji.length()) == 1)
                .mapToInt(emoji -> emoji.codePointAt(0))
                .sorted()
                .toArray();
        descriptions = Arrays.stream(codePoints)
                .mapToObj(codePoint -> descriptionsByEmoji.get(Character.toString(codePoint)))
                .toArray(String[]::new);
        smallestCodePoint = codePoints.length == 0 ? Integer.MAX_VALUE : codePoints[0];
    }

    /** The text with every single-code-point emoji replaced by its description; {@code text} itself if none. */
    char[] replaceEmoji(char[] text) {
        int length = text.length;
        int i = 0;
        while (i < length && descriptionAt(text, i) == null) {
            i++;
        }
        if (i == length) {
            return text;
        }
        var replaced = new StringBuilder(length + 32).append(text, 0, i);
        boolean afterSpace = i == 0 || text[i - 1] == ' ';
        while (i < length) {
            int codePoint = Character.codePointAt(text, i);
            String description = descriptionAt(text, i);
            if (description != null) {
                if (!afterSpace) {
                    replaced.append(' ');
                }
                replaced.append(description);
                afterSpace = false;
            } else {
                replaced.appendCodePoint(codePoint);
                afterSpace = codePoint == ' ';
            }
            i += Character.charCount(codePoint);
        }
        return replaced.toString().toCharArray();
    }

    private String descriptionAt(char[] text, int index) {
        char c = text[index];
        if (c < smallestCodePoint && !Character.isHighSurrogate(c)) {
            return null;
        }
        int found = Arrays.binarySearch(codePoints, Character.codePointAt(text, index));
        return found >= 0 ? descriptions[found] : null;
    }
}
