package dev.bellman.algorithms.offpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SAC's twin critics run as two tasks ({@link TwinCritics}) against the single-tape form they replace, bit for bit,
 * at 1 and 2 threads, at SAC's default sizes (batch 256, 256-256 critics, whose products are split over threads
 * outside a task and must run inline inside one).
 */
class TwinCriticsTest {
    private static final int B = 256, OBS = 3, ACT = 1;
    private static final int[] HIDDEN = {256, 256};

    private static Tensor random(Rng rng, int rows, int cols, float scale) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = scale * (float) rng.nextGaussian();
        return Tensor.of(v, rows, cols);
    }

    private static Sac.QNetwork critic(long seed) {
        return new Sac.QNetwork(OBS, ACT, HIDDEN, new Rng(seed));
    }

    private static List<float[]> grads(Sac.QNetwork q) {
        List<float[]> g = new ArrayList<>();
        for (Tensor p : q.parameters()) g.add(p.grad().clone());
        return g;
    }

    private static void assertSameBits(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), what + ", parameter " + i);
    }

    @Test
    void lossBackward_equalsTheJointTape_bitForBit_atOneAndTwoThreads() {
        Rng rng = new Rng(7);
        Tensor s = random(rng, B, OBS, 1f), a = random(rng, B, ACT, 0.5f), y = random(rng, B, 1, 3f);

        // the form TwinCritics replaces: one tape, ½ (mse(Q1, y) + mse(Q2, y)), one backward
        Sac.QNetwork r1 = critic(1), r2 = critic(2);
        Tensor q1 = r1.q(s, a, false), q2 = r2.q(s, a, false);
        Tensor loss = Losses.mse(q1, y).add(Losses.mse(q2, y)).mul(0.5f);
        loss.backward();
        List<float[]> g1 = grads(r1), g2 = grads(r2);
        assertFalse(Arrays.equals(g1.get(0), g2.get(0)), "the two critics differ, so a swapped critic shows");

        int before = Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                Parallel.setThreads(threads);
                Sac.QNetwork c1 = critic(1), c2 = critic(2);
                TwinCritics.Losses2 out = TwinCritics.lossBackward(c1, c2, s, a, y);
                String at = threads + " thread(s)";
                assertEquals(Float.floatToIntBits(loss.item()), Float.floatToIntBits(out.qfLoss().item()), "loss at " + at);
                assertArrayEquals(q1.toArray(), out.q1().toArray(), "Q1 at " + at);
                assertArrayEquals(q2.toArray(), out.q2().toArray(), "Q2 at " + at);
                assertSameBits(g1, grads(c1), "critic 1 gradient at " + at);
                assertSameBits(g2, grads(c2), "critic 2 gradient at " + at);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void targetValues_equalEachTargetCriticsForward_atOneAndTwoThreads() {
        Rng rng = new Rng(8);
        Tensor s = random(rng, B, OBS, 1f), a = random(rng, B, ACT, 0.5f);
        Sac.QNetwork t1 = critic(3), t2 = critic(4);
        float[] e1, e2;
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            e1 = t1.q(s, a, false).toArray();
            e2 = t2.q(s, a, false).toArray();
        }
        int before = Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                Parallel.setThreads(threads);
                float[] q1 = new float[B], q2 = new float[B];
                TwinCritics.targetValues(t1, t2, s, a, q1, q2);
                assertArrayEquals(e1, q1, "Q̄1 at " + threads + " thread(s)");
                assertArrayEquals(e2, q2, "Q̄2 at " + threads + " thread(s)");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void frozenValues_giveTheActionTheJointTapesGradient_andTheCriticsNone_atOneAndTwoThreads() {
        Rng rng = new Rng(9);
        Tensor s = random(rng, B, OBS, 1f);
        float[] act = random(rng, B, ACT, 0.5f).toArray();
        Sac.QNetwork c1 = critic(5), c2 = critic(6);
        // as SAC's actor loss: −mean(min(Q1(s, ã), Q2(s, ã))) through frozen critics, ã a leaf here
        Tensor ref = Tensor.parameter(act.clone(), B, ACT);
        c1.q(s, ref, true).minimum(c2.q(s, ref, true)).mean().neg().backward();
        int before = Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                Parallel.setThreads(threads);
                Tensor leaf = Tensor.parameter(act.clone(), B, ACT);
                Tensor[] q = TwinCritics.frozenValues(c1, c2, s, leaf);
                q[0].minimum(q[1]).mean().neg().backward();
                assertArrayEquals(ref.grad(), leaf.grad(), "dJ/dã at " + threads + " thread(s)");
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (Tensor p : c1.parameters()) assertEquals(null, p.grad(), "no gradient reaches a frozen critic");
        for (Tensor p : c2.parameters()) assertEquals(null, p.grad(), "no gradient reaches a frozen critic");
    }

    /**
     * SAC's actor loss with the two critics' backward as two tasks ({@link TwinCritics#frozenValuesTwoTaskBackward}):
     * ã = tanh(u) of a leaf u and J = mean(α log(1 − ã² + ε) − min(Q1(s, ã), Q2(s, ã))), so that ã also gets a
     * gradient from a path besides the critics' (as from SAC's log π): u's gradient is the joint tape's bit for bit
     * at 1 and 2 threads, and no gradient reaches the frozen critics.
     */
    @Test
    void twoTaskBackward_givesTheJointTapesGradient_besideALogPiPath_atOneAndTwoThreads() {
        Rng rng = new Rng(10);
        Tensor s = random(rng, B, OBS, 1f);
        float[] u0 = random(rng, B, ACT, 1f).toArray();
        Sac.QNetwork c1 = critic(7), c2 = critic(8);
        float[] expected = actorLossGradient(c1, c2, s, u0, false);
        int before = Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                Parallel.setThreads(threads);
                assertArrayEquals(expected, actorLossGradient(c1, c2, s, u0, true), "dJ/du at " + threads + " thread(s)");
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (Tensor p : c1.parameters()) assertEquals(null, p.grad(), "no gradient reaches a frozen critic");
        for (Tensor p : c2.parameters()) assertEquals(null, p.grad(), "no gradient reaches a frozen critic");
    }

    private static float[] actorLossGradient(Sac.QNetwork c1, Sac.QNetwork c2, Tensor s, float[] u0, boolean twoTasks) {
        Tensor u = Tensor.parameter(u0.clone(), B, ACT);
        Tensor act = u.tanh();
        Tensor logPi = act.square().neg().add(1.000001f).log();
        Tensor[] q = twoTasks ? TwinCritics.frozenValuesTwoTaskBackward(c1, c2, s, act)
                : new Tensor[]{c1.q(s, act, true), c2.q(s, act, true)};
        logPi.mul(0.2f).sub(q[0].minimum(q[1])).mean().backward();
        return u.grad().clone();
    }
}
