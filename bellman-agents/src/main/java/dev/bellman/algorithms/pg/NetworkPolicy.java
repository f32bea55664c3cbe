package dev.bellman.algorithms.pg;

import dev.bellman.core.Policy;
import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trained policy of this package: a {@link PolicyNet} acting greedily (arg max of the logits, or the Gaussian
 * mean clipped to the action box).
 *
 * <p>Saved as one safetensors file, {@value #FILE}, written atomically, whose metadata records the architecture,
 * the algorithm and the action bounds, so {@link #load} rebuilds an identical policy.
 */
public final class NetworkPolicy implements Policy {
    /** The file inside the run directory. */
    public static final String FILE = "policy.safetensors";

    private final PolicyNet net;
    private final ActionSpec actions;
    private final String algorithm;

    NetworkPolicy(PolicyNet net, ActionSpec actions, String algorithm) {
        this.net = Objects.requireNonNull(net, "net");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        if (net.discrete != actions.discrete() || net.actionSize != actions.size()) {
            throw new IllegalArgumentException("network (discrete=" + net.discrete + ", " + net.actionSize
                    + " outputs) does not fit the action space (discrete=" + actions.discrete() + ", size " + actions.size() + ")");
        }
    }

    PolicyNet net() {
        return net;
    }

    /** The algorithm id that trained this policy. */
    public String algorithm() {
        return algorithm;
    }

    /** Greedy actions for a batch of observations, row-major {@code [B, obsSize]} → {@code [B, dim]}. */
    float[] actBatch(float[] obs, int batch) {
        float[] out = new float[batch * actions.dim()];
        try (var g = Tensor.noGrad()) {
            net.pi(Tensor.of(obs, batch, net.obsSize)).mode(out);
        }
        if (!actions.discrete()) actions.clip(out, out);
        return out;
    }

    @Override
    public Object act(Object observation) {
        if (!(observation instanceof float[] obs)) {
            throw new IllegalArgumentException("a network policy needs a float[] (Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        if (obs.length != net.obsSize) {
            throw new IllegalArgumentException("observation must have " + net.obsSize + " values but had " + obs.length);
        }
        float[] a = actBatch(obs.clone(), 1);
        return actions.discrete() ? (Object) Integer.valueOf((int) a[0]) : a;
    }

    @Override
    public void save(Path directory) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(net.metadata());
        meta.put("algorithm", algorithm);
        meta.put("action_low", Arrays.toString(actions.low()));
        meta.put("action_high", Arrays.toString(actions.high()));
        SafeTensors.save(directory.resolve(FILE), net.namedParameters(), meta);
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}. */
    public static NetworkPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        try {
            PolicyNet net = PolicyNet.fromMetadata(meta);
            net.loadStateDict(c.tensors());
            float[] low = floats(meta.getOrDefault("action_low", "[]"));
            float[] high = floats(meta.getOrDefault("action_high", "[]"));
            return new NetworkPolicy(net, new ActionSpec(net.discrete, net.actionSize, low, high),
                    meta.getOrDefault("algorithm", "unknown"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a policy of this package: " + e.getMessage(), e);
        }
    }

    private static float[] floats(String s) {
        String t = s.strip();
        t = t.substring(1, t.length() - 1).strip();
        if (t.isEmpty()) return new float[0];
        String[] p = t.split(",");
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Float.parseFloat(p[i].strip());
        return out;
    }
}
