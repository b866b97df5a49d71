package dev.threadline.testkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of the services' fuzz cases (run by {@link FuzzRun}): a value drawn from a {@link SplittableRandom},
 * so that the same random state always draws the same value and a seed replays a whole run. Written here rather than
 * taken from a property-testing library: the suites need choices, numbers in ranges, text from chosen alphabets,
 * lists and maps, and no shrinking.
 *
 * <p>Numbers lean towards the edges of their range (its ends, zero, one either side of them), where bugs live, and
 * lengths towards the short.
 */
@FunctionalInterface
public interface Gen<T> {

    /** Printable ASCII, space included. */
    Gen<String> ASCII = codePoints(' ', '~');
    /** Letters and digits of other scripts: Latin-1 and Latin Extended, Greek, Arabic-Indic digits, CJK, fullwidth forms. */
    Gen<String> NON_ASCII = oneOf(codePoints(0xC0, 0x24F), codePoints(0x391, 0x3C9), codePoints(0x660, 0x669),
            codePoints(0x4E00, 0x9FFF), codePoints(0xFF10, 0xFF5A));
    /** Characters outside the Basic Multilingual Plane, written in UTF-16 as surrogate pairs: emoji, CJK extension B. */
    Gen<String> SUPPLEMENTARY = oneOf(codePoints(0x1F300, 0x1FAFF), codePoints(0x20000, 0x2A6DF));
    /** Characters that look like nothing or like something else: BOM, zero-width, bidi overrides, noncharacters, U+FFFD. */
    Gen<String> INVISIBLE = of("\uFEFF", "\u200B", "\u200D", "\u202E", "\u2066", "\uFFFE", "\uFFFF", "\uFFFD", "\u00AD");
    /** C0 and C1 control characters and DEL, NUL included. */
    Gen<String> CONTROL = oneOf(codePoints(0x00, 0x1F), just("\u007F"), codePoints(0x80, 0x9F));
    /** One UTF-16 surrogate on its own, which no UTF-8 can encode. */
    Gen<String> LONE_SURROGATE = codePoints(0xD800, 0xDFFF);

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
        return random -> mapper.apply(next(random)).next(random);
    }

    /** Only the values {@code keep} takes; a filter that takes almost nothing is a bug in the suite, and fails. */
    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int attempt = 0; attempt < 1_000; attempt++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("The filter took none of 1000 generated values");
        };
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    /** One of the values, each as likely. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(List.of(values));
    }

    static <T> Gen<T> of(List<? extends T> values) {
        List<? extends T> choices = List.copyOf(values);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("Nothing to choose from");
        }
        return random -> choices.get(random.nextInt(choices.size()));
    }

    /** A value of one of the generators, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        return oneOf(List.of(generators));
    }

    static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> generators) {
        return of(generators).flatMap(generator -> generator);
    }

    /** A generator and how often it is chosen, relative to the others of {@link #weighted}. */
    record Weighted<T>(int weight, Gen<? extends T> values) {

        public Weighted {
            if (weight < 1) {
                throw new IllegalArgumentException("A weight is at least 1: " + weight);
            }
        }
    }

    static <T> Weighted<T> weight(int weight, Gen<? extends T> values) {
        return new Weighted<>(weight, values);
    }

    /** A value of one of the generators, each chosen in proportion to its weight. */
    @SafeVarargs
    static <T> Gen<T> weighted(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> weighted = List.of(choices);
        int total = weighted.stream().mapToInt(Weighted::weight).sum();
        return random -> {
            int draw = random.nextInt(total);
            for (Weighted<? extends T> choice : weighted) {
                draw -= choice.weight();
                if (draw < 0) {
                    return choice.values().next(random);
                }
            }
            throw new AssertionError("The weights add up to " + total);
        };
    }

    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /**
     * Whole numbers from {@code min} to {@code max}, both included: a quarter of them an edge of the range (its ends,
     * one inside each, zero and ±1 if inside), a quarter close to one end (at a distance of a random number of bits),
     * the rest uniform.
     */
    static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("Empty range " + min + ".." + max);
        }
        long span = max - min; // unsigned: max - min always fits in 64 bits
        List<Long> edges = new ArrayList<>(List.of(min, max));
        for (long edge : new long[] {min + 1, max - 1, 0, 1, -1}) {
            if (edge >= min && edge <= max && !edges.contains(edge)) {
                edges.add(edge);
            }
        }
        return random -> switch (random.nextInt(8)) {
            case 0, 1 -> edges.get(random.nextInt(edges.size()));
            case 2 -> min + unsignedAtMost(random, span >>> random.nextInt(64));
            case 3 -> max - unsignedAtMost(random, span >>> random.nextInt(64));
            default -> min + unsignedAtMost(random, span);
        };
    }

    /** Whole numbers from {@code min} to {@code max}, both included, uniform; for ranges beyond a long. */
    static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
        BigInteger span = max.subtract(min);
        if (span.signum() < 0) {
            throw new IllegalArgumentException("Empty range " + min + ".." + max);
        }
        return random -> {
            Random bits = Random.from(random);
            BigInteger offset;
            do {
                offset = new BigInteger(span.bitLength(), bits);
            } while (offset.compareTo(span) > 0);
            return min.add(offset);
        };
    }

    /** One character as a string: a code point from {@code first} to {@code last}, a surrogate pair above U+FFFF. */
    static Gen<String> codePoints(int first, int last) {
        return ints(first, last).map(Character::toString);
    }

    /** Text of {@code minLength} to {@code maxLength} pieces of {@code characters}, short lengths the likelier. */
    static Gen<String> strings(Gen<String> characters, int minLength, int maxLength) {
        Gen<Integer> lengths = ints(minLength, maxLength);
        return random -> {
            int length = lengths.next(random);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(characters.next(random));
            }
            return text.toString();
        };
    }

    static Gen<byte[]> bytes(int minLength, int maxLength) {
        Gen<Integer> lengths = ints(minLength, maxLength);
        return random -> {
            byte[] bytes = new byte[lengths.next(random)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    static <T> Gen<List<T>> lists(Gen<? extends T> elements, int minSize, int maxSize) {
        Gen<Integer> sizes = ints(minSize, maxSize);
        return random -> {
            int size = sizes.next(random);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(elements.next(random));
            }
            return list;
        };
    }

    /** Maps of distinct keys, in the order drawn; fewer than {@code minSize} entries if the keys run out. */
    static <K, V> Gen<Map<K, V>> maps(Gen<? extends K> keys, Gen<? extends V> values, int minSize, int maxSize) {
        Gen<Integer> sizes = ints(minSize, maxSize);
        return random -> {
            int size = sizes.next(random);
            Map<K, V> map = new LinkedHashMap<>();
            for (int attempt = 0; map.size() < size && attempt < size * 10; attempt++) {
                map.putIfAbsent(keys.next(random), values.next(random));
            }
            return map;
        };
    }

    /** Random (version 4) UUIDs, drawn like every other value, so a replayed run has the same ids. */
    static Gen<UUID> uuids() {
        return random -> new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(0xCL << 60) | (0x8L << 60));
    }

    /** Uniform from 0 to {@code bound}, both included, {@code bound} read as unsigned. */
    private static long unsignedAtMost(SplittableRandom random, long bound) {
        if (bound == -1) {
            return random.nextLong();
        }
        if (bound >= 0) {
            return bound == Long.MAX_VALUE ? random.nextLong() & Long.MAX_VALUE : random.nextLong(bound + 1);
        }
        long value;
        do {
            value = random.nextLong();
        } while (Long.compareUnsigned(value, bound) > 0);
        return value;
    }
}
