package dev.bellman.algorithms.tabular;

import dev.bellman.nn.Rng;

/**
 * The ε-greedy behaviour policy (Sutton and Barto 2018, §2.2 and §5.4): with probability ε a uniformly random
 * action, otherwise a greedy one. Unlike {@link QTable#greedyAction}, ties among greedy actions are broken uniformly at
 * random, so that a zero-initialised table does not always try action 0 first.
 */
final class EpsilonGreedy {
    private EpsilonGreedy() {}

    static int action(QTable q, int s, double epsilon, Rng rng) {
        int nA = q.numActions();
        if (rng.nextDouble() < epsilon) return rng.nextInt(nA);
        double best = q.max(s);
        int ties = 0;
        int chosen = 0;
        for (int a = 0; a < nA; a++) {
            if (q.get(s, a) == best) {
                ties++;
                // reservoir sampling: the k-th tied action replaces the choice with probability 1/k
                if (ties == 1 || rng.nextInt(ties) == 0) chosen = a;
            }
        }
        return chosen;
    }

    /** Σ_a π(a|s') Q(s', a) for the ε-greedy π: (1 − ε)·max_a Q(s', a) + ε·mean_a Q(s', a). */
    static double expectedValue(QTable q, int s, double epsilon) {
        int nA = q.numActions();
        double sum = 0;
        for (int a = 0; a < nA; a++) sum += q.get(s, a);
        return (1 - epsilon) * q.max(s) + epsilon * sum / nA;
    }
}
