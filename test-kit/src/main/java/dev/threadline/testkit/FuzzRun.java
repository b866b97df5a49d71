package dev.threadline.testkit;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a fuzz suite's generated cases: how many ({@code -Dfuzz.tries}, else the suite's default), drawn from
 * which seed ({@code -Dfuzz.seed}, else a new one each run), each checked in turn. The first case that fails ends the
 * run with an {@link AssertionError} that names the seed, the case's index and the case itself, so that the same
 * {@code -Dfuzz.seed} draws the same cases again ({@code -Dfuzz.case} runs that one alone).
 *
 * <p>Case {@code i} draws from the {@code i}-th {@link SplittableRandom#split()} of the seed's random, so it does not
 * depend on how much randomness the cases before it took. The seed is mixed with the run's name: runs given one
 * {@code -Dfuzz.seed} draw different cases, and their generated ids and Idempotency-Keys do not collide.
 */
public final class FuzzRun {

    public static final String SEED = "fuzz.seed";
    public static final String TRIES = "fuzz.tries";
    public static final String CASE = "fuzz.case";

    private static final Logger LOG = LoggerFactory.getLogger(FuzzRun.class);
    /** Runs of one character longer than this are shown as the character and a count. */
    private static final int LONGEST_RUN_SHOWN = 12;

    private final String name;
    private final long seed;
    private final int tries;

    private FuzzRun(String name, long seed, int tries) {
        this.name = name;
        this.seed = seed;
        this.tries = tries;
    }

    /** A run of {@code defaultTries} cases, or as many as {@code -Dfuzz.tries} says, from the seed of {@code -Dfuzz.seed} or a new one. */
    public static FuzzRun of(String name, int defaultTries) {
        String seed = System.getProperty(SEED, "");
        String tries = System.getProperty(TRIES, "");
        return new FuzzRun(name, seed.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed.strip()),
                tries.isBlank() ? defaultTries : Integer.parseInt(tries.strip()));
    }

    public long seed() {
        return seed;
    }

    public int tries() {
        return tries;
    }

    /** Draws each case from {@code cases} and checks it; throws for the first that fails, saying how to replay it. */
    public <T> void check(Gen<T> cases, Consumer<? super T> check) {
        String only = System.getProperty(CASE, "");
        int single = only.isBlank() ? -1 : Integer.parseInt(only.strip());
        LOG.info("{}: {} from seed {} (-D{}={} replays them)", name, single < 0 ? tries + " cases" : "case " + single, seed, SEED, seed);
        SplittableRandom random = new SplittableRandom(seed ^ new SplittableRandom(name.hashCode()).nextLong());
        for (int index = 0; index < tries; index++) {
            SplittableRandom caseRandom = random.split();
            if (single >= 0 && index != single) {
                continue;
            }
            T value;
            try {
                value = cases.next(caseRandom);
            } catch (RuntimeException e) {
                throw new AssertionError(header(index) + "\n  could not be generated: " + e, e);
            }
            try {
                check.accept(value);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(header(index) + "\n  case: " + value + "\n" + e.getMessage(), e);
            }
        }
    }

    /** What a failure after the cases (a check over all of them) must say to be replayed. */
    @Override
    public String toString() {
        return "%s, %d cases from seed %d (replay: -D%s=%d)".formatted(name, tries, seed, SEED, seed);
    }

    private String header(int index) {
        return "%s: case %d of %d failed (seed %d)%n  replay: -D%s=%d (-D%s=%d for this case alone)"
                .formatted(name, index, tries, seed, SEED, seed, CASE, index);
    }

    /**
     * Text as a reader can compare it with what was sent: control characters and lone surrogates as {@code \\uXXXX},
     * and a run of one character longer than a dozen as {@code ⟪x × 5000⟫}.
     */
    public static String readable(String text) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            int run = 1;
            while (i + (run + 1) * width <= text.length() && text.codePointAt(i + run * width) == codePoint) {
                run++;
            }
            String character = Character.isISOControl(codePoint) || Character.isSurrogate((char) codePoint) && width == 1
                    ? "\\u%04X".formatted(codePoint) : Character.toString(codePoint);
            if (run > LONGEST_RUN_SHOWN) {
                shown.append("⟪").append(character).append(" × ").append(run).append("⟫");
            } else {
                shown.append(character.repeat(run));
            }
            i += run * width;
        }
        return shown.toString();
    }

    /** Bytes as {@link #readable(String)} text where they are UTF-8, and each byte that is not as {@code \\xFF}. */
    public static String readable(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder shown = new StringBuilder();
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            shown.append(readable(out.flip().toString()));
            out.clear();
            if (!result.isError()) {
                break;
            }
            for (int i = 0; i < result.length(); i++) {
                shown.append("\\x%02X".formatted(in.get()));
            }
        }
        return shown.toString();
    }
}
