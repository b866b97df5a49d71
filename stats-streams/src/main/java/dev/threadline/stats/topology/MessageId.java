package dev.threadline.stats.topology;

/**
 * A message id as the state keeps it: a UUID in canonical form (lower-case hex, as {@link java.util.UUID#toString()}
 * writes it) as its two longs, any other id as text, so that every id survives exactly.
 */
record MessageId(long high, long low, String text) {

    static MessageId of(String id) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-' || id.charAt(23) != '-') {
            return new MessageId(0, 0, id);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            char c = id.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                return new MessageId(0, 0, id);
            }
            if (i < 19) {
                high = high << 4 | digit;
            } else {
                low = low << 4 | digit;
            }
        }
        return new MessageId(high, low, null);
    }
}
