package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;
import java.util.List;

/**
 * Planning by gradient: the action sequence is optimised by Adam on the predicted return, backpropagated through a
 * differentiable model with the engine's autodiff (the "shooting" of Tassa et al. 2012 with first-order steps; the
 * gradient-based planner compared with CEM in Chua et al. 2018 and Bharadhwaj et al. 2020). {@code numCandidates}
 * sequences are optimised in parallel, each independently: the warm-start plan (the previous best, shifted) and
 * {@code numCandidates − 1} uniform random sequences, which guard against the local optima of swing-up tasks. Actions
 * are kept inside the bounds by a tanh squashing,
 * <pre>
 *   a = mid + half · tanh(z),    z ← Adam(z, ∇_z [−Σ_t r_t]),   repeated {@code iterations} times
 * </pre>
 * and the first action of the candidate with the best final predicted return is executed.
 *
 * <p>Symbols: {@code z} = the unconstrained decision variables, {@code mid}/{@code half} = centre and half-width of
 * the bounds.
 *
 * <p>With the true model ({@link PendulumModel}) it swings Pendulum up ({@code PlannersTest}); through a learned
 * ensemble it is PETS' {@code planner=gradient} ({@link EnsembleGradientRollouts}; measured in {@link Pets}: at or
 * above −200 from the 6th Pendulum episode of seed 1).
 */
public final class GradientShooting implements Planner {

    /**
     * @param numCandidates sequences optimised in parallel (1: only the warm start)
     * @param iterations    Adam steps per env step
     * @param learningRate  Adam step size on z
     */
    public record Config(int numCandidates, int iterations, double learningRate) {
        public Config {
            if (numCandidates < 1) throw new IllegalArgumentException("numCandidates must be at least 1 but was " + numCandidates);
            if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1 but was " + iterations);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
        }
    }

    private final DifferentiableRolloutModel model;
    private final Bounds bounds;
    private final Config config;
    private float[] best;

    public GradientShooting(DifferentiableRolloutModel model, Bounds bounds, Config config) {
        this.model = model;
        this.bounds = bounds;
        this.config = config;
        this.best = bounds.middle();
    }

    @Override
    public float[] act(float[] obs, Rng rng) {
        int n = config.numCandidates(), len = best.length, ad = bounds.actDim(), h = bounds.horizon();
        float[] mid = new float[n * len], half = new float[n * len], z0 = new float[n * len];
        for (int i = 0; i < n * len; i++) {
            int d = i % ad;
            mid[i] = 0.5f * (bounds.low()[d] + bounds.high()[d]);
            half[i] = 0.5f * (bounds.high()[d] - bounds.low()[d]);
            float a = i < len ? best[i] : bounds.low()[d] + (bounds.high()[d] - bounds.low()[d]) * rng.nextFloat();
            double x = Math.max(-0.999, Math.min(0.999, (a - mid[i]) / half[i]));
            z0[i] = (float) (0.5 * Math.log((1 + x) / (1 - x))); // atanh
        }
        Tensor z = Tensor.parameter(z0, n, len);
        Tensor midT = Tensor.of(mid, n, len), halfT = Tensor.of(half, n, len);
        Adam adam = new Adam(List.of(z), config.learningRate());
        for (int it = 0; it < config.iterations(); it++) {
            Tensor actions = midT.add(halfT.mul(z.tanh()));
            Tensor loss = model.returns(obs, actions, h).sum().neg();
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        float[] finalActions;
        float[] ret;
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            Tensor actions = midT.add(halfT.mul(z.tanh()));
            finalActions = actions.toArray();
            ret = model.returns(obs, actions, h).toArray();
        }
        int arg = 0;
        for (int i = 1; i < n; i++) if (ret[i] > ret[arg]) arg = i;
        for (int i = 0; i < len; i++) best[i] = bounds.clip(finalActions[arg * len + i], i);
        float[] action = java.util.Arrays.copyOf(best, ad);
        bounds.shift(best);
        return action;
    }

    @Override
    public void reset() { best = bounds.middle(); }

    @Override
    public float[] plan() { return best.clone(); }

    @Override
    public void setPlan(float[] plan) { best = plan.clone(); }
}
