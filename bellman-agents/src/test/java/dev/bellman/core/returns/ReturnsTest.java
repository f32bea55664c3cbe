package dev.bellman.core.returns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Returns and GAE against hand-computed rollouts (gamma 0.9, lambda 0.8, so gamma * lambda = 0.72) of three copies,
 * stored [numSteps = 5][numEnvs = 3]:
 * <ul>
 *   <li>copy 0: terminated at t = 1, truncated at t = 3 (final observation worth 10), goes on at the end (V = 7);</li>
 *   <li>copy 1: truncated on the last row (final observation worth 3; the next observation, a reset one, worth 100
 *       must be ignored);</li>
 *   <li>copy 2: terminated on the last row (next observation worth 50 must be ignored).</li>
 * </ul>
 */
class ReturnsTest {

    private static final float GAMMA = 0.9f;
    private static final float LAMBDA = 0.8f;
    private static final float TOL = 1e-5f;

    // columns: copy 0, copy 1, copy 2
    private static final float[][] REWARDS = {{1, 0, 1}, {2, 0, 1}, {3, 1, 1}, {4, 0, 1}, {5, 1, 1}};
    private static final float[][] VALUES = {{0.5f, 1, 0}, {1.0f, 1, 0}, {1.5f, 1, 0}, {2.0f, 1, 0}, {2.5f, 1, 0}};
    private static final boolean[][] TERMINATED = {
        {false, false, false}, {true, false, false}, {false, false, false}, {false, false, false}, {false, false, true}};
    private static final boolean[][] TRUNCATED = {
        {false, false, false}, {false, false, false}, {false, false, false}, {true, false, false}, {false, true, false}};
    // V(final observation), read only where truncated; 999 elsewhere must never be read
    private static final float[][] FINAL_VALUES = {
        {999, 999, 999}, {999, 999, 999}, {999, 999, 999}, {10, 999, 999}, {999, 3, 999}};
    private static final float[] LAST_VALUES = {7, 100, 50};

    // Hand computation, copy 0 (backwards):
    //   t4: delta = 5 + 0.9*7 - 2.5 = 8.8                         A = 8.8
    //   t3: truncated, delta = 4 + 0.9*10 - 2 = 11                 A = 11 (recursion stops)
    //   t2: delta = 3 + 0.9*2 - 1.5 = 3.3                          A = 3.3 + 0.72*11 = 11.22
    //   t1: terminated, delta = 2 - 1 = 1                          A = 1
    //   t0: delta = 1 + 0.9*1 - 0.5 = 1.4                          A = 1.4 + 0.72*1 = 2.12
    // copy 1: t4: 1 + 0.9*3 - 1 = 2.7; t3: -0.1 + 0.72*2.7 = 1.844; t2: 0.9 + 0.72*1.844 = 2.22768;
    //         t1: -0.1 + 0.72*2.22768 = 1.5039296; t0: -0.1 + 0.72*1.5039296 = 0.982829312
    // copy 2: every delta = 1; A4 = 1, A3 = 1.72, A2 = 2.2384, A1 = 2.611648, A0 = 2.88038656
    private static final float[][] EXPECTED_ADVANTAGES = {
        {2.12f, 0.982829312f, 2.88038656f},
        {1.0f, 1.5039296f, 2.611648f},
        {11.22f, 2.22768f, 2.2384f},
        {11.0f, 1.844f, 1.72f},
        {8.8f, 2.7f, 1.0f}};
    // G_t = r_t + 0.9 * G_{t+1}; copy 0: 11.3, 13 (truncated: 4 + 0.9*10), 14.7, 2 (terminated), 2.8
    // copy 1: 3.7 (1 + 0.9*3), 3.33, 3.997, 3.5973, 3.23757; copy 2: 1, 1.9, 2.71, 3.439, 4.0951
    private static final float[][] EXPECTED_DISCOUNTED = {
        {2.8f, 3.23757f, 4.0951f},
        {2.0f, 3.5973f, 3.439f},
        {14.7f, 3.997f, 2.71f},
        {13.0f, 3.33f, 1.9f},
        {11.3f, 3.7f, 1.0f}};

    @Test
    void gaeSameStep_matchesHandComputation_withTerminationAndTruncationInsideRollout() {
        float[][] adv = new float[5][3];
        float[][] ret = new float[5][3];
        Returns.gaeSameStep(REWARDS, VALUES, LAST_VALUES, FINAL_VALUES, TERMINATED, TRUNCATED, GAMMA, LAMBDA, adv, ret);
        assertRowsEqual(EXPECTED_ADVANTAGES, adv);
        for (int t = 0; t < 5; t++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(EXPECTED_ADVANTAGES[t][i] + VALUES[t][i], ret[t][i], TOL, "return t=" + t + " i=" + i);
            }
        }
    }

    @Test
    void gae_withExplicitNextValues_equalsSameStepLayout() {
        float[][] next = new float[5][3];
        for (int t = 0; t < 5; t++) {
            for (int i = 0; i < 3; i++) {
                next[t][i] = TRUNCATED[t][i] ? FINAL_VALUES[t][i] : (t == 4 ? LAST_VALUES[i] : VALUES[t + 1][i]);
            }
        }
        float[][] adv = new float[5][3];
        float[][] ret = new float[5][3];
        Returns.gae(REWARDS, VALUES, next, TERMINATED, TRUNCATED, GAMMA, LAMBDA, adv, ret);
        assertRowsEqual(EXPECTED_ADVANTAGES, adv);
    }

    @Test
    void discountedSameStep_bootstrapsTruncationOnly() {
        float[][] g = new float[5][3];
        Returns.discountedSameStep(REWARDS, LAST_VALUES, FINAL_VALUES, TERMINATED, TRUNCATED, GAMMA, g);
        assertRowsEqual(EXPECTED_DISCOUNTED, g);
    }

    @Test
    void discounted_withoutCritic_isMonteCarloReturnCutAtEveryEnd() {
        float[][] g = new float[5][3];
        Returns.discounted(REWARDS, null, TERMINATED, TRUNCATED, GAMMA, g);
        // copy 0: t4 = 5, t3 = 4 (truncated, nothing bootstrapped), t2 = 3 + 0.9*4 = 6.6, t1 = 2, t0 = 2.8
        // copy 1: t4 = 1, t3 = 0.9, t2 = 1.81, t1 = 1.629, t0 = 1.4661; copy 2 as with a critic (terminated)
        float[][] expected = {
            {2.8f, 1.4661f, 4.0951f}, {2f, 1.629f, 3.439f}, {6.6f, 1.81f, 2.71f}, {4f, 0.9f, 1.9f}, {5f, 1f, 1f}};
        assertRowsEqual(expected, g);
    }

    @Test
    void gaeSameStep_lambdaOne_returnsEqualDiscountedReturns_lambdaZero_advantagesEqualTdErrors() {
        float[][] adv = new float[5][3];
        float[][] ret = new float[5][3];
        Returns.gaeSameStep(REWARDS, VALUES, LAST_VALUES, FINAL_VALUES, TERMINATED, TRUNCATED, GAMMA, 1f, adv, ret);
        assertRowsEqual(EXPECTED_DISCOUNTED, ret);

        Returns.gaeSameStep(REWARDS, VALUES, LAST_VALUES, FINAL_VALUES, TERMINATED, TRUNCATED, GAMMA, 0f, adv, null);
        // the one-step TD errors of the hand computation
        assertEquals(1.4f, adv[0][0], TOL);
        assertEquals(1.0f, adv[1][0], TOL);
        assertEquals(3.3f, adv[2][0], TOL);
        assertEquals(11.0f, adv[3][0], TOL);
        assertEquals(8.8f, adv[4][0], TOL);
        assertEquals(2.7f, adv[4][1], TOL);
        assertEquals(-0.1f, adv[3][1], TOL);
    }

    /**
     * The same episodes of copy 0 recorded under NEXT_STEP: the row after the termination is the reset step
     * (observation = the final observation, reward 0, action ignored), and the truncated episode's final observation
     * is the one the rollout ends on. A second copy truncates mid-rollout so the next row holds its final observation.
     */
    @Test
    void gaeNextStep_bootstrapsFinalObservationRow_andMasksResetSteps() {
        float[][] rewards = {{1, 1}, {2, 1}, {0, 1}, {3, 0}, {4, 2}};
        // copy 0 row 2 is the reset step after the termination (its value 42 must not be read);
        // copy 1 row 3 holds the final observation of the episode truncated at t = 2 (worth 10)
        float[][] values = {{0.5f, 0}, {1.0f, 0}, {42f, 0}, {1.5f, 10}, {2.0f, 1}};
        boolean[][] terminated = {{false, false}, {true, false}, {false, false}, {false, false}, {false, false}};
        boolean[][] truncated = {{false, false}, {false, false}, {false, true}, {false, false}, {true, false}};
        float[] last = {10, 5};
        float[][] adv = new float[5][2];
        float[][] ret = new float[5][2];
        boolean[][] valid = new boolean[5][2];
        Returns.gaeNextStep(rewards, values, last, terminated, truncated, new boolean[2], GAMMA, LAMBDA, adv, ret, valid);
        // copy 0: t4 truncated: 4 + 0.9*10 - 2 = 11; t3: 3 + 0.9*2 - 1.5 + 0.72*11 = 11.22; t2 reset: 0;
        //         t1 terminated: 1; t0: 1.4 + 0.72 = 2.12 (as under SAME_STEP)
        // copy 1: t4: 2 + 0.9*5 - 1 = 5.5; t3 reset: 0; t2 truncated: 1 + 0.9*10 - 0 = 10; t1: 1 + 7.2 = 8.2;
        //         t0: 1 + 0.72*8.2 = 6.904
        float[][] expected = {{2.12f, 6.904f}, {1f, 8.2f}, {0f, 10f}, {11.22f, 0f}, {11f, 5.5f}};
        assertRowsEqual(expected, adv);
        boolean[][] expectedValid = {{true, true}, {true, true}, {false, true}, {true, false}, {true, true}};
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(expectedValid[t], valid[t], "valid row " + t);
            for (int i = 0; i < 2; i++) {
                float want = valid[t][i] ? expected[t][i] + values[t][i] : 0f;
                assertEquals(want, ret[t][i], TOL, "return t=" + t + " i=" + i);
            }
        }
    }

    @Test
    void gaeNextStep_episodeEndedOnPreviousRolloutsLastStep_masksRowZero() {
        float[][] rewards = {{0}, {1}};
        float[][] values = {{5}, {0}};
        boolean[][] none = {{false}, {false}};
        float[][] adv = new float[2][1];
        boolean[][] valid = new boolean[2][1];
        Returns.gaeNextStep(rewards, values, new float[] {2}, none, none, new boolean[] {true}, GAMMA, LAMBDA,
                adv, null, valid);
        assertEquals(false, valid[0][0]);
        assertEquals(0f, adv[0][0]);
        assertEquals(1 + 0.9f * 2, adv[1][0], TOL);
    }

    /** Against the forward definition A_t = sum_k (gamma lambda)^k delta_{t+k} up to the episode end, in double. */
    @Test
    void gaeSameStep_randomRollouts_matchForwardSumDefinition() {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int numSteps = 1 + random.nextInt(20);
            int numEnvs = 1 + random.nextInt(5);
            float gamma = random.nextFloat();
            float lambda = random.nextFloat();
            float[][] r = new float[numSteps][numEnvs];
            float[][] v = new float[numSteps][numEnvs];
            float[][] fin = new float[numSteps][numEnvs];
            boolean[][] term = new boolean[numSteps][numEnvs];
            boolean[][] trunc = new boolean[numSteps][numEnvs];
            float[] last = new float[numEnvs];
            for (int t = 0; t < numSteps; t++) {
                for (int i = 0; i < numEnvs; i++) {
                    r[t][i] = (float) random.nextGaussian();
                    v[t][i] = (float) random.nextGaussian();
                    fin[t][i] = (float) random.nextGaussian();
                    double u = random.nextDouble();
                    term[t][i] = u < 0.15;
                    trunc[t][i] = u >= 0.15 && u < 0.3;
                }
            }
            for (int i = 0; i < numEnvs; i++) {
                last[i] = (float) random.nextGaussian();
            }
            float[][] adv = new float[numSteps][numEnvs];
            Returns.gaeSameStep(r, v, last, fin, term, trunc, gamma, lambda, adv, null);
            for (int i = 0; i < numEnvs; i++) {
                for (int t = 0; t < numSteps; t++) {
                    double sum = 0;
                    double weight = 1;
                    for (int k = t; k < numSteps; k++) {
                        double next = term[k][i] ? 0 : trunc[k][i] ? fin[k][i] : k == numSteps - 1 ? last[i] : v[k + 1][i];
                        double delta = r[k][i] + (double) gamma * next - v[k][i];
                        sum += weight * delta;
                        if (term[k][i] || trunc[k][i]) {
                            break;
                        }
                        weight *= (double) gamma * lambda;
                    }
                    assertEquals(sum, adv[t][i], 1e-4 * (1 + Math.abs(sum)), "trial " + trial + " t=" + t + " i=" + i);
                }
            }
        }
    }

    @Test
    void gaeSameStep_truncationWithoutFinalValues_throwsNamingStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Returns.gaeSameStep(
                REWARDS, VALUES, LAST_VALUES, null, TERMINATED, TRUNCATED, GAMMA, LAMBDA, new float[5][3], null));
        assertTrue(e.getMessage().contains("truncated at step 3"), e.getMessage());
    }

    @Test
    void gae_badShapesAndCoefficients_throwNamingValue() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> Returns.gaeSameStep(
                REWARDS, VALUES, new float[2], FINAL_VALUES, TERMINATED, TRUNCATED, GAMMA, LAMBDA, new float[5][3],
                null));
        assertTrue(shape.getMessage().contains("lastValues") && shape.getMessage().contains("2"), shape.getMessage());
        IllegalArgumentException gamma = assertThrows(IllegalArgumentException.class, () -> Returns.gaeSameStep(
                REWARDS, VALUES, LAST_VALUES, FINAL_VALUES, TERMINATED, TRUNCATED, 1.5f, LAMBDA, new float[5][3], null));
        assertTrue(gamma.getMessage().contains("gamma") && gamma.getMessage().contains("1.5"), gamma.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> Returns.gaeSameStep(
                REWARDS, VALUES, LAST_VALUES, FINAL_VALUES, TERMINATED, TRUNCATED, GAMMA, LAMBDA, new float[4][3], null));
        assertTrue(rows.getMessage().contains("advantages"), rows.getMessage());
    }

    private static void assertRowsEqual(float[][] expected, float[][] actual) {
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], actual[t], TOL, "row t=" + t);
        }
    }
}
