package dev.bellman.algorithms.imitation;

import dev.bellman.env.TabularModel;

/** Test experts: the optimal actions of a tabular MDP by value iteration (undiscounted, episodic). */
final class Experts {
    private Experts() {}

    /** Q* of {@code model}'s own rewards, by value iteration until the values stop changing. */
    static double[][] optimalQ(TabularModel model) {
        int nS = model.numStates(), nA = model.numActions();
        double[] v = new double[nS];
        double[][] q = new double[nS][nA];
        for (int it = 0; it < 10_000; it++) {
            double delta = 0;
            for (int s = 0; s < nS; s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < nA; a++) {
                    double x = 0;
                    for (TabularModel.Transition t : model.transitions(s, a)) {
                        x += t.probability() * (t.reward() + (t.terminated() ? 0 : v[t.nextState()]));
                    }
                    q[s][a] = x;
                    best = Math.max(best, x);
                }
                delta = Math.max(delta, Math.abs(best - v[s]));
                v[s] = best;
            }
            if (delta < 1e-12) break;
        }
        return q;
    }

    /** Whether {@code a} is among the optimal actions of {@code q[s]}. */
    static boolean optimal(double[][] q, int s, int a) {
        double best = Double.NEGATIVE_INFINITY;
        for (double x : q[s]) best = Math.max(best, x);
        return q[s][a] >= best - 1e-9;
    }

    /** The lowest optimal action per state. */
    static int[] greedy(double[][] q) {
        return MaxEntIrl.greedy(q);
    }
}
