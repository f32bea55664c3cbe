package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Arrays;
import java.util.Map;

/**
 * Actuator noise, a sim-to-real gap. For a {@link Box} action space ({@link #gaussian}): the env receives
 * {@code a + N(0, scale[i]²)} per component, clipped into the box (the env accepts only actions in its space). For a
 * {@link Discrete} space ({@link #randomAction}): with probability {@code p} the env receives a uniformly random action
 * (possibly the chosen one) instead of the chosen one, as an ε-greedy perturbation applied by the world rather than by
 * the agent. The step's info holds the applied action under {@link #INFO_KEY}.
 *
 * <p>Seeded as {@link ObservationNoise}: from the reset seed with its own salt, continued at {@code reset(null)}.
 */
public final class ActionNoise<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    /** The step-info key of the action the env received. */
    public static final String INFO_KEY = "applied_action";

    private final float[] scale; // Box case, else null
    private final double p; // Discrete case
    private final EpisodeRandom random = new EpisodeRandom(0x414E4F53L); // "ANOS"

    private ActionNoise(Env<O, A> env, float[] scale, double p) {
        super(env);
        this.scale = scale;
        this.p = p;
    }

    /** Gaussian noise with standard deviation {@code scale} (&gt;= 0, one per component or one for all) on Box actions. */
    public static <O> ActionNoise<O, float[]> gaussian(Env<O, float[]> env, float... scale) {
        if (!(env.actionSpace() instanceof Box b)) {
            throw new IllegalArgumentException("ActionNoise.gaussian needs a Box action space but got " + env.actionSpace()
                    + "; use ActionNoise.randomAction for Discrete");
        }
        float[] s = scale != null && scale.length == 1 ? filled(b.size(), scale[0]) : scale;
        if (s == null || s.length != b.size()) {
            throw new IllegalArgumentException("ActionNoise.gaussian needs one scale or one per action component ("
                    + b.size() + ") but got " + Arrays.toString(scale));
        }
        for (float v : s) {
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("ActionNoise scales must be finite and >= 0 but were " + Arrays.toString(s));
            }
        }
        return new ActionNoise<>(env, s.clone(), 0);
    }

    /** With probability {@code p} in [0, 1], a uniformly random Discrete action replaces the chosen one. */
    public static <O> ActionNoise<O, Integer> randomAction(Env<O, Integer> env, double p) {
        if (!(env.actionSpace() instanceof Discrete)) {
            throw new IllegalArgumentException("ActionNoise.randomAction needs a Discrete action space but got "
                    + env.actionSpace() + "; use ActionNoise.gaussian for Box");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("ActionNoise.randomAction needs a probability p in [0, 1] but was " + p);
        }
        return new ActionNoise<>(env, null, p);
    }

    private static float[] filled(int n, float v) {
        float[] s = new float[n];
        Arrays.fill(s, v);
        return s;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        random.reset(seed);
        return env.reset(seed, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Step<O> step(A action) {
        A applied;
        if (scale != null) {
            Box box = (Box) env.actionSpace();
            float[] a = ((float[]) action).clone();
            for (int i = 0; i < a.length && i < scale.length; i++) {
                float v = (float) (a[i] + scale[i] * random.get().standardNormal());
                a[i] = Float.isNaN(v) ? v : Math.min(Math.max(v, box.low(i)), box.high(i));
            }
            applied = (A) a;
        } else {
            Discrete d = (Discrete) env.actionSpace();
            applied = random.get().random() < p ? (A) Integer.valueOf(d.start() + random.get().choice(d.n())) : action;
        }
        Step<O> s = env.step(applied);
        Map<String, Object> info = new java.util.LinkedHashMap<>(s.info());
        info.put(INFO_KEY, applied);
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), java.util.Collections.unmodifiableMap(info));
    }

    @Override
    public long[] snapshot() {
        return random.snapshot();
    }

    @Override
    public void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 9, this);
        random.restore(snapshot, 0);
    }
}
