package dev.bellman.core.demos;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recorded episode, as Minari stores it: {@code observations} has one row more than the other fields (the first
 * observation after reset and the observation after every step, the last one included), {@code actions},
 * {@code rewards}, {@code terminations} and {@code truncations} one row per step.
 *
 * @param id the episode's index in its dataset (Minari's group {@code episode_<id>})
 * @param seed the seed the episode's reset received, or {@code null} when it was not reseeded
 * @param observations {@code [steps + 1, ...]}
 * @param actions {@code [steps, ...]}
 * @param rewards one per step
 * @param terminations one per step: the MDP ended after this step
 * @param truncations one per step: a limit outside the MDP ended the episode after this step
 */
public record Episode(int id, Long seed, Column observations, Column actions, double[] rewards, boolean[] terminations,
                      boolean[] truncations) {
    public Episode {
        if (id < 0) throw new IllegalArgumentException("episode id must be non-negative but was " + id);
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(terminations, "terminations");
        Objects.requireNonNull(truncations, "truncations");
        int steps = rewards.length;
        if (actions.rows() != steps || terminations.length != steps || truncations.length != steps) {
            throw new IllegalArgumentException("episode " + id + ": actions, rewards, terminations and truncations must"
                    + " have one row per step but had " + actions.rows() + ", " + steps + ", " + terminations.length
                    + ", " + truncations.length);
        }
        if (observations.rows() != steps + 1) {
            throw new IllegalArgumentException("episode " + id + ": observations must have steps + 1 = " + (steps + 1)
                    + " rows (the reset observation and one per step) but had " + observations.rows());
        }
        rewards = rewards.clone();
        terminations = terminations.clone();
        truncations = truncations.clone();
    }

    /** Number of steps (actions taken). */
    public int steps() {
        return rewards.length;
    }

    /** The undiscounted return: the sum of the rewards. */
    public double episodeReturn() {
        double r = 0;
        for (double x : rewards) r += x;
        return r;
    }

    @Override public double[] rewards() { return rewards.clone(); }
    @Override public boolean[] terminations() { return terminations.clone(); }
    @Override public boolean[] truncations() { return truncations.clone(); }

    /** The reward of step {@code t}, without copying the array. */
    public double reward(int t) {
        return rewards[t];
    }

    /** Whether step {@code t} terminated the MDP. */
    public boolean terminated(int t) {
        return terminations[t];
    }

    /** Whether step {@code t} truncated the episode. */
    public boolean truncated(int t) {
        return truncations[t];
    }

    /** The same episode under another id (used when datasets are split or concatenated). */
    public Episode withId(int newId) {
        return new Episode(newId, seed, observations, actions, rewards, terminations, truncations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Episode e && id == e.id && Objects.equals(seed, e.seed) && observations.equals(e.observations)
                && actions.equals(e.actions) && Arrays.equals(rewards, e.rewards)
                && Arrays.equals(terminations, e.terminations) && Arrays.equals(truncations, e.truncations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, seed, observations, actions, Arrays.hashCode(rewards));
    }

    @Override
    public String toString() {
        return "Episode[id=" + id + ", steps=" + steps() + ", return=" + episodeReturn() + "]";
    }
}
