package dev.threadline.stats.topology;

import dev.threadline.analytics.Dimension;
import java.util.Objects;

/**
 * One group of conversations the aggregates are kept for: a dimension and its value, e.g. {@code kind|support},
 * {@code priority|high}, {@code tenant|acme}, or {@code all|all} for every conversation.
 */
public record DimensionValue(Dimension dimension, String value) {

    /** Every conversation. */
    public static final DimensionValue ALL = new DimensionValue(Dimension.all, "all");

    static final char SEPARATOR = '|';

    public DimensionValue {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(value, "value");
    }

    /** {@code dimension|value}: the key of status counts and the tail of a series key. */
    public String key() {
        return dimension.name() + SEPARATOR + value;
    }

    /** Reads a {@link #key()}; the value may itself contain the separator. */
    public static DimensionValue parse(String key) {
        int at = key.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("Not a dimension key: " + key);
        }
        return new DimensionValue(Dimension.valueOf(key.substring(0, at)), key.substring(at + 1));
    }
}
