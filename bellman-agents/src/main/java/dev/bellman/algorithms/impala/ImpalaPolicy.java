package dev.bellman.algorithms.impala;

import dev.bellman.core.PolicyOutputs;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The greedy policy of a trained IMPALA learner: the arg max of π's logits (first action on ties). Saved as one
 * safetensors file, {@value #FILE}, whose metadata records the observation size, the number of actions and the
 * first action id, so {@link #load} rebuilds it. Its extra output ({@link PolicyOutputs}) is {@code probabilities}.
 */
public final class ImpalaPolicy implements PolicyOutputs {
    /** The file {@link #save} writes into a directory. */
    public static final String FILE = "impala_policy.safetensors";

    private final Module actor;
    private final int obsSize, numActions, actionStart;

    ImpalaPolicy(Module actor, int obsSize, int numActions, int actionStart) {
        this.actor = actor;
        this.obsSize = obsSize;
        this.numActions = numActions;
        this.actionStart = actionStart;
    }

    /** The logits of π for one flat observation. */
    public float[] logits(float[] observation) {
        if (observation.length != obsSize) {
            throw new IllegalArgumentException("observation must have " + obsSize + " values but had " + observation.length);
        }
        try (var g = Tensor.noGrad()) {
            return actor.forward(Tensor.of(observation.clone(), 1, obsSize)).toArray();
        }
    }

    @Override
    public Object act(Object observation) {
        float[] l = logits(floats(observation));
        int best = 0;
        for (int a = 1; a < l.length; a++) if (l[a] > l[best]) best = a;
        return best + actionStart;
    }

    @Override
    public List<String> outputNames() {
        return List.of("probabilities");
    }

    @Override
    public Map<String, float[]> outputs(Object observation) {
        float[] l = logits(floats(observation));
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : l) max = Math.max(max, v);
        float[] p = new float[l.length];
        for (int a = 0; a < l.length; a++) sum += p[a] = (float) Math.exp(l[a] - max);
        for (int a = 0; a < l.length; a++) p[a] /= (float) sum;
        return Map.of("probabilities", p);
    }

    private static float[] floats(Object observation) {
        if (!(observation instanceof float[] x)) {
            throw new IllegalArgumentException("an IMPALA policy needs a float[] (Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        return x;
    }

    @Override
    public void save(Path directory) throws IOException {
        actor.save(directory.resolve(FILE), Map.of("algorithm", Impala.ID, "obs_size", Integer.toString(obsSize),
                "num_actions", Integer.toString(numActions), "action_start", Integer.toString(actionStart)));
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}. */
    public static ImpalaPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        try {
            int obs = Integer.parseInt(m.get("obs_size")), n = Integer.parseInt(m.get("num_actions"));
            Module actor = Mlp.builder(obs, 64, 64, n).activation(Activation::tanh)
                    .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(0.01, 0)).build(new Rng(0));
            actor.loadStateDict(c.tensors());
            return new ImpalaPolicy(actor, obs, n, Integer.parseInt(m.get("action_start")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not an IMPALA policy: " + e.getMessage(), e);
        }
    }
}
