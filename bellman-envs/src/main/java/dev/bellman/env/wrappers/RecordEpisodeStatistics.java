package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds {@code info["episode"] = {r: return, l: length, t: seconds since the episode's reset}} on the step that ends an
 * episode ({@code gymnasium.wrappers.RecordEpisodeStatistics}); the last values are also readable as fields.
 */
public final class RecordEpisodeStatistics<O, A> extends Wrapper<O, A, O, A> {
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
}
