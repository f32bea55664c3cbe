package dev.bellman.envs.classic;

import dev.bellman.env.Env;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.PhysicalParameterTable;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Space;
import dev.bellman.env.Spaces;
import java.util.List;
import java.util.Map;

/**
 * Shared plumbing of the classic-control environments: the seeded generator (Gymnasium's {@code self.np_random},
 * reseeded only when {@code reset} gets a seed), idempotent close, action validation, reset-bound options, and the
 * physical parameters ({@link HasPhysicalParameters}, values kept in a {@link PhysicalParameterTable}).
 */
abstract class ClassicEnv<A> implements Env<float[], A>, Snapshottable, HasPhysicalParameters {
    private final PhysicalParameterTable parameters;
    private NpRandom random;
    private boolean closed;

    /** {@code declared}: the env's physical parameters, which start at their nominal values. */
    ClassicEnv(List<PhysicalParameter> declared) {
        parameters = new PhysicalParameterTable(this, declared);
    }

    @Override
    public final List<PhysicalParameter> declaredParameters() {
        return parameters.declared();
    }

    @Override
    public final double physicalParameter(String name) {
        return parameters.get(name);
    }

    @Override
    public final void setPhysicalParameter(String name, double value) {
        parameters.set(name, value);
        parametersChanged();
    }

    /** Called after every {@link #setPhysicalParameter}, for an env that copies the values into its own fields. */
    void parametersChanged() {
    }

    /** The value of the {@code index}-th declared parameter. */
    final double parameter(int index) {
        return parameters.get(index);
    }

    /** All parameter values in declaration order (the table's array; read only). */
    final double[] parameterValues() {
        return parameters.values();
    }

    /** Sets each declared parameter of {@code env} from {@code kwargs}, its nominal value where absent; returns env. */
    static <E extends ClassicEnv<?>> E withParameterKwargs(E env, Map<String, Object> kwargs) {
        for (PhysicalParameter p : env.declaredParameters()) {
            env.setPhysicalParameter(p.name(), kwarg(kwargs, p.name(), p.nominal()));
        }
        return env;
    }

    /** Gymnasium's {@code super().reset(seed=seed)}: reseed when a seed is given, seed from entropy on first use. */
    final NpRandom seedOnReset(Long seed) {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        if (seed != null) {
            random = new NpRandom(seed);
        } else if (random == null) {
            random = NpRandom.fromEntropy();
        }
        return random;
    }

    /** The environment's generator (seeded from entropy if never seeded). */
    final NpRandom npRandom() {
        if (random == null) {
            random = NpRandom.fromEntropy();
        }
        return random;
    }

    /**
     * A snapshot: whether the generator exists, its 8 longs (zeros if not), then {@code values}, the env's own
     * dynamic state (doubles as {@link Double#doubleToRawLongBits raw bits}).
     */
    final long[] snapshotWith(long... values) {
        long[] out = new long[9 + values.length];
        if (random != null) {
            out[0] = 1;
            System.arraycopy(random.snapshot(), 0, out, 1, 8);
        }
        System.arraycopy(values, 0, out, 9, values.length);
        return out;
    }

    /** Restores the generator from a {@link #snapshotWith} snapshot of {@code 9 + n} values; returns the last n. */
    final long[] restoreRandom(long[] snapshot, int n) {
        Snapshottable.checkLength(snapshot, 9 + n, this);
        if (snapshot[0] == 1) {
            NpRandom r = new NpRandom(0);
            r.restore(java.util.Arrays.copyOfRange(snapshot, 1, 9));
            random = r;
        } else if (snapshot[0] == 0) {
            random = null;
        } else {
            throw new IllegalArgumentException("a snapshot of " + getClass().getSimpleName()
                    + " must start with 0 or 1 (generator present) but started with " + snapshot[0]);
        }
        return java.util.Arrays.copyOfRange(snapshot, 9, snapshot.length);
    }

    static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    static double real(long bits) {
        return Double.longBitsToDouble(bits);
    }

    final void requireAction(boolean valid, Object action) {
        if (!valid) {
            Space<A> space = actionSpace();
            String nan = action instanceof float[] a && a.length > 0 && Float.isNaN(a[0]) ? " (NaN)" : "";
            throw new IllegalArgumentException("action " + Spaces.describe(action) + nan
                    + " is not in the action space " + space + " of " + getClass().getSimpleName());
        }
    }

    /** Gymnasium's {@code utils.maybe_parse_reset_bounds}: {@code options["low"]}/{@code ["high"]} or the defaults. */
    static double[] resetBounds(Map<String, Object> options, double defaultLow, double defaultHigh) {
        double low = option(options, "low", defaultLow);
        double high = option(options, "high", defaultHigh);
        if (low > high) {
            throw new IllegalArgumentException("Lower bound (" + low + ") must be lower than higher bound (" + high + ").");
        }
        return new double[] {low, high};
    }

    static double option(Map<String, Object> options, String key, double dflt) {
        if (options == null || !options.containsKey(key)) {
            return dflt;
        }
        Object v = options.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("reset option '" + key + "' must be a number but was " + Spaces.describe(v));
    }

    static double kwarg(Map<String, Object> kwargs, String key, double dflt) {
        Object v = kwargs == null ? null : kwargs.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("keyword argument '" + key + "' must be a number but was " + Spaces.describe(v));
    }

    static boolean kwargBool(Map<String, Object> kwargs, String key, boolean dflt) {
        Object v = kwargs == null ? null : kwargs.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("keyword argument '" + key + "' must be a boolean but was " + Spaces.describe(v));
    }

    @Override
    public final void close() {
        closed = true;
    }

    final boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
