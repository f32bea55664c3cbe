package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network building block that owns named parameters and child modules, as {@code torch.nn.Module}.
 *
 * <p>Subclasses register their parameters with {@link #registerParameter} and their children with
 * {@link #registerModule} in their constructor. {@link #namedParameters()} lists a module's own
 * parameters first (in registration order) and then each child's, recursively, with dotted
 * hierarchical names ({@code actor.0.weight}) — the order and names of PyTorch's
 * {@code named_parameters()} and {@code state_dict()}, so state dicts move between the two.
 *
 * <p>Parameters are trainable leaf tensors ({@link Tensor#parameter}); optimizers and
 * {@link #copyFrom}/{@link #polyakFrom} update their storage in place, so tensors obtained from
 * {@link #parameters()} stay valid.
 *
 * <p><b>Buffers</b> are non-trainable state that belongs to the model, as PyTorch's
 * {@code register_buffer}: float tensors ({@link #registerBuffer}, e.g. batch norm's
 * {@code running_mean}) and int64 scalars ({@link #registerCounter}, e.g.
 * {@code num_batches_tracked}, kept as a {@code long} so that the float-only {@link Tensor} stays
 * simple). Buffers are not in {@link #parameters()} (optimizers never see them) but are in
 * {@link #stateDict()}, in {@link #save}d files (counters as {@code I64}) and in
 * {@link #copyFrom}. The state-dict order is PyTorch's: per module its parameters, then its
 * buffers, then each child's entries ({@code 1.weight, 1.bias, 1.running_mean, 1.running_var,
 * 1.num_batches_tracked}).
 *
 * <p><b>Mode.</b> A module is in training mode when created; {@link #eval()} and {@link #train()}
 * set the mode of the whole tree, as PyTorch's. Only layers that behave differently use it
 * (batch norm: batch statistics and running-statistics updates in training, running statistics
 * in evaluation; dropout: identity in evaluation).
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Counter> counters = new LinkedHashMap<>();
    private final List<String> bufferOrder = new ArrayList<>();
    private boolean training = true;

    /**
     * A non-trainable int64 scalar of a module ({@link #registerCounter}), such as batch norm's
     * {@code num_batches_tracked}; stored as {@code I64} in safetensors files and checkpoints.
     */
    public static final class Counter {
        private long value;

        /** The current value. */
        public long get() {
            return value;
        }

        /** Sets the value. */
        public void set(long value) {
            this.value = value;
        }

        /** Adds one. */
        public void increment() {
            value++;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** Registers a trainable parameter under {@code name} (no dots) and returns it. */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name);
        if (!parameter.requiresGrad()) {
            throw new IllegalArgumentException("parameter '" + name + "' must require grad (use Tensor.parameter)");
        }
        params.put(name, parameter);
        parameter.name(name);
        return parameter;
    }

    /**
     * Registers a non-trainable float buffer under {@code name} (no dots) and returns it: part of
     * the state dict and of saved files, not of {@link #parameters()}. Layers update it in place
     * through {@link Tensor#data()} (and then call {@link Tensor#bumpVersion()}).
     *
     * @throws IllegalArgumentException if {@code buffer} requires grad (register it as a parameter)
     */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        if (buffer.requiresGrad()) {
            throw new IllegalArgumentException("buffer '" + name + "' must not require grad (a trainable tensor is a parameter)");
        }
        buffers.put(name, buffer);
        bufferOrder.add(name);
        buffer.name(name);
        return buffer;
    }

    /** Registers an int64 scalar buffer under {@code name} (no dots), starting at 0, and returns it. */
    protected final Counter registerCounter(String name) {
        checkName(name);
        Counter c = new Counter();
        counters.put(name, c);
        bufferOrder.add(name);
        return c;
    }

    /** Registers a child module under {@code name} (no dots) and returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == this) throw new IllegalArgumentException("a module cannot be its own child ('" + name + "')");
        children.put(name, module);
        // hierarchical names for error messages (the version check of backward names the parameter)
        for (var e : module.namedParameters().entrySet()) e.getValue().name(name + "." + e.getKey());
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("invalid name '" + name + "': must be non-empty and contain no '.'");
        }
        if (params.containsKey(name) || children.containsKey(name) || buffers.containsKey(name) || counters.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /**
     * Applies the module to a batch. Modules that have no single-input forward (containers with
     * several heads) keep this default, which throws.
     */
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no single-input forward(Tensor)");
    }

    /** Every parameter with its hierarchical name, own parameters first, then children's (unmodifiable). */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        for (var e : params.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out);
    }

    /** Every float buffer with its hierarchical name, own buffers first, then children's (unmodifiable; live tensors). */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        for (var e : buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collectBuffers(prefix + e.getKey() + ".", out);
    }

    /** Every int64 counter with its hierarchical name, in the order of {@link #namedBuffers()} (unmodifiable; live). */
    public final Map<String, Counter> namedCounters() {
        Map<String, Counter> out = new LinkedHashMap<>();
        collectCounters("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectCounters(String prefix, Map<String, Counter> out) {
        for (var e : counters.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collectCounters(prefix + e.getKey() + ".", out);
    }

    /** One state-dict entry: a float tensor (parameter or buffer) or a counter. */
    private record Slot(Tensor tensor, Counter counter) {}

    /** Parameters, buffers and counters in PyTorch's {@code state_dict} order (per module: params, buffers; then children). */
    private void collectState(String prefix, Map<String, Slot> out) {
        for (var e : params.entrySet()) out.put(prefix + e.getKey(), new Slot(e.getValue(), null));
        // PyTorch keeps one buffer dict in registration order; floats and counters interleave there.
        for (String name : bufferOrder) {
            Tensor t = buffers.get(name);
            out.put(prefix + name, t != null ? new Slot(t, null) : new Slot(null, counters.get(name)));
        }
        for (var e : children.entrySet()) e.getValue().collectState(prefix + e.getKey() + ".", out);
    }

    private Map<String, Slot> slots() {
        Map<String, Slot> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    /** Sets training mode ({@code true}) or evaluation mode on this module and every descendant; returns this. */
    public final Module train(boolean mode) {
        training = mode;
        for (Module c : children.values()) c.train(mode);
        return this;
    }

    /** Training mode for the whole tree (the default), as PyTorch's {@code train()}; returns this. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode for the whole tree, as PyTorch's {@code eval()}; returns this. */
    public final Module eval() {
        return train(false);
    }

    /** True in training mode (set by {@link #train()} and {@link #eval()} on this module or an ancestor). */
    public final boolean isTraining() {
        return training;
    }

    /** The parameters in {@link #namedParameters()} order. */
    public final List<Tensor> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** The direct children in registration order (unmodifiable). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Sets every parameter's gradient to zero. */
    public final void zeroGrad() {
        for (Tensor p : namedParameters().values()) p.zeroGrad();
    }

    /** The total number of scalar parameters. */
    public final long numParameters() {
        long n = 0;
        for (Tensor p : namedParameters().values()) n += p.size();
        return n;
    }

    /**
     * Copies every parameter, buffer and counter of {@code src} into this module's of the same name
     * (a hard target-network update; as PyTorch's {@code load_state_dict(src.state_dict())}).
     *
     * @throws IllegalArgumentException if the names or shapes differ (nothing is copied then)
     */
    public final void copyFrom(Module src) {
        polyakFrom(src, 1f);
    }

    /**
     * Polyak averaging (soft target update, Lillicrap et al. 2016): θ ← τ·θ_src + (1 − τ)·θ for
     * every parameter, matched by name. τ = 1 copies. Buffers (batch norm's running statistics)
     * and counters are copied from {@code src}, not averaged, whatever τ: as Stable-Baselines3's
     * target update, which applies {@code polyak_update} to the parameters and then copies the
     * {@code running_*} buffers (SB3 leaves {@code num_batches_tracked} alone; it is copied here,
     * and only matters for a cumulative-average batch norm, which Bellman does not have).
     *
     * @throws IllegalArgumentException if τ is outside [0, 1] or the names or shapes differ
     */
    public final void polyakFrom(Module src, float tau) {
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in [0, 1] but was " + tau);
        Map<String, Slot> mine = slots();
        Map<String, Slot> theirs = src.slots();
        checkCompatible(shapes(mine), shapes(theirs), "source module " + src.getClass().getSimpleName());
        checkKinds(mine, theirs, "source module " + src.getClass().getSimpleName());
        float keep = 1f - tau;
        for (var e : mine.entrySet()) {
            Slot t = e.getValue(), s = theirs.get(e.getKey());
            if (t.counter() != null) {
                t.counter().set(s.counter().get());
                continue;
            }
            Tensor tt = t.tensor(), st = s.tensor();
            float[] td = tt.data(), sd = st.data();
            int to = tt.offset(), so = st.offset();
            if (tau == 1f || !tt.requiresGrad()) { // a buffer: copied
                System.arraycopy(sd, so, td, to, tt.size());
            } else {
                for (int i = 0; i < tt.size(); i++) td[to + i] = tau * sd[so + i] + keep * td[to + i];
            }
            tt.bumpVersion();
        }
    }

    private static Map<String, int[]> shapes(Map<String, Slot> slots) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (var e : slots.entrySet()) {
            out.put(e.getKey(), e.getValue().tensor() != null ? e.getValue().tensor().shape() : new int[0]);
        }
        return out;
    }

    private void checkKinds(Map<String, Slot> mine, Map<String, Slot> theirs, String what) {
        for (var e : mine.entrySet()) {
            if ((e.getValue().counter() == null) != (theirs.get(e.getKey()).counter() == null)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + e.getKey() + "' is "
                        + (e.getValue().counter() != null ? "an int64 counter" : "a float tensor") + " here but not in " + what);
            }
        }
    }

    /** Throws naming missing/unexpected keys and the first shape mismatch, if any. */
    private void checkCompatible(Map<String, int[]> mine, Map<String, int[]> theirs, String what) {
        Set<String> missing = new LinkedHashSet<>(mine.keySet());
        missing.removeAll(theirs.keySet());
        Set<String> unexpected = new LinkedHashSet<>(theirs.keySet());
        unexpected.removeAll(mine.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter names do not match " + what
                    + ": missing " + missing + ", unexpected " + unexpected);
        }
        List<String> mismatches = new ArrayList<>();
        for (var e : mine.entrySet()) {
            int[] a = e.getValue(), b = theirs.get(e.getKey());
            if (!Arrays.equals(a, b)) {
                mismatches.add("'" + e.getKey() + "' is " + Arrays.toString(a) + " here but " + Arrays.toString(b));
            }
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": shape mismatch with " + what + ": "
                    + String.join("; ", mismatches));
        }
    }

    /**
     * The state by name, as {@code state_dict()}: parameters and float buffers as the live tensors,
     * each counter as a new 0-d tensor holding its value (exact up to 2²⁴; {@link #save} writes
     * counters exactly, as int64). A copy of the map.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : slots().entrySet()) {
            Slot s = e.getValue();
            out.put(e.getKey(), s.tensor() != null ? s.tensor() : Tensor.scalar((float) s.counter().get()));
        }
        return out;
    }

    /**
     * Copies values from {@code state} into the parameters, buffers and counters of the same names
     * (strict, as {@code load_state_dict(strict=True)}); a counter takes its tensor's value rounded
     * to the nearest integer.
     *
     * @throws IllegalArgumentException on missing or unexpected keys or a shape mismatch (nothing
     *     is copied then)
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Slot> mine = slots();
        Map<String, int[]> theirs = new LinkedHashMap<>();
        for (var e : state.entrySet()) theirs.put(e.getKey(), e.getValue().shape());
        checkCompatible(shapes(mine), theirs, "state dict");
        for (var e : mine.entrySet()) {
            Slot t = e.getValue();
            Tensor s = state.get(e.getKey());
            if (t.counter() != null) {
                t.counter().set(Math.round((double) s.item()));
                continue;
            }
            System.arraycopy(s.data(), s.offset(), t.tensor().data(), t.tensor().offset(), t.tensor().size());
            t.tensor().bumpVersion();
        }
    }

    /** Saves the state dict as a safetensors file (atomically). */
    public final void save(Path path) throws IOException {
        save(path, Map.of());
    }

    /**
     * Saves the state dict with {@code metadata} as a safetensors file (atomically): parameters and
     * buffers as F32, counters as I64 scalars (as PyTorch writes {@code num_batches_tracked}).
     */
    public final void save(Path path, Map<String, String> metadata) throws IOException {
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        for (var e : slots().entrySet()) {
            Slot s = e.getValue();
            entries.put(e.getKey(), s.tensor() != null ? SafeTensors.Entry.of(s.tensor())
                    : SafeTensors.Entry.ofLongs(new long[]{s.counter().get()}));
        }
        SafeTensors.write(path, entries, metadata);
    }

    /**
     * Loads parameters, buffers and counters from a safetensors file written by {@link #save} or by
     * PyTorch. Float entries may be stored as F32, F16 or BF16 (widened exactly); counters must be
     * I64.
     *
     * @throws IOException if the file is unreadable or invalid
     * @throws IllegalArgumentException naming the file and the tensor if its keys, shapes or dtypes
     *     do not match this module (nothing is loaded then)
     */
    public final void load(Path path) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        Map<String, Slot> mine = slots();
        try {
            for (var e : mine.entrySet()) {
                SafeTensors.Entry f = contents.entries().get(e.getKey());
                if (f == null) continue; // reported by loadStateDict below
                boolean counter = e.getValue().counter() != null;
                if (counter ? f.dtype() != SafeTensors.DType.I64 : !f.dtype().isFloat()) {
                    throw new IllegalArgumentException("tensor '" + e.getKey() + "' has dtype " + f.dtype() + " but "
                            + (counter ? "an int64 counter needs I64" : "a float tensor needs F32, F16 or BF16"));
                }
            }
            loadStateDict(contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load " + path + ": " + e.getMessage(), e);
        }
        for (var e : mine.entrySet()) { // exact int64 values (loadStateDict went through float)
            if (e.getValue().counter() != null) e.getValue().counter().set(contents.entries().get(e.getKey()).longs()[0]);
        }
    }

    /** Extra details for {@link #toString()} (layer sizes), empty by default. */
    protected String extraRepr() {
        return "";
    }

    /** A PyTorch-style description of the module tree. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (var e : children.entrySet()) {
                String child = e.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
