package dev.bellman.algorithms.apex;

import dev.bellman.core.PolicyOutputs;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The greedy policy of a trained Ape-X learner: {@code argmax_a Q(s, a)} (first action on ties). Saved as one
 * safetensors file, {@value #FILE}, whose metadata records the observation size, the number of actions and the
 * first action id, so {@link #load} rebuilds it. Its extra output ({@link PolicyOutputs}) is {@code q_values}.
 */
public final class ApeXPolicy implements PolicyOutputs {
    /** The file {@link #save} writes into a directory. */
    public static final String FILE = "apex_q_network.safetensors";

    private final Module q;
    private final int obsSize, numActions, actionStart;

    ApeXPolicy(Module q, int obsSize, int numActions, int actionStart) {
        this.q = q;
        this.obsSize = obsSize;
        this.numActions = numActions;
        this.actionStart = actionStart;
    }

    /** Q(s, ·) for one flat observation. */
    public float[] qValues(float[] observation) {
        if (observation.length != obsSize) {
            throw new IllegalArgumentException("observation must have " + obsSize + " values but had " + observation.length);
        }
        try (var g = Tensor.noGrad()) {
            return q.forward(Tensor.of(observation.clone(), 1, obsSize)).toArray();
        }
    }

    @Override
    public Object act(Object observation) {
        float[] l = qValues(floats(observation));
        int best = 0;
        for (int a = 1; a < l.length; a++) if (l[a] > l[best]) best = a;
        return best + actionStart;
    }

    @Override
    public List<String> outputNames() {
        return List.of("q_values");
    }

    @Override
    public Map<String, float[]> outputs(Object observation) {
        return Map.of("q_values", qValues(floats(observation)));
    }

    private static float[] floats(Object observation) {
        if (!(observation instanceof float[] x)) {
            throw new IllegalArgumentException("an Ape-X policy needs a float[] (Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        return x;
    }

    @Override
    public void save(Path directory) throws IOException {
        q.save(directory.resolve(FILE), Map.of("algorithm", ApeX.ID, "obs_size", Integer.toString(obsSize),
                "num_actions", Integer.toString(numActions), "action_start", Integer.toString(actionStart)));
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}. */
    public static ApeXPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        try {
            int obs = Integer.parseInt(m.get("obs_size")), n = Integer.parseInt(m.get("num_actions"));
            Module q = ApeX.qNetwork(obs, n, new Rng(0));
            q.loadStateDict(c.tensors());
            return new ApeXPolicy(q, obs, n, Integer.parseInt(m.get("action_start")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not an Ape-X policy: " + e.getMessage(), e);
        }
    }
}
