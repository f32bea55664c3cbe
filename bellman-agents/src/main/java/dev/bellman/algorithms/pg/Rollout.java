package dev.bellman.algorithms.pg;

import dev.bellman.core.MetricsSink;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

import java.util.function.Function;

/**
 * On-policy rollout storage of the actor-critic loops (A2C, A3C, TRPO), CleanRL's {@code obs[numSteps][numEnvs]}
 * layout in primitive arrays, collected from a {@code SAME_STEP} vector env so that the value of a truncated
 * episode's final observation can be bootstrapped ({@code finalValues}, the layout of
 * {@link dev.bellman.core.returns.Returns#gaeSameStep}).
 *
 * <p>Row {@code t} holds the observation the action was chosen in ({@code obs}), the action as drawn
 * ({@code actions}, before clipping), V(s_t) ({@code values}), and the reward and flags that step returned.
 */
final class Rollout {
    final int numSteps, numEnvs, obsSize, actionDim;
    final float[] obs;          // [numSteps * numEnvs * obsSize]
    final float[] actions;      // [numSteps * numEnvs * actionDim]
    final float[][] rewards, values, finalValues;
    final boolean[][] terminated, truncated;
    final float[] lastValues;
    /** The observation the next rollout starts from, row-major {@code [numEnvs, obsSize]}. */
    final float[] nextObs;
    private final float[] stepActions;
    private final float[] stepValues;
    private final ActionSpec.Buffers buffers;
    private final ActionSpec spec;

    Rollout(int numSteps, int numEnvs, int obsSize, ActionSpec spec) {
        this.numSteps = numSteps;
        this.numEnvs = numEnvs;
        this.obsSize = obsSize;
        this.spec = spec;
        this.actionDim = spec.dim();
        obs = new float[numSteps * numEnvs * obsSize];
        actions = new float[numSteps * numEnvs * actionDim];
        rewards = new float[numSteps][numEnvs];
        values = new float[numSteps][numEnvs];
        finalValues = new float[numSteps][numEnvs];
        terminated = new boolean[numSteps][numEnvs];
        truncated = new boolean[numSteps][numEnvs];
        lastValues = new float[numEnvs];
        nextObs = new float[numEnvs * obsSize];
        stepActions = new float[numEnvs * actionDim];
        stepValues = new float[numEnvs];
        buffers = new ActionSpec.Buffers(numEnvs, spec);
    }

    int batchSize() {
        return numSteps * numEnvs;
    }

    /** Starts from {@code envs.reset(seed)}. */
    void reset(VectorEnv envs, long seed) {
        System.arraycopy(envs.reset(seed).observations(), 0, nextObs, 0, nextObs.length);
    }

    /**
     * Steps {@code envs} {@code numSteps} times with actions drawn from {@code actor} (one forward pass of the actor
     * and one of {@code valueFn} per vector step, under no-grad), sending finished episodes' returns and lengths to
     * {@code sink}.
     *
     * @param valueFn observations {@code [B, obsSize]} → V {@code [B]}
     * @return the global step after the rollout
     */
    long collect(VectorEnv envs, PolicyNet actor, Function<Tensor, Tensor> valueFn, Rng rng, long globalStep,
                 MetricsSink sink) {
        try (var g = Tensor.noGrad()) {
            for (int t = 0; t < numSteps; t++) {
                System.arraycopy(nextObs, 0, obs, t * numEnvs * obsSize, nextObs.length);
                Tensor o = Tensor.of(nextObs, numEnvs, obsSize);
                actor.pi(o).sample(rng, stepActions);
                Tensor v = valueFn.apply(o);
                System.arraycopy(v.data(), v.offset(), values[t], 0, numEnvs);
                System.arraycopy(stepActions, 0, actions, t * numEnvs * actionDim, stepActions.length);
                VectorStep step = spec.step(envs, stepActions, buffers);
                globalStep += numEnvs;
                for (int i = 0; i < numEnvs; i++) {
                    rewards[t][i] = (float) step.rewards()[i];
                    terminated[t][i] = step.terminated()[i];
                    truncated[t][i] = step.truncated()[i];
                    finalValues[t][i] = 0f;
                    if (step.truncated()[i] && !step.terminated()[i]) {
                        finalValues[t][i] = valueFn.apply(Tensor.of(step.finalObservation(i).clone(), 1, obsSize)).item();
                    }
                    if (step.episodeEnded()[i]) {
                        sink.record(globalStep, MetricsSink.EPISODIC_RETURN, step.episodeReturn()[i]);
                        sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, step.episodeLength()[i]);
                    }
                }
                System.arraycopy(step.observations(), 0, nextObs, 0, nextObs.length);
            }
            Tensor v = valueFn.apply(Tensor.of(nextObs, numEnvs, obsSize));
            System.arraycopy(v.data(), v.offset(), lastValues, 0, numEnvs);
        }
        return globalStep;
    }

    /** Flattens a {@code [numSteps][numEnvs]} array into row order {@code t * numEnvs + i}. */
    static float[] flat(float[][] a) {
        int n = a[0].length;
        float[] out = new float[a.length * n];
        for (int t = 0; t < a.length; t++) System.arraycopy(a[t], 0, out, t * n, n);
        return out;
    }
}
