package dev.bellman.core.demos;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Records episodes of an actor on an env as {@link Episode}s: observations ({@code steps + 1} rows), actions, rewards,
 * terminations and truncations. The first reset is seeded with {@code seed}, later ones continue the env's generator
 * (as {@link dev.bellman.core.Evaluation} does), so the same seed gives the same episodes for a deterministic actor.
 *
 * <p>The actor receives the observation as a policy does: {@code Integer} for {@code Discrete}, {@code float[]} for
 * {@code Box}, and the float values of a {@code ByteBox} image.
 */
public final class Recorder {
    /** Safety cap on episode length for envs without a time limit. */
    public static final int MAX_STEPS = 1_000_000;

    private Recorder() {}

    /** Records {@code episodes} episodes of {@code actor} on {@code env}, ids {@code firstId, firstId + 1, ...}. */
    @SuppressWarnings("unchecked")
    public static <O, A> List<Episode> record(Env<O, A> env, Function<Object, Object> actor, int episodes, long seed,
                                              int firstId) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(actor, "actor");
        if (episodes <= 0) throw new IllegalArgumentException("episodes must be positive but was " + episodes);
        List<Episode> out = new ArrayList<>(episodes);
        for (int e = 0; e < episodes; e++) {
            Reset<O> reset = e == 0 ? env.reset(seed) : env.reset();
            ColumnBuilder obs = new ColumnBuilder(), acts = new ColumnBuilder();
            List<Double> rewards = new ArrayList<>();
            List<Boolean> term = new ArrayList<>(), trunc = new ArrayList<>();
            O o = reset.observation();
            obs.add(o);
            for (int t = 0; t < MAX_STEPS; t++) {
                Object a = actor.apply(o instanceof byte[] b ? ByteBox.toFloats(b) : o);
                Step<O> step = env.step((A) a);
                acts.add(a);
                rewards.add(step.reward());
                term.add(step.terminated());
                trunc.add(step.truncated() || (!step.terminated() && t == MAX_STEPS - 1));
                o = step.observation();
                obs.add(o);
                if (step.terminated() || step.truncated()) break;
            }
            double[] r = new double[rewards.size()];
            boolean[] te = new boolean[r.length], tr = new boolean[r.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = rewards.get(i);
                te[i] = term.get(i);
                tr[i] = trunc.get(i);
            }
            out.add(new Episode(firstId + e, e == 0 ? seed : null, obs.build(env.observationSpace().shape()), acts.build(env.actionSpace().shape()), r, te, tr));
        }
        return out;
    }

    /** Accumulates observations or actions of one kind (Integer, float[] or byte[]) into a {@link Column}. */
    static final class ColumnBuilder {
        private final List<Object> rows = new ArrayList<>();

        void add(Object x) {
            rows.add(x instanceof float[] f ? f.clone() : x instanceof byte[] b ? b.clone() : x);
        }

        /** The rows as a column of shape {@code [rows, ...itemShape]} (the space's shape). */
        Column build(int[] itemShape) {
            int n = rows.size();
            if (n == 0) return Column.Longs.of();
            int[] shape = new int[itemShape.length + 1];
            shape[0] = n;
            System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
            Object first = rows.get(0);
            if (first instanceof Integer || first instanceof Long) {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) d[i] = ((Number) rows.get(i)).longValue();
                return new Column.Longs(d, shape);
            }
            if (first instanceof float[] f0) {
                int k = f0.length;
                float[] d = new float[n * k];
                for (int i = 0; i < n; i++) System.arraycopy((float[]) rows.get(i), 0, d, i * k, k);
                return new Column.Floats(d, shape);
            }
            if (first instanceof byte[] b0) {
                int k = b0.length;
                byte[] d = new byte[n * k];
                for (int i = 0; i < n; i++) System.arraycopy((byte[]) rows.get(i), 0, d, i * k, k);
                return new Column.Bytes(d, shape);
            }
            throw new IllegalArgumentException("cannot record values of type " + first.getClass().getSimpleName()
                    + " (Integer, float[] or byte[] expected)");
        }
    }
}
