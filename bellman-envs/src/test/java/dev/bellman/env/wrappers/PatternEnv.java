package dev.bellman.env.wrappers;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.HasLives;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.util.Map;

/**
 * The synthetic env of {@code tools/fixtures/pixel_wrappers.py}, defined identically there: a 210×160 RGB screen whose
 * byte k is the top byte of the low 32 bits of {@code n * 2654435761} with
 * {@code n = seed * 1000003 + t * 7919 + acc * 104729 + k} (t = step, acc = sum of actions); observation = screen;
 * Discrete(4) actions (0 = NOOP); 3 lives, one lost at steps 30, 60 and 90; terminated at step 100; reward
 * {@code (t % 3) - 1 + 0.5 * action}; an unseeded reset moves to the next seed.
 */
final class PatternEnv implements Env<byte[], Integer>, HasLives, Snapshottable {
    static final int H = 210;
    static final int W = 160;
    private final ByteBox space = ByteBox.pixels(H, W, 3);
    private final Discrete actions = new Discrete(4);
    private long seed;
    private int t;
    private int acc;

    static byte[] pattern(long seed, int t, int acc, int h, int w, int c) {
        byte[] out = new byte[h * w * c];
        long base = seed * 1000003L + t * 7919L + acc * 104729L;
        for (int k = 0; k < out.length; k++) {
            long n = base + k;
            out[k] = (byte) (((n * 2654435761L) & 0xFFFFFFFFL) >>> 24);
        }
        return out;
    }

    private byte[] screen() {
        return pattern(seed, t, acc, H, W, 3);
    }

    @Override
    public Reset<byte[]> reset(Long seed, Map<String, Object> options) {
        this.seed = seed != null ? seed : this.seed + 1;
        t = 0;
        acc = 0;
        return new Reset<>(screen(), Map.of());
    }

    @Override
    public Step<byte[]> step(Integer action) {
        t++;
        acc += action;
        double reward = (t % 3) - 1 + 0.5 * action;
        return new Step<>(screen(), reward, t >= 100, false, Map.of());
    }

    @Override
    public int lives() {
        return 3 - Math.min(t / 30, 3);
    }

    @Override
    public RenderFrame render() {
        return new RenderFrame(W, H, screen());
    }

    @Override
    public Space<byte[]> observationSpace() {
        return space;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actions;
    }

    @Override
    public long[] snapshot() {
        return new long[] {seed, t, acc};
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 3, this);
        seed = v[0];
        t = (int) v[1];
        acc = (int) v[2];
    }

    @Override
    public void close() {
    }
}
