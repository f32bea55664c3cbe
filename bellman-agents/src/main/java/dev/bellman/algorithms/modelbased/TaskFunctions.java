package dev.bellman.algorithms.modelbased;

import java.util.Optional;

/**
 * An env's reward and termination as pure functions of an observed transition (s, a, s'), as the PETS setup gives them
 * to the planner (Chua et al. 2018, §5: "the reward function is known"); a learned dynamics model then only predicts
 * s'. Observations and actions are the env's own (actions in the env's units, not rescaled).
 *
 * <p>{@link #forEnv} knows {@code Pendulum-v1}, {@code MountainCarContinuous-v0} and {@code CartPoleContinuous-v1};
 * each function equals the env's
 * {@code step} up to float rounding of the observation (Pendulum's angle is recovered as atan2(sin θ, cos θ) from the
 * float32 observation).
 */
public interface TaskFunctions {

    /** The reward of the step from {@code s} (at {@code so}) under {@code a} (at {@code ao}) to {@code s2} (at {@code s2o}). */
    double reward(float[] s, int so, float[] a, int ao, float[] s2, int s2o);

    /** Whether the MDP ends in {@code s2}. */
    boolean terminated(float[] s2, int s2o);

    /** The functions of a registered env id, or empty when Bellman does not know them. */
    static Optional<TaskFunctions> forEnv(String envId) {
        return Optional.ofNullable(switch (envId == null ? "" : envId) {
            case "Pendulum-v1" -> PENDULUM;
            case "MountainCarContinuous-v0" -> MOUNTAIN_CAR_CONTINUOUS;
            case "CartPoleContinuous-v1" -> CART_POLE;
            default -> null;
        });
    }

    /**
     * Why {@code algo} cannot train on {@code env} for want of its task functions (the env's id and the ids that have
     * them named), or empty when {@link #forEnv} knows them. {@code use} says what the algorithm does with them.
     */
    static Optional<String> missingFor(String algo, String use, dev.bellman.env.Env<?, ?> env) {
        String id = env.spec() == null ? null : env.spec().id();
        return forEnv(id).isPresent() ? Optional.empty()
                : Optional.of(algo + " " + use + " the env's reward and termination functions, which Bellman knows for"
                        + " Pendulum-v1, MountainCarContinuous-v0 and CartPoleContinuous-v1 but not for " + id);
    }

    /**
     * Pendulum-v1: −(θ² + 0.1 θ̇² + 0.001 u²) with θ = atan2(sin θ, cos θ) ∈ [−π, π] and θ̇ of the observation BEFORE
     * the step; never terminates. Also on the tape ({@link DifferentiableTaskFunctions}), with θ = atan2 of the
     * observation's (sin θ, cos θ) through {@link dev.bellman.tensor.Tensor#atan2}, so a planner's gradient reaches
     * predicted observations that are off the unit circle too.
     */
    DifferentiableTaskFunctions PENDULUM = new DifferentiableTaskFunctions() {
        @Override
        public dev.bellman.tensor.Tensor reward(dev.bellman.tensor.Tensor s, dev.bellman.tensor.Tensor a,
                                                dev.bellman.tensor.Tensor s2) {
            int n = s.shape()[0];
            dev.bellman.tensor.Tensor theta = s.slice(1, 1, 2).atan2(s.slice(1, 0, 1));
            dev.bellman.tensor.Tensor thetaDot = s.slice(1, 2, 3);
            dev.bellman.tensor.Tensor u = a.slice(1, 0, 1).clamp(-2f, 2f);
            return theta.square().add(thetaDot.square().mul(0.1f)).add(u.square().mul(0.001f)).neg().reshape(n);
        }

        @Override
        public double reward(float[] s, int so, float[] a, int ao, float[] s2, int s2o) {
            double theta = Math.atan2(s[so + 1], s[so]);
            double thetaDot = s[so + 2];
            double u = Math.max(-2.0, Math.min(2.0, a[ao]));
            return -(theta * theta + 0.1 * thetaDot * thetaDot + 0.001 * u * u);
        }

        @Override
        public boolean terminated(float[] s2, int s2o) {
            return false;
        }
    };

    /**
     * MountainCarContinuous-v0: −0.1 a² per step (a clipped to [−1, 1]) plus 100 when s' reaches the goal (position
     * ≥ 0.45 with velocity ≥ 0), which ends the episode.
     */
    TaskFunctions MOUNTAIN_CAR_CONTINUOUS = new TaskFunctions() {
        @Override
        public double reward(float[] s, int so, float[] a, int ao, float[] s2, int s2o) {
            double f = Math.max(-1.0, Math.min(1.0, a[ao]));
            return (terminated(s2, s2o) ? 100.0 : 0.0) - 0.1 * f * f;
        }

        @Override
        public boolean terminated(float[] s2, int s2o) {
            return s2[s2o] >= 0.45f && s2[s2o + 1] >= 0f;
        }
    };

    /**
     * CartPole-v1 (and CartPoleContinuous-v1, whose reward and termination are CartPole's): +1 for every step, the
     * terminating one included; terminated when s' has |x| &gt; 2.4 or |θ| &gt; 12° (0.2095 rad). The env decides
     * on its float64 state and this on the float32 observation, so the two can differ within float rounding of the
     * thresholds.
     */
    TaskFunctions CART_POLE = new TaskFunctions() {
        @Override
        public double reward(float[] s, int so, float[] a, int ao, float[] s2, int s2o) {
            return 1.0;
        }

        @Override
        public boolean terminated(float[] s2, int s2o) {
            double x = s2[s2o], theta = s2[s2o + 2];
            return x < -dev.bellman.envs.classic.CartPole.X_THRESHOLD || x > dev.bellman.envs.classic.CartPole.X_THRESHOLD
                    || theta < -dev.bellman.envs.classic.CartPole.THETA_THRESHOLD_RADIANS
                    || theta > dev.bellman.envs.classic.CartPole.THETA_THRESHOLD_RADIANS;
        }
    };
}
