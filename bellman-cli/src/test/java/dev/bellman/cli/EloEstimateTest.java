package dev.bellman.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The arena's Elo difference and 95% interval on hand-computed matches. */
class EloEstimateTest {
    @Test
    void sixWinsTwoDrawsTwoLosses_matchesTheHandComputation() {
        // p = (6 + 1) / 10 = 0.7; per-game variance (6*0.3^2 + 2*0.2^2 + 2*0.7^2) / 10 = 0.16; se = sqrt(0.016) = 0.12649
        // elo(0.7) = 400 log10(7/3) = 147.19; p +- 1.96 se = [0.45208, 0.94792] -> [-33.40, +504.03]
        EloEstimate e = EloEstimate.of(6, 2, 2);
        assertEquals(0.7, e.score(), 1e-12);
        assertEquals(0.126491, e.scoreStdErr(), 1e-6);
        assertEquals(147.19, e.elo(), 0.01);
        assertEquals(-33.40, e.low(), 0.01);
        assertEquals(504.03, e.high(), 0.01);
    }

    @Test
    void anEvenMatch_isZeroWithASymmetricInterval() {
        // p = 0.5, every game deviates by 0.5: se = 0.5 / sqrt(20) = 0.111803; 0.5 + 1.96 se = 0.719131 -> 400 log10(0.719131 / 0.280869) = 163.32
        EloEstimate e = EloEstimate.of(10, 0, 10);
        assertEquals(0, e.elo(), 1e-9);
        assertEquals(163.32, e.high(), 0.01);
        assertEquals(-e.high(), e.low(), 1e-9);
    }

    @Test
    void allWins_isUnboundedAbove() {
        EloEstimate e = EloEstimate.of(5, 0, 0);
        assertEquals(Double.POSITIVE_INFINITY, e.elo());
        assertEquals(Double.POSITIVE_INFINITY, e.low()); // no spread: the interval says nothing finite
        EloEstimate d = EloEstimate.of(0, 3, 0);
        assertEquals(0, d.elo(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> EloEstimate.of(0, 0, 0));
    }
}
