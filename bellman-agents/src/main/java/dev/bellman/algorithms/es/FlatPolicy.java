package dev.bellman.algorithms.es;

import dev.bellman.core.Policy;
import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A deterministic policy of this package, a function of one flat parameter vector: a tanh MLP (OpenAI-ES) or a
 * linear map without bias (ARS), applied to the normalised observation {@code clip((x − mean) · scale, ±obsClip)}.
 * Discrete actions: the arg max of the outputs. Box actions: the outputs squashed by tanh into the box
 * ({@link Arch#tanhOutput}) or clipped to it.
 *
 * <p>Parameter layout, layer by layer: the weights {@code [out][in]} row-major, then (with bias) the {@code out}
 * biases. Saved as one safetensors file, {@value #FILE}: the tensors {@code params}, {@code obs_mean},
 * {@code obs_scale}, and the architecture in the metadata, so {@link #load} rebuilds an identical policy.
 */
public final class FlatPolicy implements Policy {
    /** The file inside the run directory. */
    public static final String FILE = "policy.safetensors";
    private static final String FORMAT = "bellman-flat-policy 1";

    /**
     * The shape of a flat policy.
     *
     * @param obsSize observation values
     * @param hidden hidden layer widths (tanh); empty for a linear policy
     * @param bias whether layers have biases
     * @param discrete Discrete (arg max) or Box actions
     * @param actSize actions (Discrete) or action values (Box)
     * @param low the action box's lower bounds (Box), empty for Discrete
     * @param high the action box's upper bounds (Box), empty for Discrete
     * @param tanhOutput Box actions: squash by tanh into the box (true) or clip to it (false)
     */
    record Arch(int obsSize, int[] hidden, boolean bias, boolean discrete, int actSize, float[] low, float[] high,
                boolean tanhOutput) {
        Arch {
            if (obsSize <= 0) throw new IllegalArgumentException("obsSize must be positive but was " + obsSize);
            if (actSize <= 0) throw new IllegalArgumentException("actSize must be positive but was " + actSize);
            hidden = hidden.clone();
            for (int h : hidden) if (h <= 0) throw new IllegalArgumentException("hidden sizes must be positive but were " + Arrays.toString(hidden));
            low = low.clone();
            high = high.clone();
            if (!discrete && (low.length != actSize || high.length != actSize)) {
                throw new IllegalArgumentException("a Box policy needs " + actSize + " bounds but had " + low.length + " and " + high.length);
            }
        }

        /** The architecture for an env's spaces. */
        static Arch of(Space<?> observations, Space<?> actions, int[] hidden, boolean bias, boolean tanhOutput) {
            if (!(observations instanceof Box ob)) {
                throw new IllegalArgumentException("needs a Box observation space but got " + observations);
            }
            if (actions instanceof Discrete d) {
                return new Arch(ob.size(), hidden, bias, true, d.n(), new float[0], new float[0], tanhOutput);
            }
            if (actions instanceof Box ab) {
                return new Arch(ob.size(), hidden, bias, false, ab.size(), ab.low(), ab.high(), tanhOutput);
            }
            throw new IllegalArgumentException("needs Discrete or Box actions but got " + actions);
        }

        /** Layer widths from the input to the output. */
        int[] widths() {
            int[] w = new int[hidden.length + 2];
            w[0] = obsSize;
            System.arraycopy(hidden, 0, w, 1, hidden.length);
            w[w.length - 1] = actSize;
            return w;
        }

        /** The length of the flat parameter vector. */
        int numParams() {
            int[] w = widths();
            long n = 0;
            for (int l = 0; l + 1 < w.length; l++) n += (long) w[l + 1] * w[l] + (bias ? w[l + 1] : 0);
            if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the policy would have " + n + " parameters");
            return (int) n;
        }

        /** OpenAI's {@code normc_initializer}: each unit's incoming weights N(0,1) rescaled to norm {@code std}. */
        float[] normcInit(Rng rng) {
            float[] p = new float[numParams()];
            int[] w = widths();
            int off = 0;
            for (int l = 0; l + 1 < w.length; l++) {
                double std = l + 2 == w.length ? 0.01 : 1.0;
                int nIn = w[l], nOut = w[l + 1];
                for (int o = 0; o < nOut; o++) {
                    double norm = 0;
                    for (int i = 0; i < nIn; i++) {
                        p[off + o * nIn + i] = (float) rng.nextGaussian();
                        norm += (double) p[off + o * nIn + i] * p[off + o * nIn + i];
                    }
                    double s = std / Math.sqrt(norm);
                    for (int i = 0; i < nIn; i++) p[off + o * nIn + i] = (float) (p[off + o * nIn + i] * s);
                }
                off += nOut * nIn + (bias ? nOut : 0); // biases stay 0
            }
            return p;
        }

        /** Scratch arrays for {@link #forward}: one per layer output. */
        float[][] scratch() {
            int[] w = widths();
            float[][] s = new float[w.length][];
            for (int l = 0; l < w.length; l++) s[l] = new float[w[l]];
            return s;
        }

        /**
         * The raw outputs for observation {@code x}: normalises it into {@code s[0]}, runs the layers, returns
         * {@code s[last]}.
         */
        float[] forward(float[] p, float[] x, float[] mean, float[] scale, float obsClip, float[][] s) {
            float[] in = s[0];
            for (int i = 0; i < obsSize; i++) {
                float v = (x[i] - mean[i]) * scale[i];
                in[i] = Math.max(-obsClip, Math.min(obsClip, v));
            }
            int off = 0;
            for (int l = 0; l + 1 < s.length; l++) {
                float[] a = s[l], out = s[l + 1];
                int nIn = a.length, nOut = out.length;
                for (int o = 0; o < nOut; o++) {
                    float acc = 0f;
                    int row = off + o * nIn;
                    for (int i = 0; i < nIn; i++) acc += p[row + i] * a[i];
                    out[o] = acc;
                }
                off += nOut * nIn;
                if (bias) {
                    for (int o = 0; o < nOut; o++) out[o] += p[off + o];
                    off += nOut;
                }
                if (l + 2 < s.length) for (int o = 0; o < nOut; o++) out[o] = (float) Math.tanh(out[o]);
            }
            return s[s.length - 1];
        }

        /** The env action for raw outputs {@code y}: an {@code Integer} (Discrete) or a {@code float[]} (Box). */
        Object action(float[] y) {
            if (discrete) {
                int best = 0;
                for (int i = 1; i < y.length; i++) if (y[i] > y[best]) best = i;
                return best;
            }
            float[] a = new float[actSize];
            for (int i = 0; i < actSize; i++) {
                float lo = low[i], hi = high[i];
                if (tanhOutput && Float.isFinite(lo) && Float.isFinite(hi)) {
                    a[i] = lo + (float) ((Math.tanh(y[i]) + 1) * 0.5) * (hi - lo);
                } else {
                    a[i] = Math.max(lo, Math.min(hi, y[i]));
                }
            }
            return a;
        }
    }

    private final Arch arch;
    private final float[] params, obsMean, obsScale;
    private final float obsClip;
    private final String algorithm;

    FlatPolicy(Arch arch, float[] params, float[] obsMean, float[] obsScale, float obsClip, String algorithm) {
        this.arch = Objects.requireNonNull(arch, "arch");
        if (params.length != arch.numParams()) {
            throw new IllegalArgumentException("the architecture has " + arch.numParams() + " parameters but " + params.length + " were given");
        }
        if (obsMean.length != arch.obsSize() || obsScale.length != arch.obsSize()) {
            throw new IllegalArgumentException("observation statistics need " + arch.obsSize() + " values");
        }
        this.params = params.clone();
        this.obsMean = obsMean.clone();
        this.obsScale = obsScale.clone();
        this.obsClip = obsClip;
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    }

    /** The algorithm id that trained this policy. */
    public String algorithm() {
        return algorithm;
    }

    /** A copy of the flat parameter vector. */
    public float[] parameters() {
        return params.clone();
    }

    @Override
    public Object act(Object observation) {
        if (!(observation instanceof float[] obs)) {
            throw new IllegalArgumentException("a flat policy needs a float[] (Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        if (obs.length != arch.obsSize()) {
            throw new IllegalArgumentException("observation must have " + arch.obsSize() + " values but had " + obs.length);
        }
        return arch.action(arch.forward(params, obs, obsMean, obsScale, obsClip, arch.scratch()));
    }

    @Override
    public void save(Path directory) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("algorithm", algorithm);
        meta.put("obs_size", Integer.toString(arch.obsSize()));
        meta.put("hidden", Arrays.toString(arch.hidden()));
        meta.put("bias", Boolean.toString(arch.bias()));
        meta.put("discrete", Boolean.toString(arch.discrete()));
        meta.put("action_size", Integer.toString(arch.actSize()));
        meta.put("action_low", Arrays.toString(arch.low()));
        meta.put("action_high", Arrays.toString(arch.high()));
        meta.put("tanh_output", Boolean.toString(arch.tanhOutput()));
        meta.put("obs_clip", Float.toString(obsClip));
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("params", Tensor.of(params.clone(), params.length));
        t.put("obs_mean", Tensor.of(obsMean.clone(), obsMean.length));
        t.put("obs_scale", Tensor.of(obsScale.clone(), obsScale.length));
        SafeTensors.save(directory.resolve(FILE), t, meta);
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}. */
    public static FlatPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException(file + " is not a flat policy (format '" + m.get("format") + "', expected '" + FORMAT + "')");
        }
        try {
            Arch arch = new Arch(Integer.parseInt(m.get("obs_size")), ints(m.get("hidden")), Boolean.parseBoolean(m.get("bias")),
                    Boolean.parseBoolean(m.get("discrete")), Integer.parseInt(m.get("action_size")),
                    floats(m.get("action_low")), floats(m.get("action_high")), Boolean.parseBoolean(m.get("tanh_output")));
            return new FlatPolicy(arch, tensor(c, "params"), tensor(c, "obs_mean"), tensor(c, "obs_scale"),
                    Float.parseFloat(m.get("obs_clip")), m.getOrDefault("algorithm", "unknown"));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a valid flat policy: " + e.getMessage(), e);
        }
    }

    private static float[] tensor(SafeTensors.Contents c, String name) {
        Tensor t = c.tensors().get(name);
        if (t == null) throw new IllegalArgumentException("it has no tensor '" + name + "'");
        return t.toArray();
    }

    private static String[] items(String s) {
        String t = s.strip();
        t = t.substring(1, t.length() - 1).strip();
        return t.isEmpty() ? new String[0] : t.split(",");
    }

    private static int[] ints(String s) {
        String[] p = items(s);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i].strip());
        return out;
    }

    private static float[] floats(String s) {
        String[] p = items(s);
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Float.parseFloat(p[i].strip());
        return out;
    }
}
