package dev.bellman.algorithms.imitation;

import dev.bellman.core.Policy;
import dev.bellman.env.Space;
import dev.bellman.nn.Rng;

/** Test access to the policies BC, DAgger, GAIL, AIRL and MaxEnt IRL learn and save, with given or seeded weights. */
public final class ImitationPolicies {
    private ImitationPolicies() {}

    /** A fresh imitation policy for these spaces, its weights drawn from {@code seed}. */
    public static Policy create(Space<?> observations, Space<?> actions, int[] hidden, long seed, String algorithm) {
        return ImitationPolicy.create(observations, actions, hidden, new Rng(seed), algorithm);
    }

    /** MaxEnt IRL's policy: the greedy action per state, with a reward per state. */
    public static Policy maxEntIrl(double[] reward, int[] actions) {
        return new MaxEntIrl.RewardPolicy(reward, actions);
    }
}
