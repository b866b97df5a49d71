package dev.threadline.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * One field of a request body as docs/api.md documents it: where it is, what it takes, and what leaving it out means.
 * The fuzz suite derives from it which mutations must be accepted and which rejected, and by what name.
 *
 * @param path    names and list indexes from the body's root
 * @param max     the most characters (text), items (lists) or entries (maps); for content, UTF-8 bytes
 * @param min     the least value of a number
 * @param names   the values of a name (an enum)
 * @param absent  what removing the field or setting it to null must answer
 */
record FieldSpec(List<Object> path, Type type, int max, long min, List<String> names, Expect absent) {

    /** What a field takes. */
    enum Type { ID, TEXT, REQUIRED_TEXT, CONTENT, NAME, INTEGER, LONG, FLAG, INSTANT, TEXTS, ATTRIBUTES, RECORD, RECORDS }

    static final List<String> ROLES = List.of("user", "agent", "admin", "assistant", "system");
    static final List<String> KINDS = List.of("support", "direct", "group", "ai_chat", "roleplay", "custom");
    static final List<String> STATUSES = List.of("open", "pending", "resolved");
    static final List<String> PRIORITIES = List.of("low", "medium", "high", "urgent");
    static final int CONTENT_BYTES = 32_768;

    static FieldSpec optional(String name, Type type, int max) {
        return new FieldSpec(List.of(name), type, max, 0, List.of(), Expect.accepted());
    }

    static FieldSpec required(String name, Type type, int max) {
        return new FieldSpec(List.of(name), type, max, 0, List.of(), Expect.rejected(name));
    }

    static FieldSpec name(String name, List<String> names, boolean required) {
        return new FieldSpec(List.of(name), Type.NAME, 0, 0, names, required ? Expect.rejected(name) : Expect.accepted());
    }

    static FieldSpec number(String name, Type type, long min, Expect absent) {
        return new FieldSpec(List.of(name), type, 0, min, List.of(), absent);
    }

    /**
     * The same field inside {@code parent}, whose own name goes first in error names; a rule over the whole body
     * (null field) is then a rule over the parent, as it is for a batch item.
     */
    FieldSpec under(List<Object> parent) {
        List<Object> full = new ArrayList<>(parent);
        full.addAll(path);
        Expect nested = absent.isAccepted() || absent.anyField() ? absent
                : Expect.rejected(absent.field() == null ? FieldSpec.name(parent) : FieldSpec.name(full));
        return new FieldSpec(full, type, max, min, names, nested);
    }

    /** This field's name in problem+json: {@code firstMessage.content}, {@code participants[0].role}. */
    String name() {
        return name(path);
    }

    static String name(List<Object> path) {
        StringBuilder name = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                name.append('[').append(index).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(segment);
            }
        }
        return name.toString();
    }

    /** The name of an entry of this map field. */
    String entryName(String key) {
        return name() + "[" + key + "]";
    }

    boolean isText() {
        return switch (type) {
            case TEXT, REQUIRED_TEXT, CONTENT -> true;
            default -> false;
        };
    }

}
