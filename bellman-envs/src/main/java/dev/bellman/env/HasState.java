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

    /**
     * The state an observation was made in, for showing recorded observations (the preference-labelling page sets
     * this state and renders it); null when the observation does not determine the state. By default the observation
     * itself when it has as many values as the state (CartPole, MountainCar); envs that observe a function of their
     * state (Pendulum's cos θ, sin θ) invert it. Float observations give the state to float precision.
     */
    default double[] stateFromObservation(float[] observation) {
        if (observation.length != state().length) {
            return null;
        }
        double[] s = new double[observation.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = observation[i];
        }
        return s;
    }
}
