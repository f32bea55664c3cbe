package dev.bellman.env.vector;

/**
 * When a vector environment resets a sub-environment whose episode ended, following Gymnasium 1.x's
 * {@code gymnasium.vector.AutoresetMode} (see also the Farama note "Vector-Autoreset-Mode").
 */
public enum AutoresetMode {
    /**
     * Reset on the step after the episode ended: that step ignores the action and returns the reset observation
     * with reward 0 and {@code terminated = truncated = false}. Gymnasium's default. A learner must not treat the
     * transition from a final observation to that reset observation as experience.
     */
    NEXT_STEP,
    /**
     * Reset within the step that ended the episode: the step returns the reset observation, the episode's reward,
     * terminated and truncated, and the final observation and info as {@code finalObservation(i)} and
     * {@code finalInfo(i)} (Gymnasium's {@code info["final_obs"]} and {@code info["final_info"]}).
     */
    SAME_STEP,
    /** Never reset automatically: after an episode ends the caller must {@code reset(mask)} that sub-environment. */
    DISABLED
}
