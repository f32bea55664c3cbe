package dev.bellman.algorithms.pg;

import dev.bellman.distributions.Categorical;
import dev.bellman.distributions.DiagGaussian;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy network every algorithm of this package acts with (SB3's {@code MlpPolicy} actor): a tanh MLP
 * trunk, a linear policy head producing logits ({@link Categorical}) or the mean of a {@link DiagGaussian} with a
 * state-independent log-std parameter, and optionally a value head on the same trunk (A2C/A3C with a shared
 * network).
 *
 * <p>Parameter names: {@code trunk.0.weight ... pi.weight, pi.bias, log_std, vf.weight, vf.bias}.
 * Initialisation as SB3/CleanRL: orthogonal with gain √2 in the trunk, 0.01 for the policy head, 1 for the value
 * head, zero biases; log-std starts at {@code initLogStd}.
 */
final class PolicyNet extends Module {
    final int obsSize;
    final boolean discrete;
    final int actionSize;
    final int[] hidden;
    final boolean valueHead;
    final float initLogStd;
    private final Sequential trunk;
    private final Linear pi;
    private final Tensor logStd;
    private final Linear vf;

    /**
     * @param obsSize flat observation size
     * @param discrete true: {@code actionSize} actions (Categorical); false: {@code actionSize} dimensions (Gaussian)
     * @param hidden hidden layer sizes (at least one)
     * @param valueHead whether to add a value head on the trunk
     */
    PolicyNet(int obsSize, boolean discrete, int actionSize, int[] hidden, boolean valueHead, float initLogStd, Rng rng) {
        if (obsSize <= 0 || actionSize <= 0) {
            throw new IllegalArgumentException("obsSize and actionSize must be positive but were " + obsSize + ", " + actionSize);
        }
        if (hidden.length == 0) throw new IllegalArgumentException("PolicyNet needs at least one hidden layer");
        this.obsSize = obsSize;
        this.discrete = discrete;
        this.actionSize = actionSize;
        this.hidden = hidden.clone();
        this.valueHead = valueHead;
        this.initLogStd = initLogStd;
        List<Module> layers = new ArrayList<>();
        int in = obsSize;
        for (int h : hidden) {
            layers.add(new Linear(in, h, LayerInit.orthogonal(Math.sqrt(2), 0), rng));
            layers.add(Activation.tanh());
            in = h;
        }
        trunk = registerModule("trunk", new Sequential(layers));
        pi = registerModule("pi", new Linear(in, actionSize, LayerInit.orthogonal(0.01, 0), rng));
        if (!discrete) {
            float[] ls = new float[actionSize];
            Arrays.fill(ls, initLogStd);
            logStd = registerParameter("log_std", Tensor.parameter(ls, actionSize));
        } else {
            logStd = null;
        }
        vf = valueHead ? registerModule("vf", new Linear(in, 1, LayerInit.orthogonal(1, 0), rng)) : null;
    }

    /** The parameters of the policy alone (trunk, policy head, log-std), without the value head. */
    List<Tensor> policyParameters() {
        List<Tensor> out = new ArrayList<>();
        for (var e : namedParameters().entrySet()) if (!e.getKey().startsWith("vf.")) out.add(e.getValue());
        return out;
    }

    /** The trunk's features {@code [B, hidden[last]]}. */
    Tensor features(Tensor obs) {
        return trunk.forward(obs);
    }

    /** The action distribution at {@code obs [B, obsSize]}. */
    Pi pi(Tensor obs) {
        return head(features(obs));
    }

    /** The action distribution from trunk features. */
    Pi head(Tensor features) {
        Tensor out = pi.forward(features);
        return discrete ? new Pi(new Categorical(out), null) : new Pi(null, new DiagGaussian(out, logStd));
    }

    /** The value head from trunk features, {@code [B]}; only with {@code valueHead}. */
    Tensor value(Tensor features) {
        if (vf == null) throw new IllegalStateException("this PolicyNet has no value head");
        return vf.forward(features).reshape(features.dim(0));
    }

    /** The architecture as safetensors metadata, read back by {@link #fromMetadata}. */
    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("obs_size", Integer.toString(obsSize));
        m.put("discrete", Boolean.toString(discrete));
        m.put("action_size", Integer.toString(actionSize));
        m.put("hidden", Arrays.toString(hidden).replaceAll("[\\[\\] ]", ""));
        m.put("value_head", Boolean.toString(valueHead));
        return m;
    }

    /** An (uninitialised-weights) network with the architecture recorded in {@code m}. */
    static PolicyNet fromMetadata(Map<String, String> m) {
        String[] parts = require(m, "hidden").split(",");
        int[] hidden = new int[parts.length];
        for (int i = 0; i < parts.length; i++) hidden[i] = Integer.parseInt(parts[i].strip());
        return new PolicyNet(Integer.parseInt(require(m, "obs_size")), Boolean.parseBoolean(require(m, "discrete")),
                Integer.parseInt(require(m, "action_size")), hidden, Boolean.parseBoolean(require(m, "value_head")),
                0f, new Rng(0));
    }

    private static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("policy metadata lacks '" + key + "'; present: " + m.keySet());
        return v;
    }

    /**
     * A batch of action distributions, categorical or diagonal Gaussian, with actions stored as floats (a discrete
     * action {@code k} as {@code (float) k}, exact for any realistic number of actions).
     */
    static final class Pi {
        final Categorical categorical;
        final DiagGaussian gaussian;

        Pi(Categorical categorical, DiagGaussian gaussian) {
            this.categorical = categorical;
            this.gaussian = gaussian;
        }

        int batchSize() {
            return categorical != null ? categorical.batchSize() : gaussian.batchSize();
        }

        /** {@code log π(a|s)} per row, {@code [B]}; {@code actions} row-major {@code [B, actionDim]}. */
        Tensor logProb(float[] actions) {
            int b = batchSize();
            if (categorical != null) {
                int[] a = new int[b];
                for (int i = 0; i < b; i++) a[i] = (int) actions[i];
                return categorical.logProb(a);
            }
            return gaussian.logProb(Tensor.of(actions.clone(), b, gaussian.dim()));
        }

        /** Entropy per row, {@code [B]}. */
        Tensor entropy() {
            return categorical != null ? categorical.entropy() : gaussian.entropy();
        }

        /** {@code KL(old ‖ this)} per row, {@code [B]} (the direction TRPO constrains). */
        Tensor klFrom(Pi old) {
            return categorical != null ? old.categorical.kl(categorical) : old.gaussian.kl(gaussian);
        }

        /** Draws one action per row into {@code out} (row-major {@code [B, actionDim]}). */
        void sample(Rng rng, float[] out) {
            if (categorical != null) {
                int[] a = categorical.sample(rng);
                for (int i = 0; i < a.length; i++) out[i] = a[i];
            } else {
                Tensor s = gaussian.sample(rng);
                System.arraycopy(s.data(), s.offset(), out, 0, s.size());
            }
        }

        /** The most probable action of each row into {@code out}. */
        void mode(float[] out) {
            if (categorical != null) {
                int[] a = categorical.mode();
                for (int i = 0; i < a.length; i++) out[i] = a[i];
            } else {
                Tensor m = gaussian.mean();
                System.arraycopy(m.data(), m.offset(), out, 0, m.size());
            }
        }
    }
}
