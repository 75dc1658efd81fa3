package dev.retinaface.cli.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {

    private static long[] ms(long... values) {
        long[] nanos = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            nanos[i] = values[i] * 1_000_000L;
        }
        return nanos;
    }

    @Test
    void percentilesInterpolateLinearlyLikeNumpy() {
        // numpy.percentile([1..10], [10, 50, 90]) = [1.9, 5.5, 9.1]
        Stats s = Stats.ofNanos(ms(7, 3, 10, 1, 5, 2, 9, 4, 8, 6));
        assertEquals(10, s.runs());
        assertEquals(5.5, s.median(), 1e-12);
        assertEquals(1.9, s.p10(), 1e-12);
        assertEquals(9.1, s.p90(), 1e-12);
        assertEquals(1.0, s.min(), 1e-12);

        Stats one = Stats.ofNanos(new long[] {2_500_000});
        assertEquals(2.5, one.median());
        assertEquals(2.5, one.p10());
        assertEquals(2.5, one.p90());
    }

    @Test
    void pairedRatioIsTheMedianOfPerRoundRatios() {
        // ratios 2, 0.5, 1.5 -> median 1.5; the ratio of medians would be 20/10 = 2
        assertEquals(1.5, Stats.pairedRatio(ms(20, 10, 30), ms(10, 20, 20)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.pairedRatio(ms(1, 2), ms(1)));
        assertThrows(IllegalArgumentException.class, () -> Stats.ofNanos(new long[0]));
    }
}
