package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Arrays;
import java.util.Map;

/**
 * Sensor noise, a sim-to-real gap: adds independent Gaussian noise N(0, scale[i]²) to every component of a
 * {@link Box} observation (after reset and after every step). The observation is not clipped into the space, as a
 * real sensor's reading need not be; the space is unchanged.
 *
 * <p>Seeded like every randomizing wrapper: {@code reset(seed)} seeds the wrapper's own generator from {@code seed}
 * (mixed with a salt, so it is not the env's stream), {@code reset(null)} continues it.
 */
public final class ObservationNoise<A> extends Wrapper<float[], A, float[], A> implements Snapshottable {
    private final float[] scale;
    private final EpisodeRandom random = new EpisodeRandom(0x4F4E4F53L); // "ONOS"

    /** The same standard deviation {@code scale} (&gt;= 0) on every component. */
    public ObservationNoise(Env<float[], A> env, double scale) {
        this(env, fill(env, scale));
    }

    /** Standard deviation {@code scale[i]} (&gt;= 0) on component i; one per component of the observation box. */
    public ObservationNoise(Env<float[], A> env, float[] scale) {
        super(env);
        Box box = requireBox(env);
        if (scale == null || scale.length != box.size()) {
            throw new IllegalArgumentException("ObservationNoise needs one scale per observation component (" + box.size()
                    + ") but got " + (scale == null ? "null" : scale.length + ": " + Arrays.toString(scale)));
        }
        for (float s : scale) {
            if (!(s >= 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("ObservationNoise scales must be finite and >= 0 but were "
                        + Arrays.toString(scale));
            }
        }
        this.scale = scale.clone();
    }

    private static Box requireBox(Env<float[], ?> env) {
        if (!(env.observationSpace() instanceof Box b)) {
            throw new IllegalArgumentException("ObservationNoise needs a Box observation space but got "
                    + env.observationSpace());
        }
        return b;
    }

    private static float[] fill(Env<float[], ?> env, double scale) {
        float[] s = new float[requireBox(env).size()];
        Arrays.fill(s, (float) scale);
        return s;
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        random.reset(seed);
        Reset<float[]> r = env.reset(seed, options);
        return new Reset<>(noisy(r.observation()), r.info());
    }

    @Override
    public Step<float[]> step(A action) {
        Step<float[]> s = env.step(action);
        return new Step<>(noisy(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    private float[] noisy(float[] obs) {
        float[] out = obs.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] + scale[i] * random.get().standardNormal());
        }
        return out;
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
