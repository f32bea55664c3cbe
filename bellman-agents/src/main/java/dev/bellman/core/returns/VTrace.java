package dev.bellman.core.returns;

/**
 * V-trace targets and policy-gradient advantages (Espeholt et al. 2018, "IMPALA: Scalable Distributed Deep-RL with
 * Importance Weighted Actor-Learner Architectures", section 4) over segments stored step-major as
 * {@code [numSteps][numEnvs]} arrays, with termination and truncation inside a segment told apart, in the layout of
 * {@link Returns#gaeSameStep}.
 *
 * <p>Equations, per column (one env copy's segment), for transition {@code s} from {@code x_s} with reward
 * {@code r_s}, behaviour policy μ and target policy π:
 * <pre>
 *   ρ_s = min(ρ̄, π(a_s|x_s) / μ(a_s|x_s)),      c_s = λ · min(c̄, π(a_s|x_s) / μ(a_s|x_s))
 *   δ_s V = ρ_s (r_s + γ V(x_{s+1}) − V(x_s))                                   (eq. 1)
 *   v_s = V(x_s) + δ_s V + γ c_s (v_{s+1} − V(x_{s+1}))                         (remark 1, the recursive form)
 *   A_s = ρ_s (r_s + γ v_{s+1} − V(x_s))                                        (section 4.2, the PG advantage)
 * </pre>
 * After the last row {@code v_T = V(x_T)} ({@code lastValues}). Episode ends cut the trace: where the episode
 * <b>terminated</b> at step {@code s}, {@code V(x_{s+1})} and {@code v_{s+1}} are 0; where it was <b>truncated</b> by a
 * limit outside the MDP, both are {@code V(final observation)} ({@code finalValues[s][i]}), the value of a state that
 * has no further data in the segment, so its target is its value (Pardo et al. 2018). On-policy (π = μ) with
 * ρ̄, c̄ ≥ 1, {@code v_s} is GAE(λ)'s return {@code R_s} and, at λ = 1, the n-step bootstrapped return of
 * {@link Returns#discountedSameStep} (the paper's remark after eq. 1).
 *
 * <p>Symbols: {@code logRhos[s][i]} = log π(a_s|x_s) − log μ(a_s|x_s); {@code rhoBar} = ρ̄; {@code cBar} = c̄;
 * {@code lambda} = λ; {@code vs} = v_s; {@code pgAdvantages} = A_s. The paper uses one ρ̄ for both the targets and
 * the advantage; so does this class.
 *
 * <p>Implementation notes: single precision, a backward loop per column as Returns; the importance ratios are
 * formed as {@code exp(logRhos)} and clipped before use, so a large log-ratio gives ρ̄ or c̄, never infinity.
 * Outputs go into caller-owned arrays.
 */
public final class VTrace {

    private VTrace() {
    }

    /**
     * Computes V-trace targets {@code vs} and policy-gradient advantages {@code pgAdvantages}.
     *
     * @param logRhos log π(a_s|x_s) − log μ(a_s|x_s), {@code [numSteps][numEnvs]}
     * @param values V(x_s) under the current value function, {@code [numSteps][numEnvs]}
     * @param lastValues V(x_T) of the observation after the last row, {@code [numEnvs]}
     * @param finalValues V of the final observation where copy i was truncated at step s (read only there); may be
     *     null when nothing was truncated
     * @param rhoBar ρ̄ &gt; 0, the truncation of ρ_s
     * @param cBar c̄ &gt; 0, the truncation of c_s (the paper assumes ρ̄ ≥ c̄)
     * @param lambda λ in [0, 1], multiplies every trace coefficient c_s
     * @param vs output v_s, {@code [numSteps][numEnvs]}
     * @param pgAdvantages output A_s, {@code [numSteps][numEnvs]}; may be null
     */
    public static void compute(float[][] logRhos, float[][] rewards, float[][] values, float[] lastValues,
            float[][] finalValues, boolean[][] terminated, boolean[][] truncated, float gamma, float lambda,
            float rhoBar, float cBar, float[][] vs, float[][] pgAdvantages) {
        int numSteps = rewards.length;
        if (numSteps == 0 || rewards[0] == null || rewards[0].length == 0) {
            throw new IllegalArgumentException("rewards must be a non-empty [numSteps][numEnvs] array");
        }
        int numEnvs = rewards[0].length;
        checkShape("logRhos", logRhos, numSteps, numEnvs);
        checkShape("rewards", rewards, numSteps, numEnvs);
        checkShape("values", values, numSteps, numEnvs);
        checkShape("terminated", terminated, numSteps, numEnvs);
        checkShape("truncated", truncated, numSteps, numEnvs);
        checkShape("vs", vs, numSteps, numEnvs);
        if (pgAdvantages != null) checkShape("pgAdvantages", pgAdvantages, numSteps, numEnvs);
        if (lastValues == null || lastValues.length != numEnvs) {
            throw new IllegalArgumentException("lastValues must have length numEnvs = " + numEnvs + " but was "
                    + (lastValues == null ? "null" : lastValues.length));
        }
        if (finalValues != null) {
            checkShape("finalValues", finalValues, numSteps, numEnvs);
        } else {
            for (int s = 0; s < numSteps; s++) {
                for (int i = 0; i < numEnvs; i++) {
                    if (truncated[s][i] && !terminated[s][i]) {
                        throw new IllegalArgumentException("finalValues is null but copy " + i + " was truncated at step "
                                + s + ": its final observation's value must be bootstrapped");
                    }
                }
            }
        }
        if (!(gamma >= 0f && gamma <= 1f)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
        if (!(lambda >= 0f && lambda <= 1f)) throw new IllegalArgumentException("lambda must be in [0, 1] but was " + lambda);
        if (!(rhoBar > 0f)) throw new IllegalArgumentException("rhoBar must be positive but was " + rhoBar);
        if (!(cBar > 0f)) throw new IllegalArgumentException("cBar must be positive but was " + cBar);

        for (int i = 0; i < numEnvs; i++) {
            // state after row s: V(x_{s+1}) and v_{s+1}; after the last row both are V(x_T)
            float nextValue = lastValues[i];
            float nextVs = lastValues[i];
            for (int s = numSteps - 1; s >= 0; s--) {
                if (terminated[s][i]) {
                    nextValue = 0f;                        // the MDP ended: nothing follows
                    nextVs = 0f;
                } else if (truncated[s][i]) {
                    nextValue = finalValues[s][i];         // cut by a limit: bootstrap V(final observation)
                    nextVs = finalValues[s][i];
                }
                float ratio = (float) Math.exp(logRhos[s][i]);
                float rho = Math.min(rhoBar, ratio);
                float c = lambda * Math.min(cBar, ratio);
                // δ_s V = ρ_s (r_s + γ V(x_{s+1}) − V(x_s))                       (eq. 1)
                float delta = rho * (rewards[s][i] + gamma * nextValue - values[s][i]);
                // v_s = V(x_s) + δ_s V + γ c_s (v_{s+1} − V(x_{s+1}))
                float v = values[s][i] + delta + gamma * c * (nextVs - nextValue);
                if (pgAdvantages != null) {
                    // A_s = ρ_s (r_s + γ v_{s+1} − V(x_s))                        (section 4.2)
                    pgAdvantages[s][i] = rho * (rewards[s][i] + gamma * nextVs - values[s][i]);
                }
                vs[s][i] = v;
                nextValue = values[s][i];
                nextVs = v;
            }
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
