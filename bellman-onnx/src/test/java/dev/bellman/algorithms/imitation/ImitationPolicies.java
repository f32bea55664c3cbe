package dev.bellman.algorithms.imitation;

import dev.bellman.core.Policy;
import dev.bellman.env.Space;
import dev.bellman.nn.Rng;

/** Test access to the policy BC, DAgger, GAIL and AIRL learn and save, with seeded weights. */
public final class ImitationPolicies {
    private ImitationPolicies() {}

    /** A fresh imitation policy for these spaces, its weights drawn from {@code seed}. */
    public static Policy create(Space<?> observations, Space<?> actions, int[] hidden, long seed, String algorithm) {
        return ImitationPolicy.create(observations, actions, hidden, new Rng(seed), algorithm);
    }
}
