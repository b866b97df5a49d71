package dev.threadline.stats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem;
import dev.threadline.stats.config.WindowSpec;
import dev.threadline.stats.query.WindowedQuery;
import dev.threadline.stats.topology.DimensionValue;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.simple.SimpleHttpParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsParametersTest {

    private static final List<WindowSpec> WINDOWS = List.of(new WindowSpec(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofDays(30)));

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "yesterday"})
    void instantOutsideTheEpochToYear9999IsA400NamingIt(String from) {
        // When a windowed query names a from outside 1970..9999 (or no instant at all)
        InvalidRequestException rejected = catchThrowableOfType(InvalidRequestException.class,
                () -> query(from, "9999-12-31T00:00:00Z", "all", null));

        // Then it is rejected naming from, and only from
        assertThat(rejected.errors()).extracting(Problem.FieldError::field).containsExactly("from");
    }

    @Test
    void theWholeSaneRangeIsAValidQuery() {
        WindowedQuery query = query("1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "all", null);

        assertThat(query.from()).isEqualTo(Instant.EPOCH);
        assertThat(query.to()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void theLastSecondOf9999IsValidToItsLastNanosecond() {
        // Given the to StatsQueryFuzzIT found rejected: in the last second the API takes, but after its last millisecond
        // (the thread service took it; stats-streams answered 400)
        WindowedQuery query = query("2026-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "all", null);

        // Then it is a valid query up to that instant
        assertThat(query.to()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
    }

    @Test
    void defaultFromNeverFallsBeforeTheEpoch() {
        // Given a to an hour after the epoch, 24 windows of an hour would start before it
        WindowedQuery query = query(null, "1970-01-01T01:00:00Z", "all", null);

        // Then from stops at the epoch
        assertThat(query.from()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aParameterGivenTwiceIsA400NamingIt() {
        // Given value twice, which Micronaut would join as "a,b", and window once
        var given = new SimpleHttpParameters(Map.<CharSequence, List<String>>of("value", List.of("a", "b"), "window", List.of("1h")), ConversionService.SHARED);
        StatsParameters parameters = new StatsParameters();

        // When they are read
        String window = parameters.single(given, "window");
        parameters.single(given, "value");
        InvalidRequestException rejected = catchThrowableOfType(InvalidRequestException.class, parameters::check);

        // Then the repeated one is rejected by name and the other is read
        assertThat(window).isEqualTo("1h");
        assertThat(rejected.errors()).extracting(Problem.FieldError::field).containsExactly("value");
    }

    @Test
    void tenantWithANulIsA400NamingValue() {
        InvalidRequestException rejected = catchThrowableOfType(InvalidRequestException.class,
                () -> query(null, null, "tenant", "acme\u0000corp"));

        assertThat(rejected.errors()).extracting(Problem.FieldError::field).containsExactly("value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", " "})
    void conversationIdWithAControlCharacterOrBlankIsA400NamingId(String id) {
        InvalidRequestException rejected = catchThrowableOfType(InvalidRequestException.class,
                () -> new StatsParameters().conversationId(id));

        assertThat(rejected.errors()).extracting(Problem.FieldError::field).containsExactly("id");
    }

    @Test
    void dimensionAllTakesNoValueButItself() {
        // Given dimension all with another group's value, which would otherwise be ignored
        InvalidRequestException rejected = catchThrowableOfType(InvalidRequestException.class,
                () -> query(null, null, "all", "acme"));
        assertThat(rejected.errors()).extracting(Problem.FieldError::field).containsExactly("value");

        // Then all alone, or with value all, is the one group
        assertThat(query(null, null, "all", null).group()).isEqualTo(DimensionValue.ALL);
        assertThat(query(null, null, "all", "all").group()).isEqualTo(DimensionValue.ALL);
    }

    private static WindowedQuery query(String from, String to, String dimension, String value) {
        return new StatsParameters().windowedQuery("resolution-time", WINDOWS, null, from, to, dimension, value);
    }
}
