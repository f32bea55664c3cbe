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
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

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
        if (params.containsKey(name) || children.containsKey(name)) {
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
     * Copies every parameter of {@code src} into this module's parameter of the same name (a hard
     * target-network update).
     *
     * @throws IllegalArgumentException if the names or shapes differ (nothing is copied then)
     */
    public final void copyFrom(Module src) {
        polyakFrom(src, 1f);
    }

    /**
     * Polyak averaging (soft target update, Lillicrap et al. 2016): θ ← τ·θ_src + (1 − τ)·θ for
     * every parameter, matched by name. τ = 1 copies.
     *
     * @throws IllegalArgumentException if τ is outside [0, 1] or the names or shapes differ
     */
    public final void polyakFrom(Module src, float tau) {
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in [0, 1] but was " + tau);
        Map<String, Tensor> mine = namedParameters();
        Map<String, Tensor> theirs = src.namedParameters();
        checkCompatible(mine, theirs, "source module " + src.getClass().getSimpleName());
        float keep = 1f - tau;
        for (var e : mine.entrySet()) {
            Tensor t = e.getValue(), s = theirs.get(e.getKey());
            float[] td = t.data(), sd = s.data();
            int to = t.offset(), so = s.offset();
            if (tau == 1f) {
                System.arraycopy(sd, so, td, to, t.size());
            } else {
                for (int i = 0; i < t.size(); i++) td[to + i] = tau * sd[so + i] + keep * td[to + i];
            }
            t.bumpVersion();
        }
    }

    /** Throws naming missing/unexpected keys and the first shape mismatch, if any. */
    private void checkCompatible(Map<String, Tensor> mine, Map<String, Tensor> theirs, String what) {
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
            int[] a = e.getValue().shape(), b = theirs.get(e.getKey()).shape();
            if (!Arrays.equals(a, b)) {
                mismatches.add("'" + e.getKey() + "' is " + Arrays.toString(a) + " here but " + Arrays.toString(b));
            }
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": shape mismatch with " + what + ": "
                    + String.join("; ", mismatches));
        }
    }

    /** The parameters by name (live tensors; a copy of the map), as {@code state_dict()}. */
    public final Map<String, Tensor> stateDict() {
        return new LinkedHashMap<>(namedParameters());
    }

    /**
     * Copies values from {@code state} into the parameters of the same names (strict, as
     * {@code load_state_dict(strict=True)}).
     *
     * @throws IllegalArgumentException on missing or unexpected keys or a shape mismatch (nothing
     *     is copied then)
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> mine = namedParameters();
        checkCompatible(mine, state, "state dict");
        for (var e : mine.entrySet()) {
            Tensor t = e.getValue(), s = state.get(e.getKey());
            System.arraycopy(s.data(), s.offset(), t.data(), t.offset(), t.size());
            t.bumpVersion();
        }
    }

    /** Saves the state dict as a safetensors file (atomically). */
    public final void save(Path path) throws IOException {
        save(path, Map.of());
    }

    /** Saves the state dict with {@code metadata} as a safetensors file (atomically). */
    public final void save(Path path, Map<String, String> metadata) throws IOException {
        SafeTensors.save(path, namedParameters(), metadata);
    }

    /**
     * Loads parameters from a safetensors file written by {@link #save} or by PyTorch.
     *
     * @throws IOException if the file is unreadable or invalid
     * @throws IllegalArgumentException if its keys or shapes do not match this module
     */
    public final void load(Path path) throws IOException {
        Map<String, Tensor> state = SafeTensors.load(path);
        try {
            loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load " + path + ": " + e.getMessage(), e);
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
