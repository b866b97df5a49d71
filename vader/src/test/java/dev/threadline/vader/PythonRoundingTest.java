package dev.threadline.vader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PythonRounding} against values of Python's {@code round(x, digits)}. */
class PythonRoundingTest {

    @Test
    void givenBinaryValuesJustAboveOrBelowAHalf_whenRounding_thenTheExactBinaryValueDecides() {
        // 0.0005 is stored slightly above a half, 2.675 slightly below.
        assertThat(PythonRounding.round(0.0005, 3)).isEqualTo(0.001);
        assertThat(PythonRounding.round(0.0015, 3)).isEqualTo(0.002);
        assertThat(PythonRounding.round(2.675, 2)).isEqualTo(2.67);
    }

    @Test
    void givenExactTies_whenRounding_thenHalfGoesToEven() {
        assertThat(PythonRounding.round(0.125, 2)).isEqualTo(0.12);
        assertThat(PythonRounding.round(0.375, 2)).isEqualTo(0.38);
    }

    @Test
    void givenOrdinaryValues_whenRounding_thenTheNearestDecimalIsReturned() {
        assertThat(PythonRounding.round(1.0 / 3, 3)).isEqualTo(0.333);
        assertThat(PythonRounding.round(0.12345, 4)).isEqualTo(0.1235);
        assertThat(PythonRounding.round(-0.00004, 4)).isEqualTo(-0.0);
    }
}
