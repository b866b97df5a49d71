package dev.threadline.thread.api;

import dev.threadline.thread.query.ActivityKey;
import dev.threadline.thread.query.SearchKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Opaque page cursors: the sort key of a page's last row, as base64url text. Clients pass them
 * back unchanged; decoding checks every part and throws {@link IllegalArgumentException} for
 * anything this service did not hand out for the same kind of list.
 *
 * <p>Conversation lists: {@code a|<part>|<lastMessageAt in epoch micros, empty if none>|<id>},
 * where part is {@code p} or {@code u} (pinned or unpinned part) for pinnedFirst lists and
 * {@code -} otherwise. Search: {@code s|<rank as float bits in hex>|<message id>|<conversation id>}.
 */
final class Cursors {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final long MICROS = 1_000_000;
    /** The range of PostgreSQL's timestamptz, which every stored time is in. */
    private static final Instant FIRST_TIMESTAMP = Instant.parse("-4713-11-24T00:00:00Z");
    private static final Instant LAST_TIMESTAMP = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private Cursors() {
    }

    static String activity(ActivityKey key, boolean pinnedFirst) {
        String part = pinnedFirst ? key.pinned() ? "p" : "u" : "-";
        String at = key.lastMessageAt() == null ? ""
                : Long.toString(key.lastMessageAt().getEpochSecond() * MICROS + key.lastMessageAt().getNano() / 1_000);
        return encode("a|" + part + "|" + at + "|" + key.conversationId());
    }

    static ActivityKey activity(String cursor, boolean pinnedFirst) {
        String[] parts = decode(cursor, "a", 4);
        boolean sameOrdering = pinnedFirst ? parts[1].equals("p") || parts[1].equals("u") : parts[1].equals("-");
        if (!sameOrdering) {
            throw new IllegalArgumentException("cursor of another ordering");
        }
        Instant at = null;
        if (!parts[2].isEmpty()) {
            long micros = Long.parseLong(parts[2]);
            at = Instant.ofEpochSecond(Math.floorDiv(micros, MICROS), Math.floorMod(micros, MICROS) * 1_000);
            if (at.isBefore(FIRST_TIMESTAMP) || at.isAfter(LAST_TIMESTAMP)) {
                // No row has such a time, and PostgreSQL could not even compare with it.
                throw new IllegalArgumentException("time out of range");
            }
        }
        return new ActivityKey("p".equals(parts[1]), at, uuid(parts[3]));
    }

    static String search(SearchKey key) {
        return encode("s|" + Integer.toHexString(Float.floatToIntBits(key.rank())) + "|" + key.messageId()
                + "|" + key.conversationId());
    }

    static SearchKey search(String cursor) {
        String[] parts = decode(cursor, "s", 4);
        float rank = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[1], 16));
        if (!Float.isFinite(rank)) {
            throw new IllegalArgumentException("rank is not a number");
        }
        return new SearchKey(rank, uuid(parts[2]), uuid(parts[3]));
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's parts; NumberFormatException, the decoder's exception, is an IllegalArgumentException too. */
    private static String[] decode(String cursor, String kind, int count) {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != count || !parts[0].equals(kind)) {
            throw new IllegalArgumentException("not a cursor of this kind");
        }
        return parts;
    }

    private static String uuid(String value) {
        if (!UUID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a conversation or message id");
        }
        return value;
    }
}
