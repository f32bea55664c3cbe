package dev.bellman.algorithms.pg;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The KL that {@link Trpo}'s line search measures at a candidate, against the closed form of the KL between diagonal
 * Gaussians: a step that moves only the state-independent log-std by δ leaves every mean in place, so per row
 * KL(N(μ, σ²) ‖ N(μ, σ²e^{2δ})) = Σ_d [δ + e^{−2δ}/2 − 1/2], whatever the observation.
 */
class TrpoTrustRegionTest {
    static final int OBS = 3, DIMS = 2, BATCH = 5;
    static final double DELTA = 0.5;
    static final double CLOSED_FORM = DIMS * (DELTA + 0.5 * Math.exp(-2 * DELTA) - 0.5); // ≈ 0.368 for δ = 0.5, D = 2

    /** A Gaussian actor, a batch, π_old as Trpo takes it, and the line search's candidate evaluation. */
    private static final class Setup {
        final PolicyNet actor = new PolicyNet(OBS, false, DIMS, new int[]{8}, false, -0.2f, new Rng(7));
        final List<Tensor> params = actor.parameters();
        final float[] thetaOld = Params.flatten(params);
        final Trpo.Candidate candidate;

        Setup() {
            Rng rng = new Rng(8);
            float[] x = new float[BATCH * OBS];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
            Tensor obs = Tensor.of(x, BATCH, OBS);
            float[] actions = new float[BATCH * DIMS];
            for (int i = 0; i < actions.length; i++) actions[i] = (float) rng.nextGaussian();
            PolicyNet.Pi old = Trpo.oldPolicy(actor, obs);
            Tensor oldLogProb;
            try (var g = Tensor.noGrad()) {
                oldLogProb = old.logProb(actions);
            }
            candidate = Trpo.candidate(actor, params, obs, actions, oldLogProb, Tensor.ones(BATCH), old);
        }

        /** The direction that moves every log-std entry by δ and nothing else. */
        float[] logStdStep() {
            float[] dir = new float[thetaOld.length];
            int k = 0;
            for (Map.Entry<String, Tensor> e : actor.namedParameters().entrySet()) {
                if (e.getKey().equals("log_std")) for (int d = 0; d < DIMS; d++) dir[k + d] = (float) DELTA;
                k += e.getValue().size();
            }
            return dir;
        }
    }

    @Test
    void lineSearchKl_logStdOnlyStep_matchesClosedForm() {
        Setup s = new Setup();
        float[] dir = s.logStdStep(), theta = s.thetaOld.clone();
        for (int i = 0; i < theta.length; i++) theta[i] += dir[i];
        double[] surKl = s.candidate.evaluate(theta);
        assertEquals(CLOSED_FORM, surKl[1], 1e-5, "mean KL(π_old ‖ π_θ) of a log-std-only step");
        // the candidate really is in the actor now: its log-std moved by δ
        assertEquals(-0.2 + DELTA, s.actor.namedParameters().get("log_std").get(0), 1e-6);
    }

    @Test
    void lineSearch_refusesALogStdOnlyStepBeyondMaxKl() {
        Setup s = new Setup();
        // surrogate condition off (any L beats −∞), one candidate: accepted iff its measured KL ≤ max-kl 0.01
        Trpo.LineSearch ls = Trpo.lineSearch(s.thetaOld, s.logStdStep(), 1.0, Double.NEGATIVE_INFINITY, 0.01, 0.8, 1,
                s.candidate);
        assertFalse(ls.accepted(), "a step of KL " + CLOSED_FORM + " was accepted under max-kl 0.01 (measured KL "
                + ls.kl() + ")");
    }
}
