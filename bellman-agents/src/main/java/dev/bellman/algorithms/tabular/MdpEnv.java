package dev.bellman.algorithms.tabular;

import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.wrappers.TimeLimit;
import dev.bellman.nn.Rng;
import java.util.Map;

/**
 * An environment that samples an {@link Mdp}, so the model-free learners can train on an MDP built from arrays.
 * Observations and actions are {@code Discrete(n)}; the first state is drawn from the initial distribution and each
 * step draws one outcome of (s, a) by its probability; {@code terminated} is the outcome's flag.
 *
 * <p>Use {@link #of(Mdp, int)} for a version with a time limit (Gymnasium's {@code TimeLimit}, which sets
 * {@code truncated}).
 */
public final class MdpEnv implements Env<Integer, Integer> {
    private final Mdp mdp;
    private final Discrete observationSpace;
    private final Discrete actionSpace;
    private Rng rng = new Rng(System.nanoTime());
    private int state = -1;
    private boolean done = true;

    public MdpEnv(Mdp mdp) {
        if (mdp == null) throw new IllegalArgumentException("mdp must not be null");
        this.mdp = mdp;
        this.observationSpace = new Discrete(mdp.numStates());
        this.actionSpace = new Discrete(mdp.numActions());
    }

    /** The MDP as an env cut after {@code maxEpisodeSteps} steps. */
    public static Env<Integer, Integer> of(Mdp mdp, int maxEpisodeSteps) {
        return new TimeLimit<>(new MdpEnv(mdp), maxEpisodeSteps);
    }

    @Override
    public Reset<Integer> reset(Long seed, Map<String, Object> options) {
        if (seed != null) rng = new Rng(seed);
        state = sample(mdp.initialDistribution());
        done = false;
        return new Reset<>(state, Map.of());
    }

    private int sample(double[] distribution) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int s = 0; s < distribution.length; s++) {
            if (distribution[s] <= 0) continue;
            cumulative += distribution[s];
            last = s;
            if (u < cumulative) return s;
        }
        return last;
    }

    @Override
    public Step<Integer> step(Integer action) {
        if (done) throw new IllegalStateException("step called before reset or after the episode ended");
        if (action == null || !actionSpace.contains(action)) {
            throw new IllegalArgumentException("action must be in " + actionSpace + " but was " + action);
        }
        int n = mdp.outcomeCount(state, action);
        double u = rng.nextDouble();
        double cumulative = 0;
        Mdp.Outcome chosen = mdp.outcome(state, action, n - 1);
        for (int i = 0; i < n; i++) {
            Mdp.Outcome o = mdp.outcome(state, action, i);
            cumulative += o.probability();
            if (u < cumulative) {
                chosen = o;
                break;
            }
        }
        state = chosen.nextState();
        done = chosen.terminated();
        return new Step<>(state, chosen.reward(), chosen.terminated(), false, Map.of());
    }

    @Override
    public Space<Integer> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public void close() {}
}
