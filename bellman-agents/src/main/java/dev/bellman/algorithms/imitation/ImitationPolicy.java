package dev.bellman.algorithms.imitation;

import dev.bellman.core.Policy;
import dev.bellman.distributions.Categorical;
import dev.bellman.distributions.DiagGaussian;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;
import dev.bellman.env.wrappers.RunningMeanStd;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.nn.Sequential;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy that {@link Bc} and {@link Dagger} learn (the {@code imitation} library's default {@code ActorCriticPolicy}
 * actor without the critic): a tanh MLP over the observation's features, a linear head producing logits
 * ({@code Discrete} actions, {@link Categorical}) or the mean of a {@link DiagGaussian} with a state-independent
 * log-std ({@code Box} actions). Features: a {@code Box} or {@code ByteBox} observation's values, a {@code Discrete}
 * observation one-hot. Acts greedily (arg max, or the mean clipped to the action box). A policy trained on normalised
 * observations ({@link Adversarial.GeneratorConfig#normObs}) keeps the final statistics and normalises each
 * observation with them ((x − mean) / sqrt(var + 1e-8), clipped to ±10) before the network.
 *
 * <p>Saved as {@value #FILE}, whose metadata records the architecture, the spaces' sizes and the observation
 * statistics ({@code obs_rms}: count, means, variances) if any.
 */
final class ImitationPolicy implements Policy {
    static final String FILE = "policy.safetensors";

    final Net net;
    final int obsStates; // > 0: Discrete observations of this many states, one-hot
    final float[] actionLow, actionHigh; // Box actions only
    final String algorithm;
    RunningMeanStd obsRms; // null: raw observations

    ImitationPolicy(Net net, int obsStates, float[] actionLow, float[] actionHigh, String algorithm) {
        this.net = net;
        this.obsStates = obsStates;
        this.actionLow = actionLow;
        this.actionHigh = actionHigh;
        this.algorithm = algorithm;
    }

    /** A fresh policy for these spaces, initialised from {@code rng}. */
    static ImitationPolicy create(Space<?> obs, Space<?> act, int[] hidden, Rng rng, String algorithm) {
        int obsStates = obs instanceof Discrete d ? d.n() : 0;
        int obsSize = obs instanceof Discrete d ? d.n() : obs.flatDim();
        if (!(obs instanceof Discrete || obs instanceof Box || obs instanceof ByteBox)) {
            throw new IllegalArgumentException(algorithm + " needs Box, ByteBox or Discrete observations but got " + obs);
        }
        return switch (act) {
            case Discrete d -> new ImitationPolicy(new Net(obsSize, true, d.n(), hidden, rng), obsStates, null, null,
                    algorithm);
            case Box b -> new ImitationPolicy(new Net(obsSize, false, b.flatDim(), hidden, rng), obsStates, b.low(),
                    b.high(), algorithm);
            default -> throw new IllegalArgumentException(algorithm + " needs Discrete or Box actions but got " + act);
        };
    }

    boolean discrete() {
        return net.discrete;
    }

    /** The network input of one observation (the env's own type, or its float values). */
    float[] features(Object observation) {
        if (obsStates > 0) {
            if (!(observation instanceof Number n)) {
                throw new IllegalArgumentException("this policy needs an Integer (Discrete) observation but got "
                        + (observation == null ? "null" : observation.getClass().getSimpleName()));
            }
            int s = n.intValue();
            if (s < 0 || s >= obsStates) {
                throw new IllegalArgumentException("observation must be a state in [0, " + obsStates + ") but was " + s);
            }
            float[] x = new float[obsStates];
            x[s] = 1f;
            return x;
        }
        float[] x = switch (observation) {
            case float[] f -> f;
            case byte[] b -> ByteBox.toFloats(b);
            default -> throw new IllegalArgumentException("this policy needs a float[] observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        };
        if (x.length != net.obsSize) {
            throw new IllegalArgumentException("observation must have " + net.obsSize + " values but had " + x.length);
        }
        return x;
    }

    @Override
    public Object act(Object observation) {
        float[] x = features(observation);
        if (obsRms != null) {
            float[] n = new float[x.length];
            normalize(x, n, obsRms);
            x = n;
        }
        try (var g = Tensor.noGrad()) {
            Tensor out = net.head(Tensor.of(x, 1, net.obsSize));
            if (net.discrete) {
                return new Categorical(out).mode()[0];
            }
            float[] a = out.toArray();
            for (int i = 0; i < a.length; i++) a[i] = Math.max(actionLow[i], Math.min(actionHigh[i], a[i]));
            return a;
        }
    }

    @Override
    public void save(Path directory) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("algorithm", algorithm);
        meta.put("obs_size", Integer.toString(net.obsSize));
        meta.put("obs_states", Integer.toString(obsStates));
        meta.put("discrete", Boolean.toString(net.discrete));
        meta.put("action_size", Integer.toString(net.actionSize));
        meta.put("hidden", Arrays.toString(net.hidden).replaceAll("[\\[\\] ]", ""));
        if (!net.discrete) {
            meta.put("action_low", Arrays.toString(actionLow));
            meta.put("action_high", Arrays.toString(actionHigh));
        }
        if (obsRms != null) meta.put("obs_rms", Arrays.toString(obsRms.toArray()));
        net.save(directory.resolve(FILE), meta);
    }

    /** {@code out = clip((raw − mean) / sqrt(var + 1e-8), −10, 10)} per row of {@code raw}, columns as {@code rms}. */
    static void normalize(float[] raw, float[] out, RunningMeanStd rms) {
        int n = rms.mean().length;
        for (int k = 0; k < raw.length; k++) {
            int j = k % n;
            double z = (raw[k] - rms.mean(j)) / Math.sqrt(rms.var(j) + 1e-8);
            out[k] = (float) Math.min(Math.max(z, -10), 10);
        }
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}. */
    static ImitationPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        try {
            String[] parts = m.get("hidden").split(",");
            int[] hidden = new int[parts.length];
            for (int i = 0; i < parts.length; i++) hidden[i] = Integer.parseInt(parts[i].strip());
            boolean discrete = Boolean.parseBoolean(m.get("discrete"));
            Net net = new Net(Integer.parseInt(m.get("obs_size")), discrete, Integer.parseInt(m.get("action_size")),
                    hidden, new Rng(0));
            net.loadStateDict(c.tensors());
            ImitationPolicy p = new ImitationPolicy(net, Integer.parseInt(m.get("obs_states")),
                    discrete ? null : floats(m.get("action_low")), discrete ? null : floats(m.get("action_high")),
                    m.getOrDefault("algorithm", "bc"));
            if (m.containsKey("obs_rms")) {
                String[] f = m.get("obs_rms").replaceAll("[\\[\\] ]", "").split(",");
                double[] a = new double[f.length];
                for (int i = 0; i < f.length; i++) a[i] = Double.parseDouble(f[i]);
                p.obsRms = new RunningMeanStd(p.net.obsSize);
                p.obsRms.fromArray(a);
            }
            return p;
        } catch (RuntimeException e) {
            throw new IOException(file + " is not an imitation policy: " + e.getMessage(), e);
        }
    }

    private static float[] floats(String s) {
        String[] p = s.replaceAll("[\\[\\] ]", "").split(",");
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Float.parseFloat(p[i]);
        return out;
    }

    /** The network: tanh MLP trunk and a linear policy head (plus log-std for Box actions). */
    static final class Net extends Module {
        final int obsSize, actionSize;
        final boolean discrete;
        final int[] hidden;
        private final Sequential trunk;
        private final Linear pi;
        final Tensor logStd;

        Net(int obsSize, boolean discrete, int actionSize, int[] hidden, Rng rng) {
            if (obsSize <= 0 || actionSize <= 0) {
                throw new IllegalArgumentException("obsSize and actionSize must be positive but were " + obsSize + ", "
                        + actionSize);
            }
            this.obsSize = obsSize;
            this.discrete = discrete;
            this.actionSize = actionSize;
            this.hidden = hidden.clone();
            List<Module> layers = new ArrayList<>();
            int in = obsSize;
            for (int h : hidden) {
                layers.add(new Linear(in, h, LayerInit.orthogonal(Math.sqrt(2), 0), rng));
                layers.add(Activation.tanh());
                in = h;
            }
            trunk = registerModule("trunk", new Sequential(layers));
            pi = registerModule("pi", new Linear(in, actionSize, LayerInit.orthogonal(0.01, 0), rng));
            logStd = discrete ? null : registerParameter("log_std", Tensor.parameter(new float[actionSize], actionSize));
        }

        /** Logits (Discrete) or Gaussian means (Box), {@code [B, actionSize]}. */
        Tensor head(Tensor obs) {
            return pi.forward(trunk.forward(obs));
        }
    }
}
