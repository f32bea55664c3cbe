package dev.bellman.env;

import java.util.ArrayList;
import java.util.List;

/**
 * The full model of a finite MDP: the transition distribution P(s', r, terminated | s, a) and the initial state
 * distribution, as the toy-text environments expose it (Gymnasium keeps the same table as {@code env.unwrapped.P}
 * and {@code initial_state_distrib}).
 *
 * <p>Planning algorithms (policy evaluation, policy and value iteration; Sutton &amp; Barto 2018, ch. 4) read the model
 * through this interface; learning algorithms only ever step the environment.
 *
 * <p>Conventions: states are {@code 0 .. numStates()-1}, actions {@code 0 .. numActions()-1}. For every state and
 * action the probabilities of {@link #transitions(int, int)} are positive and sum to 1 (up to rounding). A transition
 * with {@code terminated == true} ends the episode: its {@code nextState} is reported but no value is bootstrapped
 * from it. Entries are listed in the order the environment samples them, and two entries may share a next state
 * (as in Gymnasium's slippery FrozenLake at a wall).
 */
public interface TabularModel {

    /** One outcome of taking an action in a state. */
    record Transition(double probability, int nextState, double reward, boolean terminated) {
        public Transition {
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw new IllegalArgumentException("probability must be in [0, 1] but was " + probability);
            }
            if (nextState < 0) {
                throw new IllegalArgumentException("nextState must be non-negative but was " + nextState);
            }
        }
    }

    /** Number of states; states are {@code 0 .. numStates()-1}. */
    int numStates();

    /** Number of actions; actions are {@code 0 .. numActions()-1}. */
    int numActions();

    /** The outcomes of taking {@code action} in {@code state}, in sampling order; immutable. */
    List<Transition> transitions(int state, int action);

    /** The initial state distribution, of length {@link #numStates()}; a fresh copy. */
    double[] initialStateDistribution();

    /** The states with positive initial probability, ascending. */
    default int[] initialStates() {
        double[] d = initialStateDistribution();
        List<Integer> support = new ArrayList<>();
        for (int s = 0; s < d.length; s++) {
            if (d[s] > 0.0) {
                support.add(s);
            }
        }
        return support.stream().mapToInt(Integer::intValue).toArray();
    }
}
