package dev.bellman.algorithms.pg;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The KL that {@link Trpo}'s line search measures at a candidate, against the closed form of the KL between diagonal
 * Gaussians: a step that moves only the state-independent log-std by δ leaves every mean in place, so per row
 * KL(N(μ, σ²) ‖ N(μ, σ²e^{2δ})) = Σ_d [δ + e^{−2δ}/2 − 1/2], whatever the observation.
 */
class TrpoTrustRegionTest {

    @Test
    void lineSearchKl_logStdOnlyStep_matchesClosedForm() {
        int obsSize = 3, dims = 2, batch = 5;
        double delta = 0.5;
        Rng rng = new Rng(7);
        PolicyNet actor = new PolicyNet(obsSize, false, dims, new int[]{8}, false, -0.2f, rng);
        float[] x = new float[batch * obsSize];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        Tensor obs = Tensor.of(x, batch, obsSize);
        float[] actions = new float[batch * dims];
        for (int i = 0; i < actions.length; i++) actions[i] = (float) rng.nextGaussian();
        List<Tensor> params = actor.parameters();

        PolicyNet.Pi old = Trpo.oldPolicy(actor, obs);
        Tensor oldLogProb;
        try (var g = Tensor.noGrad()) {
            oldLogProb = old.logProb(actions);
        }
        float[] theta = Params.flatten(params);
        int k = 0;
        for (Map.Entry<String, Tensor> e : actor.namedParameters().entrySet()) {
            if (e.getKey().equals("log_std")) for (int d = 0; d < dims; d++) theta[k + d] += (float) delta;
            k += e.getValue().size();
        }
        double[] surKl = Trpo.candidate(actor, params, obs, actions, oldLogProb, Tensor.ones(batch), old).evaluate(theta);

        double expected = dims * (delta + 0.5 * Math.exp(-2 * delta) - 0.5); // ≈ 0.368 for δ = 0.5, D = 2
        assertEquals(expected, surKl[1], 1e-5, "mean KL(π_old ‖ π_θ) of a log-std-only step");
        // the candidate really is in the actor now: its log-std moved by δ
        assertEquals(-0.2 + delta, actor.namedParameters().get("log_std").get(0), 1e-6);
    }
}
