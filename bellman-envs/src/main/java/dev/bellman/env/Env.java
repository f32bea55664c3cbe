package dev.bellman.env;

import java.util.Map;

/**
 * A reinforcement-learning environment with Gymnasium's semantics (Towers et al. 2024, "Gymnasium: A Standard Interface
 * for Reinforcement Learning Environments", arXiv:2407.17032).
 *
 * <p>Life cycle: {@link #reset(long)} once with a seed, then {@link #step} until {@link Step#terminated()} (the MDP
 * reached a terminal state) or {@link Step#truncated()} (a limit outside the MDP, such as a time limit), then
 * {@link #reset()} again <em>without</em> a seed, which continues the environment's generator. The same seed gives the
 * same trajectory for the same actions.
 *
 * @param <O> observation type (for example {@code float[]} for a {@link Box}, {@code Integer} for a {@link Discrete})
 * @param <A> action type
 */
public interface Env<O, A> extends AutoCloseable {

    /**
     * Starts a new episode.
     *
     * @param seed    when non-null, reseeds the environment's generator (Gymnasium's {@code reset(seed=...)});
     *                when null, the generator continues (it is seeded from entropy on the first reset if never seeded)
     * @param options environment-specific options (for example CartPole's {@code "low"}/{@code "high"}); never null
     */
    Reset<O> reset(Long seed, Map<String, Object> options);

    /** Starts a new episode, seeding the generator with {@code seed}. */
    default Reset<O> reset(long seed) {
        return reset(seed, Map.of());
    }

    /** Starts a new episode, continuing the generator. */
    default Reset<O> reset() {
        return reset(null, Map.of());
    }

    /** Advances the environment by one step with {@code action}, which must lie in {@link #actionSpace()}. */
    Step<O> step(A action);

    /** The space every observation lies in. */
    Space<O> observationSpace();

    /** The space every valid action lies in. */
    Space<A> actionSpace();

    /** The registry entry this environment was made from, or null when it was constructed directly. */
    default EnvSpec spec() {
        return null;
    }

    /** An RGB frame of the current state (Gymnasium's {@code render_mode="rgb_array"}), or null if not supported. */
    default RenderFrame render() {
        return null;
    }

    /** Frames per second at which rendered frames are meant to be shown (Gymnasium's {@code metadata["render_fps"]}). */
    default int renderFps() {
        return 30;
    }

    /** Releases resources. Idempotent: a second call does nothing. */
    @Override
    void close();

    /** The innermost environment beneath any wrappers. */
    default Env<?, ?> unwrapped() {
        return this;
    }
}
