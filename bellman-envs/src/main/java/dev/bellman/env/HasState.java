package dev.bellman.env;

/**
 * An environment whose physical state is a vector of doubles that can be read and set, as Gymnasium's
 * {@code env.unwrapped.state}. Used for conformance tests (set a state, step, compare) and model-based methods.
 */
public interface HasState {
    /** A copy of the current internal float64 state (layout documented by each environment). */
    double[] state();

    /** Replaces the internal state with a copy of {@code state}; its length must match {@link #state()}. */
    void setState(double[] state);
}
