package dev.bellman.algorithms.offpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.distributions.TanhGaussian;
import dev.bellman.env.Box;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The shared maths of DDPG, TD3 and SAC against hand-computed values. */
class OffPolicyMathTest {

    @Test
    void actionScaler_mapsCubeOntoBox_clipsOutside_andInvertsExactly() {
        ActionScaler s = ActionScaler.of(new Box(new float[]{-2f, 0f}, new float[]{2f, 10f}, 2));
        float[] out = new float[2];
        s.toEnv(new float[]{-1f, 1f}, 0, out);
        assertArrayEquals(new float[]{-2f, 10f}, out);
        s.toEnv(new float[]{0.5f, 0f}, 0, out);
        assertArrayEquals(new float[]{1f, 5f}, out, 1e-6f);
        s.toEnv(new float[]{7f, -3f}, 0, out); // outside [−1, 1]: clipped first, so the env never throws
        assertArrayEquals(new float[]{2f, 0f}, out);
        float[] back = new float[2];
        s.toPolicy(new float[]{1f, 5f}, back);
        assertArrayEquals(new float[]{0.5f, 0f}, back, 1e-6f);
    }

    @Test
    void actionScaler_rejectsUnboundedOrEmptyBoxes() {
        assertThrows(IllegalArgumentException.class,
                () -> new ActionScaler(new float[]{Float.NEGATIVE_INFINITY}, new float[]{1f}));
        assertThrows(IllegalArgumentException.class, () -> new ActionScaler(new float[]{1f}, new float[]{1f}));
    }

    @Test
    void polyakUpdate_matchesItsFormula() {
        Linear target = new Linear(3, 2, new Rng(1)), online = new Linear(3, 2, new Rng(2));
        float[] before = target.weight().toArray(), src = online.weight().toArray();
        float[] biasBefore = target.bias().toArray(), biasSrc = online.bias().toArray();
        float tau = 0.005f;
        target.polyakFrom(online, tau);
        float[] after = target.weight().toArray();
        for (int i = 0; i < after.length; i++) {
            assertEquals(tau * src[i] + (1 - tau) * before[i], after[i], 1e-7f, "θ̄ ← τθ + (1 − τ)θ̄ at weight " + i);
        }
        float[] biasAfter = target.bias().toArray();
        for (int i = 0; i < biasAfter.length; i++) {
            assertEquals(tau * biasSrc[i] + (1 - tau) * biasBefore[i], biasAfter[i], 1e-7f);
        }
        assertArrayEquals(src, online.weight().toArray(), "the source is not modified");
    }

    @Test
    void ddpgTarget_onAHandComputedBatch() {
        // y = r + γ (1 − d) Q̄(s', μ̄(s')), γ = 0.9
        float[] y = new float[3];
        Ddpg.tdTarget(new float[]{1f, -0.5f, 2f}, new float[]{0f, 1f, 0f}, new float[]{10f, 5f, -4f}, 0.9f, y);
        assertArrayEquals(new float[]{10f, -0.5f, -1.6f}, y, 1e-6f);
    }

    @Test
    void td3Target_takesTheMinimumOfTheTwins() {
        // min(q1, q2) = [2, 1, −2]; y = r + 0.99 (1 − d) min
        float[] y = new float[3];
        Td3.clippedDoubleQTarget(new float[]{0.5f, 1f, 0f}, new float[]{0f, 0f, 1f},
                new float[]{3f, 1f, -2f}, new float[]{2f, 4f, -1f}, 0.99f, y);
        assertArrayEquals(new float[]{2.48f, 1.99f, 0f}, y, 1e-6f);
    }

    @Test
    void td3Smoothing_clipsTheNoiseThenTheAction() {
        // σ̃ = 0.2, c = 0.5: noise = clip(0.2 ε, ±0.5) = [0.2, −0.5 (from −0.8), 0.1]; then clip(a + noise, ±1)
        float[] a = {0.9f, -0.2f, 0f};
        Td3.smoothTargetActions(a, new float[]{1f, -4f, 0.5f}, 0.2f, 0.5f);
        assertArrayEquals(new float[]{1f, -0.7f, 0.1f}, a, 1e-6f);
    }

    @Test
    void sacTarget_isMinOfTwinsMinusAlphaLogPi() {
        // v = min(q1, q2) − α log π = [2 − 0.2·(−1), 1 − 0.2·0.5] = [2.2, 0.9]; y = r + 0.9 (1 − d) v
        float[] y = new float[2];
        Sac.softTarget(new float[]{1f, 0f}, new float[]{0f, 1f}, new float[]{3f, 1f}, new float[]{2f, 4f},
                new float[]{-1f, 0.5f}, 0.2f, 0.9f, y);
        assertArrayEquals(new float[]{2.98f, 0f}, y, 1e-6f);
    }

    /**
     * The density of SAC's actor integrates to one over (−1, 1) and equals the change-of-variables formula
     * N(atanh a; μ, σ) / (1 − a²). The distribution itself is tested more widely in
     * {@code dev.bellman.distributions.TanhGaussianTest.density_integratesToOne_andMatchesChangeOfVariablesAtPoints};
     * this checks the actor's heads and log-σ squashing feed it correctly.
     */
    @Test
    void sacActorDensity_integratesToOne_andMatchesChangeOfVariables() {
        Sac.Actor actor = new Sac.Actor(3, 1, new int[]{16, 16}, new Rng(7));
        Tensor obs = Tensor.of(new float[]{0.3f, -0.8f, 1.2f}, 1, 3);
        TanhGaussian d = actor.dist(obs);
        float mu = d.mean().item(), logStd = d.logStd().item();
        assertTrue(logStd >= Sac.LOG_STD_MIN && logStd <= Sac.LOG_STD_MAX, "log σ squashed into [−5, 2]: " + logStd);
        int n = 100_000;
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            double a = -1 + (i + 0.5) * 2.0 / n;
            u[i] = (float) (0.5 * Math.log((1 + a) / (1 - a)));
        }
        TanhGaussian grid = new TanhGaussian(Tensor.full(mu, n, 1), Tensor.full(logStd, n, 1));
        float[] lp = grid.logProbPreTanh(Tensor.of(u, n, 1)).toArray();
        double integral = 0;
        for (int i = 0; i < n; i++) integral += Math.exp(lp[i]) * (2.0 / n);
        assertEquals(1.0, integral, 2e-3);
        double sigma = Math.exp(logStd);
        for (int i = 5_000; i < n; i += 10_000) {
            double a = Math.tanh(u[i]), z = (u[i] - mu) / sigma;
            double ref = -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - a * a);
            assertEquals(ref, lp[i], 1e-3 + 1e-5 * Math.abs(ref), "log π at a=" + a);
        }
    }

    /**
     * The actor step of TD3/DDPG: ∇_φ J for J(φ) = −mean Q_θ(s, μ_φ(s)) with the critic frozen equals the central
     * differences of J in every actor parameter (so it is ∇_a Q · ∇_φ μ and nothing else), and no critic weight
     * gradient is computed.
     */
    @Test
    void actorGradient_flowsThroughTheFrozenCritic_only_andMatchesFiniteDifferences() {
        Rng rng = new Rng(3);
        Td3.Actor actor = new Td3.Actor(3, 2, new int[]{8}, rng);
        Td3.QNetwork critic = new Td3.QNetwork(3, 2, new int[]{8}, rng);
        Tensor s = Tensor.of(new float[]{0.1f, 0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.9f, -0.1f, 0.7f}, 3, 3);
        critic.q(s, actor.forward(s), true).mean().neg().backward();
        for (Tensor p : critic.parameters()) assertNull(p.grad(), "no critic weight gradient in the actor step");
        float[] criticBefore = flat(critic.parameters());
        assertGradientMatchesFiniteDifferences(actor.parameters(), () -> critic.q(s, actor.forward(s), true).mean().neg());
        assertArrayEquals(criticBefore, flat(critic.parameters()), "the critic is not touched");
    }

    /**
     * SAC's actor loss J_π(φ) = mean(α log π(ã|s) − min_j Q_j(s, ã)), ã = tanh(μ + σ ε) with ε fixed: its autodiff
     * gradient equals central differences in every actor parameter (the reparameterisation, the tanh correction of
     * log π, the log-σ squashing and the min over the frozen twins all differentiated correctly).
     */
    @Test
    void sacActorGradient_matchesFiniteDifferences() {
        Rng rng = new Rng(5);
        Sac.Actor actor = new Sac.Actor(3, 2, new int[]{8}, rng);
        Sac.QNetwork qf1 = new Sac.QNetwork(3, 2, new int[]{8}, rng), qf2 = new Sac.QNetwork(3, 2, new int[]{8}, rng);
        Tensor s = Tensor.of(new float[]{0.1f, 0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.9f, -0.1f, 0.7f}, 3, 3);
        float alpha = 0.2f;
        java.util.function.Supplier<Tensor> loss = () -> {
            TanhGaussian.Sample pi = actor.rsample(s, new Rng(99)); // the same ε at every evaluation
            Tensor minQ = qf1.q(s, pi.action(), true).minimum(qf2.q(s, pi.action(), true));
            return pi.logProb().reshape(3, 1).mul(alpha).sub(minQ).mean();
        };
        loss.get().backward();
        for (Tensor p : qf1.parameters()) assertNull(p.grad(), "no critic weight gradient in the actor step");
        assertGradientMatchesFiniteDifferences(actor.parameters(), loss);
    }

    /** Central differences (h = 1e-3, in float32) of {@code loss} against the accumulated gradients of {@code params}. */
    private static void assertGradientMatchesFiniteDifferences(java.util.List<Tensor> params,
                                                               java.util.function.Supplier<Tensor> loss) {
        float h = 1e-3f;
        int checked = 0;
        for (Tensor p : params) {
            assertNotNull(p.grad(), "a gradient reaches every actor parameter");
            float[] d = p.data();
            for (int i = 0; i < p.size(); i++) {
                int k = p.offset() + i;
                float keep = d[k];
                double plus, minus;
                try (var g = Tensor.noGrad()) {
                    d[k] = keep + h;
                    plus = loss.get().item();
                    d[k] = keep - h;
                    minus = loss.get().item();
                } finally {
                    d[k] = keep;
                }
                double fd = (plus - minus) / (2 * h);
                assertEquals(fd, p.grad()[i], 2e-3 + 2e-2 * Math.abs(fd), "∂J/∂" + p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 20, "checked " + checked + " parameters");
    }

    private static float[] flat(java.util.List<Tensor> ps) {
        int n = 0;
        for (Tensor p : ps) n += p.size();
        float[] out = new float[n];
        int k = 0;
        for (Tensor p : ps) for (float v : p.toArray()) out[k++] = v;
        return out;
    }

    /** gSDE: the pre-tanh noise φ(s)·W with W ~ N(0, σ²) has the variance Σ_j φ_j² σ_j² the log-density assumes. */
    @Test
    void sacGsdeNoise_hasTheVarianceItsLogProbAssumes() {
        Sac.Actor actor = new Sac.Actor(2, 1, new int[]{8}, true, -1.0, new Rng(11));
        Tensor obs = Tensor.of(new float[]{0.4f, -0.3f}, 1, 2);
        TanhGaussian d = actor.dist(obs);
        double mean = d.mean().item(), var = Math.exp(2 * d.logStd().item());
        Rng rng = new Rng(12);
        int n = 40_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            TanhGaussian.Sample smp = actor.rsample(obs, rng);
            double u = smp.preTanh().item() - mean;
            sum += u;
            sumSq += u * u;
            if (i == 0) {
                assertEquals(d.logProbPreTanh(smp.preTanh()).item(), smp.logProb().item(), 1e-5, "log π of the draw");
            }
        }
        assertEquals(0.0, sum / n, 4 * Math.sqrt(var / n));
        assertEquals(var, sumSq / n, 0.03 * var);
    }
}
