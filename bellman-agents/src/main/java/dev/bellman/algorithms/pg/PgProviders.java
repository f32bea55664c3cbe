package dev.bellman.algorithms.pg;

import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import java.util.EnumSet;

/** What the providers of this package share. */
final class PgProviders {
    private PgProviders() {}

    /** Box observations; Discrete (Categorical) or Box (diagonal Gaussian) actions. */
    static final SpaceSupport SPACES = new SpaceSupport(EnumSet.of(SpaceKind.BOX), EnumSet.of(SpaceKind.DISCRETE, SpaceKind.BOX));

    /** The hidden layers of every network in this package. */
    private static final int[] HIDDEN = {64, 64};

    /**
     * The heap of an on-policy run: {@code workers} rollouts of {@code numEnvs x numSteps} transitions (none when
     * {@code numSteps} is 0: REINFORCE keeps whole episodes) with their env copies, and an actor and a critic of two
     * 64-unit hidden layers held {@code copies} times (parameters, gradients, optimizer moments).
     */
    static MemoryEstimate estimate(Env<?, ?> env, long workers, long numEnvs, long numSteps, int copies) {
        long obs = env.observationSpace().flatDim();
        boolean box = env.actionSpace() instanceof Box;
        long act = box ? env.actionSpace().flatDim() : 1;
        long outputs = box ? act : ((Discrete) env.actionSpace()).n();
        String sizes = (workers > 1 ? "num-workers " + workers + " x " : "") + "num-envs " + numEnvs
                + (numSteps > 0 ? " x num-steps " + numSteps : "");
        MemoryEstimate.Builder m = MemoryEstimate.builder();
        if (numSteps > 0) {
            m.arrays("rollout observations (" + sizes + " x " + obs + " observation values)", workers,
                    numEnvs * numSteps * obs, Float.BYTES);
            m.arrays("rollout actions (" + sizes + ")", workers, numEnvs * numSteps * act, Float.BYTES);
            m.arrays("rollout rewards, values, advantages, returns (" + sizes + ")", workers * 7, numEnvs * numSteps,
                    Float.BYTES);
        }
        m.envCopies("env copies (" + sizes.replaceFirst(" x num-steps.*", "") + ")", workers * numEnvs, obs);
        m.mlp("actor and its optimizer state", obs, HIDDEN, outputs, copies);
        m.mlp("critic and its optimizer state", obs, HIDDEN, 1, copies);
        return m.build();
    }
}
