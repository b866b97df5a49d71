package dev.threadline.stats.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MetricAggregateTest {

    private static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private final MetricAggregateSerde serde = new MetricAggregateSerde();

    @Test
    void serdeRoundTripKeepsCountSumMinMaxAndPercentiles() {
        // Given an aggregate of response times
        MetricAggregate aggregate = of(new Random(7).doubles(1_000, 100, 3_600_000).toArray());

        // When it goes through its serde
        MetricAggregate copy = serde.deserialize("changelog", serde.serialize("changelog", aggregate));

        // Then nothing is lost
        assertThat(copy.count()).isEqualTo(aggregate.count());
        assertThat(copy.sum()).isEqualTo(aggregate.sum());
        assertThat(copy.min()).isEqualTo(aggregate.min());
        assertThat(copy.max()).isEqualTo(aggregate.max());
        for (double q : QUANTILES) {
            assertThat(copy.quantile(q)).isEqualTo(aggregate.quantile(q));
        }
    }

    @Test
    void emptyAggregateRoundTrips() {
        MetricAggregate copy = serde.deserialize("changelog", serde.serialize("changelog", new MetricAggregate()));

        assertThat(copy.count()).isZero();
        assertThat(copy.mean()).isNaN();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void percentilesAreWithinOnePercentOfTheExactOnes(long seed) {
        // Given a long-tailed sample of response times (log-normal around a minute)
        Random random = new Random(seed);
        double[] sample = new double[20_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = Math.exp(11 + 1.5 * random.nextGaussian());
        }

        // When it is aggregated in two halves that are merged, as windows of two partitions would be
        MetricAggregate first = of(java.util.stream.IntStream.range(0, sample.length).filter(i -> i % 2 == 0).mapToDouble(i -> sample[i]).toArray());
        MetricAggregate second = of(java.util.stream.IntStream.range(0, sample.length).filter(i -> i % 2 == 1).mapToDouble(i -> sample[i]).toArray());
        MetricAggregate merged = first.merge(serde.deserialize("t", serde.serialize("t", second)));

        // Then each percentile is within 1 % of the exact one, and count, sum, min and max are exact
        assertPercentilesWithinAccuracy(merged, sample);
        assertThat(merged.count()).isEqualTo(sample.length);
        assertThat(merged.sum()).isCloseTo(Arrays.stream(sample).sum(), org.assertj.core.api.Assertions.withinPercentage(1e-9));
        assertThat(merged.min()).isEqualTo(Arrays.stream(sample).min().orElseThrow());
        assertThat(merged.max()).isEqualTo(Arrays.stream(sample).max().orElseThrow());
    }

    @Test
    void sentimentScoresOnBothSidesOfZeroAreWithinOnePercent() {
        // Given compound scores in -1…1, rounded to four decimals as VADER reports them, some exactly zero
        Random random = new Random(11);
        double[] sample = new double[5_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = i % 10 == 0 ? 0.0 : Math.round(Math.tanh(random.nextGaussian()) * 10_000) / 10_000.0;
        }
        MetricAggregate aggregate = of(sample);

        assertPercentilesWithinAccuracy(aggregate, sample);
    }

    @Test
    void aggregateIsTheDDSketchOfItsObservations() {
        // Given the same observations in a sketches-java DDSketch and in an aggregate
        double[] sample = new Random(5).doubles(2_000, -50, 5_000).toArray();
        var sketch = com.datadoghq.sketch.ddsketch.DDSketches.logarithmicUnboundedDense(MetricAggregate.RELATIVE_ACCURACY);
        Arrays.stream(sample).forEach(sketch::accept);

        // Then the aggregate's sketch holds the same bins and answers the same quantiles
        MetricAggregate aggregate = of(sample);
        for (double q : new double[] {0.01, 0.25, 0.5, 0.75, 0.9, 0.99}) {
            assertThat(aggregate.toSketch().getValueAtQuantile(q)).isEqualTo(sketch.getValueAtQuantile(q));
        }
        assertThat(aggregate.toSketch().getCount()).isEqualTo(sketch.getCount());
    }

    @Test
    void aggregateHoldsTheExactStatisticsAndTheSketchBinsOfItsObservations() {
        // Given observations on both sides of zero, some zero, over a wide range
        Random random = new Random(3);
        double[] sample = new double[500];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = i % 7 == 0 ? 0.0 : (random.nextBoolean() ? 1 : -1) * Math.exp(8 * random.nextDouble());
        }

        // When they are aggregated
        MetricAggregate aggregate = of(sample);

        // Then count, sum and extremes are exact, and the bins are those of a sketches-java DDSketch
        assertThat(aggregate.count()).isEqualTo(sample.length);
        double sum = 0;
        for (double value : sample) {
            sum += value; // in order, as the aggregate adds them (DoubleStream.sum compensates, and may differ)
        }
        assertThat(aggregate.sum()).isEqualTo(sum);
        assertThat(aggregate.min()).isEqualTo(Arrays.stream(sample).min().orElseThrow());
        assertThat(aggregate.max()).isEqualTo(Arrays.stream(sample).max().orElseThrow());
        var sketch = com.datadoghq.sketch.ddsketch.DDSketches.logarithmicUnboundedDense(MetricAggregate.RELATIVE_ACCURACY);
        Arrays.stream(sample).forEach(sketch::accept);
        assertSameBins(aggregate.toSketch(), sketch);
        assertThat(MetricAggregate.of(sample, 0).count()).isZero();
    }

    @Test
    void mergingBucketsEqualsAggregatingEveryObservation() {
        // Given observations split into buckets of different sizes and ranges, one of them empty
        Random random = new Random(9);
        double[] sample = random.doubles(1_000, -2, 3_600_000).toArray();
        MetricAggregate merged = new MetricAggregate();
        int from = 0;
        for (int size : new int[] {1, 0, 17, 300, 2, 680}) {
            double[] bucket = Arrays.copyOfRange(sample, from, from + size);
            merged = merged.merge(serde.deserialize("t", serde.serialize("t", MetricAggregate.of(bucket, bucket.length))));
            from += size;
        }

        // Then the merge holds what aggregating every observation holds
        assertSameObservations(merged, of(sample));
    }

    private static void assertSameObservations(MetricAggregate actual, MetricAggregate expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.sum()).isCloseTo(expected.sum(), org.assertj.core.api.Assertions.withinPercentage(1e-9));
        assertThat(actual.min()).isEqualTo(expected.min());
        assertThat(actual.max()).isEqualTo(expected.max());
        assertSameBins(actual.toSketch(), expected.toSketch());
    }

    private static void assertSameBins(com.datadoghq.sketch.ddsketch.DDSketch sketch, com.datadoghq.sketch.ddsketch.DDSketch expectedSketch) {
        assertThat(sketch.getCount()).isEqualTo(expectedSketch.getCount());
        for (boolean positive : new boolean[] {true, false}) {
            var bins = new java.util.TreeMap<Integer, Double>();
            var expectedBins = new java.util.TreeMap<Integer, Double>();
            (positive ? sketch.getPositiveValueStore() : sketch.getNegativeValueStore()).forEach(bins::put);
            (positive ? expectedSketch.getPositiveValueStore() : expectedSketch.getNegativeValueStore()).forEach(expectedBins::put);
            assertThat(bins).isEqualTo(expectedBins);
        }
    }

    private static MetricAggregate of(double... values) {
        return MetricAggregate.of(values, values.length);
    }

    /** DDSketch's guarantee: the value at quantile q is within α of the sample's element of rank ⌊q·(n−1)⌋. */
    private static void assertPercentilesWithinAccuracy(MetricAggregate aggregate, double[] sample) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        for (double q : QUANTILES) {
            double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
            double tolerance = Math.abs(exact) * MetricAggregate.RELATIVE_ACCURACY + 1e-12;
            assertThat(aggregate.quantile(q)).as("p%s", q * 100).isBetween(exact - tolerance, exact + tolerance);
        }
    }
}
