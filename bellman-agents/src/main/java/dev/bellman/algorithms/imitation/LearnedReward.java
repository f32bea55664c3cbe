package dev.bellman.algorithms.imitation;

import dev.bellman.env.Discrete;
import dev.bellman.env.Space;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reward learned by {@link Airl}: its state-only (or state-action) term {@code g}, which AIRL's disentanglement
 * makes the reward to re-optimise ({@code imitation}'s {@code reward_test}). Saved as {@value #FILE} in the run
 * directory; {@link #load} reads it back and {@link #reward} evaluates it on one transition.
 */
public final class LearnedReward {
    /** The file in a run directory that holds the learned reward. */
    public static final String FILE = "reward.safetensors";

    final RewardMlp g;
    final int obsSize, actFeatures;
    final boolean discrete, stateOnly;
    final String algorithm;

    LearnedReward(RewardMlp g, int obsSize, int actFeatures, boolean discrete, boolean stateOnly, String algorithm) {
        this.g = g;
        this.obsSize = obsSize;
        this.actFeatures = actFeatures;
        this.discrete = discrete;
        this.stateOnly = stateOnly;
        this.algorithm = algorithm;
    }

    /** A fresh {@code g} for these spaces. */
    static LearnedReward create(int obsSize, Space<?> actionSpace, boolean stateOnly, int hidden, Rng rng,
                                String algorithm) {
        boolean discrete = actionSpace instanceof Discrete;
        int actFeatures = discrete ? ((Discrete) actionSpace).n() : actionSpace.flatDim();
        return new LearnedReward(new RewardMlp(stateOnly ? obsSize : obsSize + actFeatures, hidden, rng), obsSize,
                actFeatures, discrete, stateOnly, algorithm);
    }

    /** Whether {@code directory} (a run directory) holds a learned reward. */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(FILE));
    }

    /** g per row of a batch of observations {@code [B, obsSize]} and action features {@code [B, actFeatures]}. */
    Tensor forward(Tensor obs, Tensor act) {
        return g.forward(stateOnly ? obs : Tensor.concat(1, obs, act));
    }

    /**
     * The learned reward of one transition: {@code observation} the state the action was taken in (float values),
     * {@code action} an Integer (Discrete) or a float[] (Box).
     */
    public double reward(float[] observation, Object action) {
        if (observation.length != obsSize) {
            throw new IllegalArgumentException("the learned reward takes observations of " + obsSize + " values but got "
                    + observation.length);
        }
        float[] a = new float[actFeatures];
        if (!stateOnly) {
            if (discrete) a[(Integer) action] = 1f;
            else System.arraycopy((float[]) action, 0, a, 0, actFeatures);
        }
        try (var noGrad = Tensor.noGrad()) {
            return forward(Tensor.of(observation.clone(), 1, obsSize), Tensor.of(a, 1, actFeatures)).item();
        }
    }

    /** Whether the reward depends on the action as well as the state. */
    public boolean stateOnly() {
        return stateOnly;
    }

    void save(Path directory) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("algorithm", algorithm);
        meta.put("obs_size", Integer.toString(obsSize));
        meta.put("action_features", Integer.toString(actFeatures));
        meta.put("discrete", Boolean.toString(discrete));
        meta.put("state_only", Boolean.toString(stateOnly));
        meta.put("hidden", Integer.toString(g.hidden));
        g.save(directory.resolve(FILE), meta);
    }

    /** Reads the learned reward that a run (AIRL) saved into {@code directory}. */
    public static LearnedReward load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(directory + " has no learned reward (" + FILE + "); it is written by --algo airl");
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        try {
            int obs = Integer.parseInt(m.get("obs_size"));
            int act = Integer.parseInt(m.get("action_features"));
            boolean stateOnly = Boolean.parseBoolean(m.get("state_only"));
            RewardMlp g = new RewardMlp(stateOnly ? obs : obs + act, Integer.parseInt(m.get("hidden")), new Rng(0));
            g.loadStateDict(c.tensors());
            return new LearnedReward(g, obs, act, Boolean.parseBoolean(m.get("discrete")), stateOnly,
                    m.getOrDefault("algorithm", "airl"));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a learned reward: " + e.getMessage(), e);
        }
    }
}
