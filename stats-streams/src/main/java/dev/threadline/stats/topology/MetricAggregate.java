package dev.threadline.stats.topology;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The aggregate of one series over one window: exact count, sum, min and max, and a DDSketch with 1 % relative
 * accuracy (sketches-java's logarithmic index mapping) for the percentiles. Aggregates merge: counts, sums and sketch
 * bins add, so windows, partitions or instances combine without loss, while means come from sum and count and are
 * never averaged.
 *
 * <p>An aggregate <em>is</em> its serialized form, immutable: the summary statistics and the sketch's dense bins
 * (positive values, negative values, zeros) in a flat little-endian layout. Aggregates are built at once from a
 * bucket's observations ({@link #of(double[], int)}) and merged into the windows' aggregates, which Kafka Streams
 * reads and writes through its record cache as bytes: a merge writes one new array, with no decode and re-encode of
 * a sketch. Percentiles go through a sketches-java {@link DDSketch} built from the bins, as often as results are
 * emitted or queried.
 *
 * <pre>
 * 0  version (1)       1  count (long)    9  sum (double)    17 min (double)    25 max (double)
 * 33 zero count (long) 41 positive bins: first index, length (int, int) 49 negative bins: first index, length
 * 57 positive counts (int × length), then negative counts (int × length)
 * </pre>
 */
public final class MetricAggregate {

    /** Relative accuracy of the percentiles: a reported pXX is within 1 % of the exact one. */
    public static final double RELATIVE_ACCURACY = 0.01;

    static final byte VERSION = 2;
    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);
    private static final int COUNT = 1;
    private static final int SUM = 9;
    private static final int MIN = 17;
    private static final int MAX = 25;
    private static final int ZEROS = 33;
    private static final int POSITIVE = 41;
    private static final int NEGATIVE = 49;
    private static final int BINS = 57;

    private final ByteBuffer bytes;

    private MetricAggregate(byte[] bytes) {
        this.bytes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An empty aggregate. */
    public MetricAggregate() {
        this(empty());
    }

    private static byte[] empty() {
        return empty(0);
    }

    /** An empty aggregate with room for {@code bins} bins (whose range the caller sets). */
    private static byte[] empty(int bins) {
        byte[] empty = new byte[BINS + 4 * bins];
        ByteBuffer out = ByteBuffer.wrap(empty).order(ByteOrder.LITTLE_ENDIAN);
        out.put(0, VERSION);
        out.putDouble(MIN, Double.NaN);
        out.putDouble(MAX, Double.NaN);
        return empty;
    }

    /**
     * The aggregate of the first {@code count} of {@code values}, built at once with bins over exactly the range they
     * need: the same aggregate as adding them one by one, without a copy per observation.
     */
    public static MetricAggregate of(double[] values, int count) {
        int[] indexes = new int[count];
        int[] positive = {Integer.MAX_VALUE, Integer.MIN_VALUE};
        int[] negative = {Integer.MAX_VALUE, Integer.MIN_VALUE};
        long zeros = 0;
        double sum = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = 0; i < count; i++) {
            double value = values[i];
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("Not a finite observation: " + value);
            }
            sum += value;
            min = i == 0 ? value : Math.min(min, value);
            max = i == 0 ? value : Math.max(max, value);
            double magnitude = Math.abs(value);
            if (magnitude < MAPPING.minIndexableValue()) {
                zeros++;
                continue;
            }
            int index = MAPPING.index(magnitude);
            indexes[i] = index;
            int[] range = value > 0 ? positive : negative;
            range[0] = Math.min(range[0], index);
            range[1] = Math.max(range[1], index);
        }
        int positiveLength = positive[1] < positive[0] ? 0 : positive[1] - positive[0] + 1;
        int negativeLength = negative[1] < negative[0] ? 0 : negative[1] - negative[0] + 1;
        byte[] next = empty(positiveLength + negativeLength);
        ByteBuffer out = le(next);
        out.putLong(COUNT, count).putDouble(SUM, sum).putDouble(MIN, min).putDouble(MAX, max).putLong(ZEROS, zeros);
        out.putInt(POSITIVE, positiveLength == 0 ? 0 : positive[0]).putInt(POSITIVE + 4, positiveLength);
        out.putInt(NEGATIVE, negativeLength == 0 ? 0 : negative[0]).putInt(NEGATIVE + 4, negativeLength);
        for (int i = 0; i < count; i++) {
            double value = values[i];
            if (Math.abs(value) < MAPPING.minIndexableValue()) {
                continue;
            }
            int at = value > 0 ? BINS + 4 * (indexes[i] - positive[0]) : BINS + 4 * (positiveLength + indexes[i] - negative[0]);
            out.putInt(at, out.getInt(at) + 1);
        }
        return new MetricAggregate(next);
    }

    /** The aggregate of this one's observations and {@code other}'s, in one new aggregate. */
    public MetricAggregate merge(MetricAggregate other) {
        if (other.count() == 0) {
            return this;
        }
        if (count() == 0) {
            return other;
        }
        int[] positive = union(true, other);
        int[] negative = union(false, other);
        byte[] next = empty(positive[1] + negative[1]);
        ByteBuffer out = le(next);
        out.putLong(COUNT, count() + other.count()).putDouble(SUM, sum() + other.sum())
                .putDouble(MIN, Math.min(min(), other.min())).putDouble(MAX, Math.max(max(), other.max()))
                .putLong(ZEROS, bytes.getLong(ZEROS) + other.bytes.getLong(ZEROS));
        out.putInt(POSITIVE, positive[0]).putInt(POSITIVE + 4, positive[1]);
        out.putInt(NEGATIVE, negative[0]).putInt(NEGATIVE + 4, negative[1]);
        for (MetricAggregate part : new MetricAggregate[] {this, other}) {
            part.addBinsTo(out, true, BINS, positive[0]);
            part.addBinsTo(out, false, BINS + 4 * positive[1], negative[0]);
        }
        return new MetricAggregate(next);
    }

    /** First index and length of the bins of one side that hold both this aggregate's and {@code other}'s. */
    private int[] union(boolean positive, MetricAggregate other) {
        int length = length(positive);
        int otherLength = other.length(positive);
        if (length == 0 || otherLength == 0) {
            return length == 0 ? new int[] {other.offset(positive), otherLength} : new int[] {offset(positive), length};
        }
        int first = Math.min(offset(positive), other.offset(positive));
        int end = Math.max(offset(positive) + length, other.offset(positive) + otherLength);
        return new int[] {first, end - first};
    }

    /** Adds this aggregate's bins of one side into a layout whose bins of that side start at {@code start}, index {@code first}. */
    private void addBinsTo(ByteBuffer out, boolean positive, int start, int first) {
        int from = binStart(positive);
        int shift = start + 4 * (offset(positive) - first);
        for (int i = 0, length = length(positive); i < length; i++) {
            int count = bytes.getInt(from + 4 * i);
            if (count != 0) {
                int at = shift + 4 * i;
                out.putInt(at, out.getInt(at) + count);
            }
        }
    }

    public long count() {
        return bytes.getLong(COUNT);
    }

    public double sum() {
        return bytes.getDouble(SUM);
    }

    /** Smallest observation; NaN while empty. */
    public double min() {
        return bytes.getDouble(MIN);
    }

    /** Largest observation; NaN while empty. */
    public double max() {
        return bytes.getDouble(MAX);
    }

    /** sum / count; NaN while empty. */
    public double mean() {
        return count() == 0 ? Double.NaN : sum() / count();
    }

    /** The value at quantile {@code q} (0…1), within {@link #RELATIVE_ACCURACY} of the exact one; NaN while empty. */
    public double quantile(double q) {
        return quantiles(q)[0];
    }

    /** The values at several quantiles, from one sketch; NaN while empty. */
    public double[] quantiles(double... qs) {
        double[] values = new double[qs.length];
        if (count() == 0) {
            java.util.Arrays.fill(values, Double.NaN);
            return values;
        }
        DDSketch sketch = toSketch();
        for (int i = 0; i < qs.length; i++) {
            // The sketch answers with its bin's representative value; the exact extremes bound it.
            values[i] = Math.max(min(), Math.min(max(), sketch.getValueAtQuantile(qs[i])));
        }
        return values;
    }

    /** The sketches-java DDSketch of the observations. */
    public DDSketch toSketch() {
        return DDSketch.of(MAPPING, store(false), store(true), bytes.getLong(ZEROS));
    }

    /** The serialized form: shared, never to be changed. */
    byte[] bytes() {
        return bytes.array();
    }

    /** Reads a serialized aggregate, checking only its version and its length. */
    static MetricAggregate of(byte[] serialized) {
        if (serialized.length < BINS || serialized[0] != VERSION) {
            throw new SerializationException("Not a metric aggregate of version " + VERSION);
        }
        MetricAggregate aggregate = new MetricAggregate(serialized);
        if (serialized.length != BINS + 4 * (aggregate.length(true) + aggregate.length(false))) {
            throw new SerializationException("Metric aggregate of " + serialized.length + " bytes does not match its bins");
        }
        return aggregate;
    }

    private Store store(boolean positive) {
        Store store = new UnboundedSizeDenseStore();
        int at = offset(positive);
        int length = length(positive);
        for (int i = length - 1; i >= 0; i--) {
            int count = bin(positive, i);
            if (count > 0) {
                store.add(at + i, count);
            }
        }
        return store;
    }

    private int offset(boolean positive) {
        return bytes.getInt(positive ? POSITIVE : NEGATIVE);
    }

    private int length(boolean positive) {
        return bytes.getInt((positive ? POSITIVE : NEGATIVE) + 4);
    }

    private int binStart(boolean positive) {
        return BINS + (positive ? 0 : 4 * length(true));
    }

    private int bin(boolean positive, int i) {
        return bytes.getInt(binStart(positive) + 4 * i);
    }

    private static ByteBuffer le(byte[] array) {
        return ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
    }
}
