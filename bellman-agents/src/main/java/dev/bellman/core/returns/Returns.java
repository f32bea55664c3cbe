package dev.bellman.core.returns;

/**
 * Generalized advantage estimation and discounted returns over a rollout of a vector environment, stored step-major
 * as {@code [numSteps][numEnvs]} primitive arrays, with termination and truncation told apart.
 *
 * <p>Equations (Schulman et al. 2016, "High-Dimensional Continuous Control Using Generalized Advantage Estimation",
 * eqs. 11–16), per sub-environment, for transition {@code t} from {@code s_t} with reward {@code r_t}:
 * <pre>
 *   delta_t = r_t + gamma * (1 - terminated_t) * V(s'_t) - V(s_t)
 *   A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}          done_t = terminated_t or truncated_t
 *   R_t     = A_t + V(s_t)                                               (the value target, "returns" in CleanRL)
 * </pre>
 * where {@code s'_t} is the true successor of {@code s_t}: the next row's observation when the episode goes on, the
 * final observation of the episode when it was truncated (bootstrapped), and irrelevant when it terminated. After the
 * last row the successor is the observation the rollout ends on ({@code lastValues}).
 *
 * <p>Discounted returns: {@code G_t = r_t + gamma * ((1 - done_t) * G_{t+1} + truncated_t * V(s'_t))}, with
 * {@code G_T = V(s_T)} bootstrapped after the last row. They equal GAE's {@code R_t} at {@code lambda = 1}.
 *
 * <p>Symbols: {@code values[t][i]} = V(s_t) of copy i; {@code lastValues[i]} = V(s_T), the observation after the
 * last step; {@code finalValues[t][i]} = V(final observation) where copy i's episode was truncated at step t (read
 * only there); {@code gaeLambda} = lambda.
 *
 * <p>Implementation notes: the recursion runs backwards over t, separately per copy, in single precision as CleanRL's
 * {@code ppo.py} (its GAE loop is the SAME_STEP-free special case in which truncation is treated as termination).
 * Outputs are written into caller-owned arrays, so a training loop allocates nothing per rollout.
 * <ol>
 *   <li>Deviation from CleanRL: truncated episodes bootstrap {@code V(final observation)} (Pardo et al. 2018) instead
 *       of cutting the return to zero.</li>
 * </ol>
 */
public final class Returns {

    private Returns() {
    }

    /**
     * GAE(lambda) with the successor value of every transition given explicitly: {@code nextValues[t][i]} =
     * V(s'_t), read where the transition did not terminate.
     *
     * @param advantages output A_t, {@code [numSteps][numEnvs]}
     * @param returns output R_t = A_t + V(s_t), {@code [numSteps][numEnvs]}; may be null
     */
    public static void gae(float[][] rewards, float[][] values, float[][] nextValues, boolean[][] terminated,
            boolean[][] truncated, float gamma, float gaeLambda, float[][] advantages, float[][] returns) {
        int numSteps = rewards.length;
        int numEnvs = checkRollout(rewards, terminated, truncated);
        checkShape("values", values, numSteps, numEnvs);
        checkShape("nextValues", nextValues, numSteps, numEnvs);
        checkCoefficients(gamma, gaeLambda);
        checkOutputs(advantages, returns, numSteps, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            float lastGaeLam = 0f;
            for (int t = numSteps - 1; t >= 0; t--) {
                boolean term = terminated[t][i];
                boolean done = term || truncated[t][i];
                // GAE (Schulman et al. 2016, eq. 16): delta = r + gamma * V(s') * (1 - terminated) - V(s)
                float bootstrap = term ? 0f : nextValues[t][i];
                float delta = rewards[t][i] + gamma * bootstrap - values[t][i];
                lastGaeLam = delta + gamma * gaeLambda * (done ? 0f : lastGaeLam);
                advantages[t][i] = lastGaeLam;
            }
        }
        fillReturns(advantages, values, returns);
    }

    /**
     * GAE(lambda) for a rollout collected under {@code SAME_STEP} autoreset: row {@code t+1} holds the observation
     * after step {@code t}, which is already the reset observation where an episode ended, so the value of a
     * truncated episode's final observation comes from {@code finalValues[t][i]} (V of
     * {@code VectorStep.finalObservation(i)}), read only where {@code truncated[t][i]} holds.
     *
     * @param lastValues V of the observation after the last step, {@code [numEnvs]}
     * @param finalValues V of final observations, {@code [numSteps][numEnvs]}; may be null only when nothing in the
     *     rollout was truncated
     * @param returns output R_t = A_t + V(s_t); may be null
     */
    public static void gaeSameStep(float[][] rewards, float[][] values, float[] lastValues, float[][] finalValues,
            boolean[][] terminated, boolean[][] truncated, float gamma, float gaeLambda, float[][] advantages,
            float[][] returns) {
        int numSteps = rewards.length;
        int numEnvs = checkRollout(rewards, terminated, truncated);
        checkShape("values", values, numSteps, numEnvs);
        checkLast(lastValues, numEnvs);
        checkFinalValues(finalValues, truncated, numSteps, numEnvs);
        checkCoefficients(gamma, gaeLambda);
        checkOutputs(advantages, returns, numSteps, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            float lastGaeLam = 0f;
            for (int t = numSteps - 1; t >= 0; t--) {
                boolean term = terminated[t][i];
                boolean trunc = truncated[t][i];
                float next;
                if (term) {
                    next = 0f;                             // the MDP ended: nothing to bootstrap
                } else if (trunc) {
                    next = finalValues[t][i];              // cut by a limit: bootstrap V(final observation)
                } else {
                    next = t == numSteps - 1 ? lastValues[i] : values[t + 1][i];
                }
                // GAE (Schulman et al. 2016, eq. 16): delta = r + gamma * V(s') * (1 - terminated) - V(s)
                float delta = rewards[t][i] + gamma * next - values[t][i];
                lastGaeLam = delta + gamma * gaeLambda * (term || trunc ? 0f : lastGaeLam);
                advantages[t][i] = lastGaeLam;
            }
        }
        fillReturns(advantages, values, returns);
    }

    /**
     * GAE(lambda) for a rollout collected under {@code NEXT_STEP} autoreset: where an episode ends at step
     * {@code t}, row {@code t+1} holds its final observation (so a truncated episode bootstraps
     * {@code values[t+1][i]}, or {@code lastValues[i]} at the last row) and is the reset step, whose action was
     * ignored. Reset steps are no experience: their advantage and return are set to 0 and {@code valid} to false,
     * and the caller must leave them out of its losses.
     *
     * @param endedBefore whether each copy's episode ended on the step before row 0 (the last row of the previous
     *     rollout), which makes row 0 a reset step; {@code [numEnvs]}, all false for the first rollout
     * @param valid output: false on reset steps, true elsewhere, {@code [numSteps][numEnvs]}
     * @param returns output R_t = A_t + V(s_t) (0 on reset steps); may be null
     */
    public static void gaeNextStep(float[][] rewards, float[][] values, float[] lastValues, boolean[][] terminated,
            boolean[][] truncated, boolean[] endedBefore, float gamma, float gaeLambda, float[][] advantages,
            float[][] returns, boolean[][] valid) {
        int numSteps = rewards.length;
        int numEnvs = checkRollout(rewards, terminated, truncated);
        checkShape("values", values, numSteps, numEnvs);
        checkLast(lastValues, numEnvs);
        if (endedBefore == null || endedBefore.length != numEnvs) {
            throw new IllegalArgumentException("endedBefore must have length numEnvs = " + numEnvs + " but was "
                    + (endedBefore == null ? "null" : endedBefore.length));
        }
        checkCoefficients(gamma, gaeLambda);
        checkOutputs(advantages, returns, numSteps, numEnvs);
        checkShape("valid", valid, numSteps, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            float lastGaeLam = 0f;
            for (int t = numSteps - 1; t >= 0; t--) {
                boolean resetStep = t == 0 ? endedBefore[i] : terminated[t - 1][i] || truncated[t - 1][i];
                valid[t][i] = !resetStep;
                if (resetStep) {
                    advantages[t][i] = 0f;
                    lastGaeLam = 0f;
                    continue;
                }
                boolean term = terminated[t][i];
                boolean done = term || truncated[t][i];
                // on truncation the next row is the final observation, so V(s') is its value as for a step inside
                float next = term ? 0f : (t == numSteps - 1 ? lastValues[i] : values[t + 1][i]);
                float delta = rewards[t][i] + gamma * next - values[t][i];
                lastGaeLam = delta + gamma * gaeLambda * (done ? 0f : lastGaeLam);
                advantages[t][i] = lastGaeLam;
            }
        }
        fillReturns(advantages, values, returns);
        if (returns != null) {
            for (int t = 0; t < numSteps; t++) {
                for (int i = 0; i < numEnvs; i++) {
                    if (!valid[t][i]) {
                        returns[t][i] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Discounted returns with the successor value of every transition given explicitly ({@code nextValues[t][i]} =
     * V(s'_t), read where a transition was truncated, and after the last row where it did not end). With
     * {@code nextValues == null} nothing is bootstrapped (Monte-Carlo returns, REINFORCE without a critic).
     *
     * @param returns output G_t, {@code [numSteps][numEnvs]}
     */
    public static void discounted(float[][] rewards, float[][] nextValues, boolean[][] terminated,
            boolean[][] truncated, float gamma, float[][] returns) {
        int numSteps = rewards.length;
        int numEnvs = checkRollout(rewards, terminated, truncated);
        if (nextValues != null) {
            checkShape("nextValues", nextValues, numSteps, numEnvs);
        }
        checkCoefficients(gamma, 1f);
        checkShape("returns", returns, numSteps, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            // after the last row the return continues from V(s_T) unless the episode ended there
            float g = nextValues == null ? 0f : nextValues[numSteps - 1][i];
            for (int t = numSteps - 1; t >= 0; t--) {
                if (terminated[t][i]) {
                    g = 0f;
                } else if (truncated[t][i]) {
                    g = nextValues == null ? 0f : nextValues[t][i];
                }
                // G_t = r_t + gamma * G_{t+1}, with G_{t+1} replaced by 0 (terminated) or V(s'_t) (truncated)
                g = rewards[t][i] + gamma * g;
                returns[t][i] = g;
            }
        }
    }

    /**
     * Discounted returns for a rollout collected under {@code SAME_STEP} autoreset (see
     * {@link #gaeSameStep}). {@code lastValues} and {@code finalValues} may be null: no critic, nothing bootstrapped.
     */
    public static void discountedSameStep(float[][] rewards, float[] lastValues, float[][] finalValues,
            boolean[][] terminated, boolean[][] truncated, float gamma, float[][] returns) {
        int numSteps = rewards.length;
        int numEnvs = checkRollout(rewards, terminated, truncated);
        if (lastValues != null) {
            checkLast(lastValues, numEnvs);
        }
        if (finalValues != null) {
            checkShape("finalValues", finalValues, numSteps, numEnvs);
        }
        checkCoefficients(gamma, 1f);
        checkShape("returns", returns, numSteps, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            float g = lastValues == null ? 0f : lastValues[i];
            for (int t = numSteps - 1; t >= 0; t--) {
                if (terminated[t][i]) {
                    g = 0f;
                } else if (truncated[t][i]) {
                    g = finalValues == null ? 0f : finalValues[t][i];
                }
                g = rewards[t][i] + gamma * g;
                returns[t][i] = g;
            }
        }
    }

    private static void fillReturns(float[][] advantages, float[][] values, float[][] returns) {
        if (returns == null) {
            return;
        }
        for (int t = 0; t < advantages.length; t++) {
            float[] a = advantages[t];
            float[] v = values[t];
            float[] r = returns[t];
            for (int i = 0; i < a.length; i++) {
                r[i] = a[i] + v[i];
            }
        }
    }

    private static int checkRollout(float[][] rewards, boolean[][] terminated, boolean[][] truncated) {
        if (rewards == null || rewards.length == 0 || rewards[0] == null || rewards[0].length == 0) {
            throw new IllegalArgumentException("rewards must be a non-empty [numSteps][numEnvs] array");
        }
        int numSteps = rewards.length;
        int numEnvs = rewards[0].length;
        checkShape("rewards", rewards, numSteps, numEnvs);
        checkShape("terminated", terminated, numSteps, numEnvs);
        checkShape("truncated", truncated, numSteps, numEnvs);
        return numEnvs;
    }

    private static void checkFinalValues(float[][] finalValues, boolean[][] truncated, int numSteps, int numEnvs) {
        if (finalValues != null) {
            checkShape("finalValues", finalValues, numSteps, numEnvs);
            return;
        }
        for (int t = 0; t < numSteps; t++) {
            for (int i = 0; i < numEnvs; i++) {
                if (truncated[t][i]) {
                    throw new IllegalArgumentException("finalValues is null but copy " + i
                            + " was truncated at step " + t + ": its final observation's value must be bootstrapped");
                }
            }
        }
    }

    private static void checkLast(float[] lastValues, int numEnvs) {
        if (lastValues == null || lastValues.length != numEnvs) {
            throw new IllegalArgumentException("lastValues must have length numEnvs = " + numEnvs + " but was "
                    + (lastValues == null ? "null" : lastValues.length));
        }
    }

    private static void checkOutputs(float[][] advantages, float[][] returns, int numSteps, int numEnvs) {
        checkShape("advantages", advantages, numSteps, numEnvs);
        if (returns != null) {
            checkShape("returns", returns, numSteps, numEnvs);
        }
    }

    private static void checkCoefficients(float gamma, float gaeLambda) {
        if (!(gamma >= 0f && gamma <= 1f)) {
            throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
        }
        if (!(gaeLambda >= 0f && gaeLambda <= 1f)) {
            throw new IllegalArgumentException("gaeLambda must be in [0, 1] but was " + gaeLambda);
        }
    }

    private static void checkShape(String name, float[][] a, int numSteps, int numEnvs) {
        if (a == null || a.length != numSteps) {
            throw new IllegalArgumentException(name + " must have numSteps = " + numSteps + " rows but had "
                    + (a == null ? "null" : a.length));
        }
        for (int t = 0; t < numSteps; t++) {
            if (a[t] == null || a[t].length != numEnvs) {
                throw new IllegalArgumentException(name + "[" + t + "] must have numEnvs = " + numEnvs
                        + " entries but had " + (a[t] == null ? "null" : a[t].length));
            }
        }
    }

    private static void checkShape(String name, boolean[][] a, int numSteps, int numEnvs) {
        if (a == null || a.length != numSteps) {
            throw new IllegalArgumentException(name + " must have numSteps = " + numSteps + " rows but had "
                    + (a == null ? "null" : a.length));
        }
        for (int t = 0; t < numSteps; t++) {
            if (a[t] == null || a[t].length != numEnvs) {
                throw new IllegalArgumentException(name + "[" + t + "] must have numEnvs = " + numEnvs
                        + " entries but had " + (a[t] == null ? "null" : a[t].length));
            }
        }
    }
}
