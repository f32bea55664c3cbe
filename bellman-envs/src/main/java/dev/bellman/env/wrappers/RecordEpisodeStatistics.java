package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds {@code info["episode"] = {r: return, l: length, t: seconds since the episode's reset}} on the step that ends an
 * episode ({@code gymnasium.wrappers.RecordEpisodeStatistics}); the last values are also readable as fields.
 */
public final class RecordEpisodeStatistics<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private double episodeReturn;
    private int episodeLength;
    private long startNanos;
    private double lastReturn = Double.NaN;
    private int lastLength = -1;

    public RecordEpisodeStatistics(Env<O, A> env) {
        super(env);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        episodeReturn = 0;
        episodeLength = 0;
        startNanos = System.nanoTime();
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        episodeReturn += s.reward();
        episodeLength++;
        if (!s.done()) {
            return s;
        }
        lastReturn = episodeReturn;
        lastLength = episodeLength;
        double seconds = Math.round((System.nanoTime() - startNanos) / 1e3) / 1e6;
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put("episode", Map.of("r", episodeReturn, "l", episodeLength, "t", seconds));
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), info);
    }

    /** Return of the last finished episode (NaN before the first). */
    public double lastReturn() {
        return lastReturn;
    }

    /** Length of the last finished episode (-1 before the first). */
    public int lastLength() {
        return lastLength;
    }

    @Override
    public long[] snapshot() {
        return new long[] {Double.doubleToRawLongBits(episodeReturn), episodeLength,
                Double.doubleToRawLongBits(lastReturn), lastLength};
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 4, this);
        episodeReturn = Double.longBitsToDouble(v[0]);
        episodeLength = (int) v[1];
        lastReturn = Double.longBitsToDouble(v[2]);
        lastLength = (int) v[3];
    }
}
