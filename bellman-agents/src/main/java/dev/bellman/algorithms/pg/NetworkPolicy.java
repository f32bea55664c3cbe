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
public final class NetworkPolicy implements dev.bellman.core.PolicyOutputs {
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

    /**
     * {@link dev.bellman.core.PolicyOutputs}: {@code value} (with a value head), then {@code probabilities} (Discrete)
     * or {@code mean} and {@code std} (Box, the mean before clipping).
     */
    @Override
    public java.util.List<String> outputNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (net.valueHead) names.add("value");
        if (actions.discrete()) names.add("probabilities");
        else names.addAll(java.util.List.of("mean", "std"));
        return names;
    }

    @Override
    public Map<String, float[]> outputs(Object observation) {
        float[] obs = checked(observation);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (var g = Tensor.noGrad()) {
            Tensor features = net.features(Tensor.of(obs.clone(), 1, net.obsSize));
            if (net.valueHead) out.put("value", net.value(features).toArray());
            PolicyNet.Pi pi = net.head(features);
            if (actions.discrete()) {
                out.put("probabilities", pi.categorical.probs().toArray());
            } else {
                out.put("mean", pi.gaussian.mean().toArray());
                float[] std = pi.gaussian.logStd().toArray();
                for (int i = 0; i < std.length; i++) std[i] = (float) Math.exp(std[i]);
                out.put("std", std);
            }
        }
        return out;
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    /**
     * A draw from the policy's distribution: the categorical by inverse CDF, or mean + std·z (z standard normal by
     * Box-Muller) clipped to the action bounds.
     */
    @Override
    public Object sample(Object observation, java.util.SplittableRandom rng) {
        Map<String, float[]> o = outputs(observation);
        if (actions.discrete()) {
            float[] p = o.get("probabilities");
            double u = rng.nextDouble(), c = 0;
            int last = 0;
            for (int a = 0; a < p.length; a++) {
                if (p[a] > 0) {
                    last = a;
                    c += p[a];
                    if (u < c) return a;
                }
            }
            return last;
        }
        float[] mean = o.get("mean"), std = o.get("std"), a = new float[mean.length];
        for (int i = 0; i < a.length; i++) {
            double z = Math.sqrt(-2 * Math.log(1.0 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            a[i] = mean[i] + std[i] * (float) z;
        }
        actions.clip(a, a);
        return a;
    }

    private float[] checked(Object observation) {
        if (!(observation instanceof float[] obs)) {
            throw new IllegalArgumentException("a network policy needs a float[] (Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        if (obs.length != net.obsSize) {
            throw new IllegalArgumentException("observation must have " + net.obsSize + " values but had " + obs.length);
        }
        return obs;
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
        net.save(directory.resolve(FILE), meta); // parameters, and buffers if the net has any
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
