package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;

/**
 * Random shooting (Nagabandi et al. 2018, "Neural Network Dynamics for Model-Based Deep Reinforcement Learning with
 * Model-Free Fine-Tuning", §4.2): {@code numSamples} action sequences drawn uniformly inside the bounds, the first
 * action of the best predicted return executed. No plan carries over between steps.
 */
public final class RandomShooting implements Planner {
    private final RolloutModel model;
    private final Bounds bounds;
    private final int numSamples;
    private float[] best;

    public RandomShooting(RolloutModel model, Bounds bounds, int numSamples) {
        if (numSamples < 1) throw new IllegalArgumentException("numSamples must be at least 1 but was " + numSamples);
        this.model = model;
        this.bounds = bounds;
        this.numSamples = numSamples;
        this.best = bounds.middle();
    }

    @Override
    public float[] act(float[] obs, Rng rng) {
        int len = bounds.horizon() * bounds.actDim();
        float[] seqs = new float[numSamples * len];
        for (int i = 0; i < seqs.length; i++) {
            int d = i % bounds.actDim();
            seqs[i] = bounds.low()[d] + (bounds.high()[d] - bounds.low()[d]) * rng.nextFloat();
        }
        double[] ret = new double[numSamples];
        model.returns(obs, seqs, numSamples, bounds.horizon(), rng, ret);
        int arg = 0;
        for (int i = 1; i < numSamples; i++) if (ret[i] > ret[arg]) arg = i;
        System.arraycopy(seqs, arg * len, best, 0, len);
        return java.util.Arrays.copyOf(best, bounds.actDim());
    }

    @Override
    public void reset() { best = bounds.middle(); }

    @Override
    public float[] plan() { return best.clone(); }

    @Override
    public void setPlan(float[] plan) { best = plan.clone(); }
}
