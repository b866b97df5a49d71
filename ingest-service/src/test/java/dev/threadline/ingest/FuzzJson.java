package dev.threadline.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of the fuzz suite as trees of maps, lists, strings, numbers, booleans and nulls, written byte for
 * byte: a string keeps its NUL and lone surrogates (as {@code \u0000}, {@code \ud800} escapes), and a {@link Raw}
 * value is written as it is, so a mutation can put invalid UTF-8, a duplicate key or a bare {@code 1e400} anywhere.
 */
final class FuzzJson {

    private FuzzJson() {
    }

    /** Bytes written in place of a value, as they are. */
    record Raw(byte[] bytes) {

        static Raw of(String text) {
            return new Raw(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "raw " + HexFormat.of().formatHex(bytes) + " (" + new String(bytes, StandardCharsets.UTF_8) + ")";
        }
    }

    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    /** The tree with {@code value} at {@code path}, added if the key is new (a new tree; the old one is unchanged). */
    static Object with(Object tree, List<Object> path, Object value) {
        if (path.isEmpty()) {
            return value;
        }
        Object copy = shallowCopy(tree);
        Object key = path.getFirst();
        Object child = get(copy, key);
        set(copy, key, path.size() == 1 ? value : with(child, path.subList(1, path.size()), value));
        return copy;
    }

    /** The tree without the entry at {@code path}. */
    static Object without(Object tree, List<Object> path) {
        Object copy = shallowCopy(tree);
        Object key = path.getFirst();
        if (path.size() == 1) {
            if (copy instanceof Map<?, ?> map) {
                map.remove(key);
            } else {
                ((List<?>) copy).remove((int) (Integer) key);
            }
            return copy;
        }
        set(copy, key, without(get(copy, key), path.subList(1, path.size())));
        return copy;
    }

    static Object at(Object tree, List<Object> path) {
        Object node = tree;
        for (Object key : path) {
            node = get(node, key);
        }
        return node;
    }

    /** The text of a tree, for reports: the body as written, invalid bytes shown as U+FFFD. */
    static String text(Object tree) {
        return new String(write(tree), StandardCharsets.UTF_8);
    }

    private static Object get(Object node, Object key) {
        return node instanceof Map<?, ?> map ? map.get(key) : ((List<?>) node).get((Integer) key);
    }

    @SuppressWarnings("unchecked")
    private static void set(Object node, Object key, Object value) {
        if (node instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).put(key, value);
        } else {
            ((List<Object>) node).set((Integer) key, value);
        }
    }

    private static Object shallowCopy(Object node) {
        return node instanceof Map<?, ?> map ? new LinkedHashMap<>(map) : new ArrayList<>((List<?>) node);
    }

    private static void write(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case null -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
            case Raw raw -> out.writeBytes(raw.bytes());
            case String text -> out.writeBytes(quoted(text).getBytes(StandardCharsets.UTF_8));
            case Number number -> out.writeBytes(number.toString().getBytes(StandardCharsets.US_ASCII));
            case Boolean flag -> out.writeBytes(flag.toString().getBytes(StandardCharsets.US_ASCII));
            case Map<?, ?> map -> {
                out.write('{');
                String separator = "";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.writeBytes((separator + quoted((String) entry.getKey()) + ": ").getBytes(StandardCharsets.UTF_8));
                    write(entry.getValue(), out);
                    separator = ", ";
                }
                out.write('}');
            }
            case List<?> list -> {
                out.write('[');
                for (int i = 0; i < list.size(); i++) {
                    out.writeBytes(i == 0 ? new byte[0] : ", ".getBytes(StandardCharsets.US_ASCII));
                    write(list.get(i), out);
                }
                out.write(']');
            }
            default -> throw new IllegalArgumentException("Not a JSON value: " + value.getClass());
        }
    }

    /** A JSON string; control characters and surrogates that are not a pair are escaped, everything else as it is. */
    private static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                json.append(c).append(text.charAt(++i));
            } else if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append("\\u%04x".formatted((int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
