package dev.bellman.algorithms.es;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared maths of OpenAI-ES and ARS against hand-computed cases. */
class EsMathTest {

    @Test
    void centeredRanks_mapRanksToMinusHalfToHalf_tiesShareTheirMeanRank() {
        // sorted: 1 (index 1) rank 0, 2 and 2 (indices 2, 3) ranks 1 and 2 -> 1.5 each, 3 (index 0) rank 3; / 3 - 0.5
        assertArrayEquals(new double[]{0.5, -0.5, 0.0, 0.0}, EvolutionStrategies.centeredRanks(new double[]{3, 1, 2, 2}), 1e-12);
        assertArrayEquals(new double[]{-0.5, 0.5}, EvolutionStrategies.centeredRanks(new double[]{-7, 4}), 1e-12);
        assertArrayEquals(new double[]{0.0}, EvolutionStrategies.centeredRanks(new double[]{42}), 1e-12);
    }

    @Test
    void gradient_mirroredPairs_handComputed() {
        NoiseTable table = new NoiseTable(new float[]{1, 2, 3, 4, 5});
        // pair 0: eps = [1, 2] (offset 0); pair 1: eps = [3, 4] (offset 2); members (+0, -0, +1, -1) returned 10, 0, 5, 7
        double[] u = EvolutionStrategies.centeredRanks(new double[]{10, 0, 5, 7});
        assertArrayEquals(new double[]{0.5, -0.5, -1.0 / 6, 1.0 / 6}, u, 1e-12);
        // g = 1/(2 n sigma) [ (0.5 + 0.5) [1, 2] + (-1/6 - 1/6) [3, 4] ] = 1/2 [0, 2/3] with n = 2, sigma = 0.5
        double[] g = EvolutionStrategies.gradient(table, new int[]{0, 2}, u, 0.5, 2);
        assertArrayEquals(new double[]{0.0, 1.0 / 3}, g, 1e-7);
    }

    @Test
    void gradient_pairWithEqualFitness_contributesNothing() {
        NoiseTable table = new NoiseTable(new float[]{1, -2, 3});
        double[] g = EvolutionStrategies.gradient(table, new int[]{0, 1}, new double[]{0.25, 0.25, -0.5, 0.5}, 1.0, 2);
        // only pair 1 (eps = [-2, 3]) counts: 1/(2*2*1) * (-1) * [-2, 3]
        assertArrayEquals(new double[]{0.5, -0.75}, g, 1e-12);
    }

    @Test
    void ars_topDirections_rankByTheBetterOfEachPair() {
        double[] r = {1, 3, 10, 2, 0, 0};
        assertArrayEquals(new int[]{1, 0}, Ars.topDirections(r, 2));
        assertArrayEquals(new int[]{1, 0, 2}, Ars.topDirections(r, 3));
    }

    @Test
    void ars_step_handComputed() {
        NoiseTable table = new NoiseTable(new float[]{1, 2, 3, 4, 5, 6});
        double[] r = {1, 3, 10, 2, 0, 0};
        int[] top = Ars.topDirections(r, 2); // directions 1 and 0
        // kept returns 10, 2, 1, 3: mean 4, population variance (36 + 4 + 9 + 1) / 4 = 12.5
        assertEquals(Math.sqrt(12.5), Ars.keptStd(r, top), 1e-12);
        // 0.1 / (2 sqrt(12.5)) [ (10 - 2) [3, 4] + (1 - 3) [1, 2] ] = 0.1 / (2 sqrt(12.5)) [22, 28]
        double f = 0.1 / (2 * Math.sqrt(12.5));
        assertArrayEquals(new double[]{22 * f, 28 * f}, Ars.step(table, new int[]{0, 2, 4}, r, top, 0.1, 2), 1e-9);
    }

    @Test
    void memberMeans_averageEachMembersConsecutiveEpisodes() {
        double[] out = new double[3];
        EvolutionStrategies.memberMeans(new double[]{1, 3, -4, 0, 10, 20}, 2, out);
        assertArrayEquals(new double[]{2, -2, 15}, out, 1e-12);
    }

    @Test
    void annealedStepSizes_decayLinearlyToZeroOverTheBudget_constantOtherwise() {
        Ars.Config ars = new Ars.Config("Pendulum-v1", 1, 1000, null, 0.08, 0.03, 4, 2, "v2", 0, 1, true, 1000);
        assertEquals(0.08, Ars.stepSize(ars, 0), 1e-15);
        assertEquals(0.06, Ars.stepSize(ars, 250), 1e-15);
        assertEquals(0.0, Ars.stepSize(ars, 1200), 0.0);
        Ars.Config constant = new Ars.Config("Pendulum-v1", 1, 1000, null, 0.08, 0.03, 4, 2, "v2", 0, 1, false, 1000);
        assertEquals(0.08, Ars.stepSize(constant, 750), 0.0);
        EvolutionStrategies.Config es = new EvolutionStrategies.Config("Pendulum-v1", 1, 1000, null, 4, 0.01, 0.02, 0.0,
                8, true, 1, true, 1000, 0);
        assertEquals(0.0025, EvolutionStrategies.learningRate(es, 750), 1e-15);
        assertEquals(0.01, EvolutionStrategies.learningRate(new EvolutionStrategies.Config("Pendulum-v1", 1, 1000, null, 4,
                0.01, 0.02, 0.0, 8, true, 1, false, 1000, 0), 750), 0.0);
    }

    @Test
    void ars_step_allKeptReturnsEqual_isZero() {
        NoiseTable table = new NoiseTable(new float[]{1, 2, 3});
        assertArrayEquals(new double[]{0, 0}, Ars.step(table, new int[]{0, 1}, new double[]{5, 5, 5, 5}, new int[]{0, 1}, 0.1, 2));
    }

    @Test
    void noiseTable_sameSeedSameValues_standardNormalMoments_anyThreadCount() {
        int before = dev.bellman.tensor.kernels.Kernels.threads();
        try {
            dev.bellman.tensor.kernels.Kernels.setThreads(1);
            NoiseTable a = new NoiseTable(7, 200_001);
            dev.bellman.tensor.kernels.Kernels.setThreads(2);
            NoiseTable b = new NoiseTable(7, 200_001);
            double sum = 0, sq = 0;
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i));
                sum += a.get(i);
                sq += a.get(i) * a.get(i);
            }
            assertEquals(0, sum / a.size(), 0.01);
            assertEquals(1, sq / a.size(), 0.01);
            assertTrue(new NoiseTable(8, 10).get(0) != a.get(0));
        } finally {
            dev.bellman.tensor.kernels.Kernels.setThreads(before);
        }
    }

    @Test
    void config_rejectsAnOddPopulation_andTooManyTopDirections_namingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new EvolutionStrategies.Config("CartPole-v1", 1, 1000,
                null, 7, 0.01, 0.02, 0.0, 8, true, 1, false, 1000, 0));
        assertTrue(e.getMessage().contains("populationSize must be an even number of at least 2") && e.getMessage().contains("7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Ars.Config("CartPole-v1", 1, 1000, null, 0.02, 0.03, 4, 5, "v2", 0, 1, false, 1000));
        assertTrue(e.getMessage().contains("topDirections must be between 1 and numDirections (4) but was 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Ars.Config("CartPole-v1", 1, 1000, null, 0.02, 0.03, 4, 2, "v3", 0, 1, false, 1000));
        assertTrue(e.getMessage().contains("version must be v1 or v2 but was v3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Ars.Config("CartPole-v1", 1, 1000, null, 0.02, 0.03, 4, 2, "v2", 0, 0, false, 1000));
        assertTrue(e.getMessage().contains("episodesPerDirection must be positive but was 0"), e.getMessage());
    }
}
