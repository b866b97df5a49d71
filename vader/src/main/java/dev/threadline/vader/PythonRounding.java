package dev.threadline.vader;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's {@code round(x, digits)} for doubles, which the reference applies to every score.
 *
 * <p>Python rounds the exact binary value of {@code x} half-to-even at the given decimal place and returns the
 * double nearest to that decimal. That differs from {@code Math.round(x * 10^d) / 10^d} whenever {@code x * 10^d}
 * lands near a half, so values near a half are rounded exactly through {@link BigDecimal}; all others take a
 * fast path that gives the same double without allocating.
 */
final class PythonRounding {

    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    /** Far above the rounding error of {@code x * 10^d} for |x| ≤ 1e6, far below any real distance from a half. */
    private static final double NEAR_HALF = 1e-7;

    private PythonRounding() {
    }

    static double round(double x, int digits) {
        if (!Double.isFinite(x)) {
            return x;
        }
        double scale = POWERS_OF_TEN[digits];
        double scaled = x * scale;
        double floor = Math.floor(scaled);
        double fraction = scaled - floor;
        if (Math.abs(scaled) > 1e12 || Math.abs(fraction - 0.5) < NEAR_HALF) {
            return Math.copySign(new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue(), x);
        }
        double rounded = fraction < 0.5 ? floor : floor + 1;
        // k / 10^d is the double nearest to the decimal k·10^-d, which is what Python returns; keep the sign of -0.0.
        return Math.copySign(rounded / scale, x);
    }
}
