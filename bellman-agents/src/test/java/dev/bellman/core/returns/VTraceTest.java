package dev.bellman.core.returns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** V-trace targets and advantages against hand-computed segments and, on-policy, against n-step returns and GAE. */
class VTraceTest {
    private static final float TOL = 1e-5f;

    /**
     * Truncated importance weights, one copy, γ 0.9, λ 1, ρ̄ = c̄ = 1, ratios π/μ = (2, 0.5), so ρ = c = (1, 0.5);
     * rewards (1, 2), V = (0.5, 1.0), V(x_2) = 2:
     * <pre>
     *   s1: δ = 0.5 (2 + 0.9·2 − 1) = 1.4           v_1 = 1 + 1.4 = 2.4            A_1 = 0.5 (2 + 0.9·2 − 1) = 1.4
     *   s0: δ = 1 (1 + 0.9·1 − 0.5) = 1.4           v_0 = 0.5 + 1.4 + 0.9·1·(2.4 − 1) = 3.16
     *                                                A_0 = 1 (1 + 0.9·2.4 − 0.5) = 2.66
     * </pre>
     */
    @Test
    void truncatedImportanceWeights_matchHandComputation() {
        float[][] vs = new float[2][1], adv = new float[2][1];
        VTrace.compute(new float[][] {{(float) Math.log(2)}, {(float) Math.log(0.5)}}, new float[][] {{1}, {2}},
                new float[][] {{0.5f}, {1.0f}}, new float[] {2}, null, new boolean[2][1], new boolean[2][1],
                0.9f, 1f, 1f, 1f, vs, adv);
        assertArrayEquals(new float[] {3.16f, 2.4f}, new float[] {vs[0][0], vs[1][0]}, TOL);
        assertArrayEquals(new float[] {2.66f, 1.4f}, new float[] {adv[0][0], adv[1][0]}, TOL);
    }

    /**
     * Episode ends inside a segment, two copies, γ 0.5, λ 1.
     * <p>Copy 0 terminates at s = 1; ratios 1.5 with ρ̄ = 2, c̄ = 1 (ρ = 1.5, c = 1); rewards 1, V = (1, 2, 3),
     * V(x_3) = 4:
     * <pre>
     *   s2: δ = 1.5 (1 + 0.5·4 − 3) = 0             v_2 = 3                        A_2 = 0
     *   s1: terminated, δ = 1.5 (1 + 0 − 2) = −1.5  v_1 = 2 − 1.5 = 0.5 (no trace)  A_1 = −1.5
     *   s0: δ = 1.5 (1 + 0.5·2 − 1) = 1.5           v_0 = 1 + 1.5 + 0.5·1·(0.5 − 2) = 1.75
     *                                                A_0 = 1.5 (1 + 0.5·0.5 − 1) = 0.375
     * </pre>
     * Copy 1 is truncated at s = 0 (final observation worth 6) and goes on after the reset; ratios (0.5, 1, 1), so
     * ρ = c = 0.5 at s = 0; rewards 1, V = (2, 4, 4), V(x_3) = 8:
     * <pre>
     *   s2: δ = 1 + 0.5·8 − 4 = 1                    v_2 = 5                        A_2 = 1
     *   s1: δ = 1 + 0.5·4 − 4 = −1                   v_1 = 4 − 1 + 0.5·(5 − 4) = 3.5 A_1 = 1 + 0.5·5 − 4 = −0.5
     *   s0: truncated, V(x_1) = v_1 = 6:  δ = 0.5 (1 + 3 − 2) = 1   v_0 = 2 + 1 = 3  A_0 = 0.5 (1 + 3 − 2) = 1
     * </pre>
     */
    @Test
    void terminationAndTruncationInside_cutTheTrace() {
        float l15 = (float) Math.log(1.5), lHalf = (float) Math.log(0.5);
        float[][] logRhos = {{l15, lHalf}, {l15, 0}, {l15, 0}};
        float[][] rewards = {{1, 1}, {1, 1}, {1, 1}};
        float[][] values = {{1, 2}, {2, 4}, {3, 4}};
        boolean[][] terminated = {{false, false}, {true, false}, {false, false}};
        boolean[][] truncated = {{false, true}, {false, false}, {false, false}};
        float[][] finalValues = {{999, 6}, {999, 999}, {999, 999}};
        float[][] vs = new float[3][2], adv = new float[3][2];
        VTrace.compute(logRhos, rewards, values, new float[] {4, 8}, finalValues, terminated, truncated,
                0.5f, 1f, 2f, 1f, vs, adv);
        assertArrayEquals(new float[] {1.75f, 0.5f, 3f}, column(vs, 0), TOL);
        assertArrayEquals(new float[] {0.375f, -1.5f, 0f}, column(adv, 0), TOL);
        assertArrayEquals(new float[] {3f, 3.5f, 5f}, column(vs, 1), TOL);
        assertArrayEquals(new float[] {1f, -0.5f, 1f}, column(adv, 1), TOL);
    }

    /**
     * On-policy (log ratios 0, ρ̄ = c̄ = 1) the targets are GAE(λ)'s returns and, at λ = 1, the bootstrapped n-step
     * returns, on random segments with terminations and truncations inside.
     */
    @Test
    void onPolicy_equalsNStepReturnsAndGaeReturns() {
        Random rnd = new Random(7);
        int n = 9, envs = 4;
        float[][] rewards = new float[n][envs], values = new float[n][envs], finals = new float[n][envs];
        boolean[][] term = new boolean[n][envs], trunc = new boolean[n][envs];
        float[] last = new float[envs];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < envs; i++) {
                rewards[s][i] = (float) rnd.nextGaussian();
                values[s][i] = (float) rnd.nextGaussian();
                finals[s][i] = (float) rnd.nextGaussian();
                double u = rnd.nextDouble();
                term[s][i] = u < 0.15;
                trunc[s][i] = u >= 0.15 && u < 0.3;
            }
        }
        for (int i = 0; i < envs; i++) last[i] = (float) rnd.nextGaussian();
        float[][] zeros = new float[n][envs];
        boolean anyEnd = false;
        for (boolean[] row : term) for (boolean b : row) anyEnd |= b;
        assertTrue(anyEnd, "the random segment should contain a termination");

        float[][] vs = new float[n][envs], nStep = new float[n][envs];
        VTrace.compute(zeros, rewards, values, last, finals, term, trunc, 0.95f, 1f, 1f, 1f, vs, null);
        Returns.discountedSameStep(rewards, last, finals, term, trunc, 0.95f, nStep);
        for (int s = 0; s < n; s++) assertArrayEquals(nStep[s], vs[s], 1e-4f, "row " + s + " at lambda 1");

        float[][] adv = new float[n][envs], gaeReturns = new float[n][envs];
        VTrace.compute(zeros, rewards, values, last, finals, term, trunc, 0.95f, 0.8f, 1f, 1f, vs, null);
        Returns.gaeSameStep(rewards, values, last, finals, term, trunc, 0.95f, 0.8f, adv, gaeReturns);
        for (int s = 0; s < n; s++) assertArrayEquals(gaeReturns[s], vs[s], 1e-4f, "row " + s + " at lambda 0.8");
    }

    @Test
    void truncationWithoutFinalValues_isRefusedNamingTheStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VTrace.compute(
                new float[1][1], new float[1][1], new float[1][1], new float[1], null, new boolean[1][1],
                new boolean[][] {{true}}, 0.9f, 1f, 1f, 1f, new float[1][1], null));
        assertTrue(e.getMessage().contains("truncated at step 0"), e.getMessage());
    }

    private static float[] column(float[][] a, int i) {
        float[] out = new float[a.length];
        for (int s = 0; s < a.length; s++) out[s] = a[s][i];
        return out;
    }
}
