package dev.bellman.optim;

import dev.bellman.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared plumbing of the optimizers: the parameter list, the learning rate, per-parameter step
 * counts and named per-parameter buffers, and their export for checkpoints.
 */
abstract class BaseOptimizer implements Optimizer {
    final List<Tensor> params;
    final long[] steps;
    private final Map<String, float[][]> buffers = new LinkedHashMap<>();
    double lr;

    BaseOptimizer(List<Tensor> params, double lr, String... bufferNames) {
        if (params.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).requiresGrad()) {
                throw new IllegalArgumentException("parameter " + i + " of shape " + Arrays.toString(params.get(i).shape())
                        + " does not require grad (create it with Tensor.parameter)");
            }
        }
        checkLr(lr);
        this.params = List.copyOf(params);
        this.steps = new long[params.size()];
        this.lr = lr;
        for (String b : bufferNames) buffers.put(b, new float[params.size()][]);
    }

    static void checkLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learningRate must be finite and >= 0 but was " + lr);
        }
    }

    static void checkRange(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "] but was " + v);
        }
    }

    /** The named buffer of parameter {@code i}, allocated (zeros) on first use. */
    final float[] buffer(String name, int i) {
        float[][] b = buffers.get(name);
        if (b[i] == null) b[i] = new float[params.get(i).size()];
        return b[i];
    }

    /** True if the named buffer of parameter {@code i} has been allocated. */
    final boolean hasBuffer(String name, int i) {
        return buffers.get(name)[i] != null;
    }

    @Override
    public final void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] g = p.grad();
            if (g == null) continue;
            steps[i]++;
            update(i, p.data(), p.offset(), g, p.size(), steps[i]);
            p.bumpVersion(); // a tape that used the old values can no longer be differentiated (Tensor's notes)
        }
    }

    /**
     * Updates parameter {@code i}: elements {@code data[off .. off+n)}, gradient {@code grad[0 .. n)},
     * {@code step} is this parameter's step count after incrementing (1 on the first step).
     */
    abstract void update(int i, float[] data, int off, float[] grad, int n, long step);

    @Override
    public final void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        checkLr(learningRate);
        this.lr = learningRate;
    }

    @Override
    public final List<Tensor> parameters() {
        return params;
    }

    @Override
    public final Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        float[] st = new float[2 * steps.length];
        for (int i = 0; i < steps.length; i++) {
            st[2 * i] = steps[i] & 0xFFFFFF;
            st[2 * i + 1] = steps[i] >>> 24;
        }
        out.put("step", st);
        for (var e : buffers.entrySet()) {
            for (int i = 0; i < params.size(); i++) {
                if (e.getValue()[i] != null) out.put(e.getKey() + "." + i, e.getValue()[i].clone());
            }
        }
        return out;
    }

    @Override
    public final void loadState(Map<String, float[]> state) {
        float[] st = state.get("step");
        if (st == null || st.length != 2 * steps.length) {
            throw new IllegalArgumentException("optimizer state needs 'step' with " + 2 * steps.length + " floats but had "
                    + (st == null ? "none" : st.length));
        }
        Map<String, float[][]> fresh = new LinkedHashMap<>();
        for (String b : buffers.keySet()) fresh.put(b, new float[params.size()][]);
        for (var e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals("step")) continue;
            int dot = key.lastIndexOf('.');
            float[][] b = dot < 0 ? null : fresh.get(key.substring(0, dot));
            int idx;
            try {
                idx = dot < 0 ? -1 : Integer.parseInt(key.substring(dot + 1));
            } catch (NumberFormatException ex) {
                idx = -1;
            }
            if (b == null || idx < 0 || idx >= params.size()) {
                throw new IllegalArgumentException("unexpected optimizer state key '" + key + "' for " + getClass().getSimpleName()
                        + " (buffers " + buffers.keySet() + ", " + params.size() + " parameters)");
            }
            if (e.getValue().length != params.get(idx).size()) {
                throw new IllegalArgumentException("optimizer state '" + key + "' has " + e.getValue().length
                        + " floats but parameter " + idx + " has " + params.get(idx).size());
            }
            b[idx] = e.getValue().clone();
        }
        for (int i = 0; i < steps.length; i++) steps[i] = (long) st[2 * i] | ((long) st[2 * i + 1] << 24);
        for (var e : fresh.entrySet()) buffers.put(e.getKey(), e.getValue());
    }
}
