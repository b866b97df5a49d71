package dev.threadline.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.simple.SimpleHttpParameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterErrorsTest {

    private static final String EXAMPLE = "2026-11-01T00:00:00Z";

    @Test
    void everyMistakeIsOneEntryOfOne400InTheOrderFound() {
        // Given a request with three bad parameters and a good one
        var given = new SimpleHttpParameters(Map.<CharSequence, List<String>>of("limit", List.of("1", "2"),
                "q", List.of("a\u0000b"), "tag", List.of("urgent")), ConversionService.SHARED);
        ParameterErrors errors = new ParameterErrors();

        // When they are read
        errors.single(given, "limit");
        String q = errors.text("q", errors.single(given, "q"), 1000);
        String tag = errors.text("tag", errors.single(given, "tag"), 256);
        errors.uuid("id", "not-a-uuid");
        InvalidRequestException rejected = catchThrowableOfType(InvalidRequestException.class, errors::check);

        // Then each bad one is an entry naming it, with its reason, and the good one is read
        assertThat(q).isNull();
        assertThat(tag).isEqualTo("urgent");
        assertThat(rejected.errors()).containsExactly(new Problem.FieldError("limit", "must be given at most once"),
                new Problem.FieldError("q", "must not contain control characters such as NUL"),
                new Problem.FieldError("id", "must be a UUID"));
    }

    @Test
    void nothingWrongIsNo400() {
        ParameterErrors errors = new ParameterErrors();

        assertThat(errors.text("participant", null, 256)).isNull();
        assertThat(errors.uuid("id", "0192F1E0-7C2B-7A4D-9E1F-2B3C4D5E6F70")).isNotNull();
        errors.check();
    }

    @Test
    void blankOrOverlongTextIsRejected() {
        for (String value : List.of("", " \t", "x".repeat(257))) {
            ParameterErrors errors = new ParameterErrors();

            assertThat(errors.text("userId", value, 256)).isNull();
            assertThat(catchThrowableOfType(InvalidRequestException.class, errors::check).errors()).as(value)
                    .containsExactly(new Problem.FieldError("userId", "must be 1 to 256 characters, not blank"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0192f1e0-7c2b-7a4d-9e1f-2b3c4d5e6f7", "0192f1e0-7c2b-7a4d-9e1f-2b3c4d5e6f70 ",
            "0192f1e07c2b7a4d9e1f2b3c4d5e6f70", "g192f1e0-7c2b-7a4d-9e1f-2b3c4d5e6f70", "{0192f1e0-7c2b-7a4d-9e1f-2b3c4d5e6f70}"})
    void onlyThe36CharacterFormIsAUuid(String value) {
        assertThat(ParameterErrors.isUuid(value)).isFalse();
        assertThat(ParameterErrors.isUuid(null)).isFalse();
        assertThat(ParameterErrors.isUuid("0192f1e0-7c2b-7a4d-9e1f-2b3c4d5e6f70")).isTrue();
    }

    @Test
    void instantsFrom1970ToTheLastNanosecondOf9999() {
        ParameterErrors errors = new ParameterErrors();
        Instant absent = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(errors.instant("to", null, absent, EXAMPLE)).isEqualTo(absent);
        assertThat(errors.instant("to", "1970-01-01T00:00:00Z", absent, EXAMPLE)).isEqualTo(Instant.EPOCH);
        assertThat(errors.instant("to", "9999-12-31T23:59:59.999999999Z", absent, EXAMPLE)).isEqualTo(ParameterErrors.LATEST);
        errors.check();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1969-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "2026-11-01", "yesterday"})
    void anInstantOutsideTheRangeIsNullAndRejectedWithTheServicesExample(String value) {
        ParameterErrors errors = new ParameterErrors();

        assertThat(errors.instant("from", value, Instant.EPOCH, EXAMPLE)).isNull();
        assertThat(catchThrowableOfType(InvalidRequestException.class, errors::check).errors())
                .containsExactly(new Problem.FieldError("from",
                        "must be an ISO-8601 instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, such as " + EXAMPLE));
    }
}
