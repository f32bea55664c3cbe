package dev.bellman.algorithms.tabular;

/** Policy tables for the planners: {@code double[s][a]} = π(a|s), or {@code int[s]} = the action. */
public final class Policies {
    private Policies() {}

    /** The equiprobable random policy π(a|s) = 1 / |A|. */
    public static double[][] uniformRandom(Mdp mdp) {
        double[][] pi = new double[mdp.numStates()][mdp.numActions()];
        for (double[] row : pi) java.util.Arrays.fill(row, 1.0 / mdp.numActions());
        return pi;
    }

    /** The deterministic policy as a one-hot table. */
    public static double[][] deterministic(Mdp mdp, int[] policy) {
        if (policy == null || policy.length != mdp.numStates()) {
            throw new IllegalArgumentException("policy must have one action per state (" + mdp.numStates() + ") but had "
                    + (policy == null ? "null" : policy.length));
        }
        double[][] pi = new double[mdp.numStates()][mdp.numActions()];
        for (int s = 0; s < policy.length; s++) {
            if (policy[s] < 0 || policy[s] >= mdp.numActions()) {
                throw new IllegalArgumentException("policy[" + s + "] must be an action in [0, " + mdp.numActions()
                        + ") but was " + policy[s]);
            }
            pi[s][policy[s]] = 1;
        }
        return pi;
    }

    static void checkStochastic(Mdp mdp, double[][] policy) {
        if (policy == null || policy.length != mdp.numStates()) {
            throw new IllegalArgumentException("policy must have one row per state (" + mdp.numStates() + ") but had "
                    + (policy == null ? "null" : policy.length));
        }
        for (int s = 0; s < policy.length; s++) {
            if (policy[s] == null || policy[s].length != mdp.numActions()) {
                throw new IllegalArgumentException("policy[" + s + "] must have " + mdp.numActions() + " action probabilities");
            }
            double sum = 0;
            for (int a = 0; a < policy[s].length; a++) {
                double p = policy[s][a];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("policy[" + s + "][" + a + "] must be in [0, 1] but was " + p);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw new IllegalArgumentException("policy[" + s + "] must sum to 1 but summed to " + sum);
            }
        }
    }
}
