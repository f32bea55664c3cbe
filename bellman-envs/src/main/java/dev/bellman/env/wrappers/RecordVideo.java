package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Records chosen episodes as animated GIFs ({@code gymnasium.wrappers.RecordVideo}, GIF instead of MP4): frames come
 * from {@link Env#render()} after each reset and step; when a recorded episode ends (or at {@link #close}) the file
 * {@code <folder>/<prefix>-episode-<n>.gif} is written, looping forever at the environment's render fps.
 * The default trigger is Gymnasium's {@code capped_cubic_video_schedule}: episodes 0, 1, 8, 27, ... below 1000, then
 * every 1000th.
 */
public final class RecordVideo<O, A> extends Wrapper<O, A, O, A> {
    private final Path folder;
    private final String prefix;
    private final IntPredicate episodeTrigger;
    private final List<RenderFrame> frames = new ArrayList<>();
    private final List<Path> written = new ArrayList<>();
    private int episode = -1;
    private boolean recording;

    public RecordVideo(Env<O, A> env, Path folder, String prefix, IntPredicate episodeTrigger) {
        super(env);
        this.folder = folder;
        this.prefix = prefix;
        this.episodeTrigger = episodeTrigger;
    }

    public RecordVideo(Env<O, A> env, Path folder) {
        this(env, folder, "rl-video", RecordVideo::cappedCubic);
    }

    /** Gymnasium's capped cubic schedule. */
    public static boolean cappedCubic(int episode) {
        if (episode < 1000) {
            int r = (int) Math.round(Math.cbrt(episode));
            return r * r * r == episode;
        }
        return episode % 1000 == 0;
    }

    /** Files written so far. */
    public List<Path> written() {
        return List.copyOf(written);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        flush();
        Reset<O> r = env.reset(seed, options);
        episode++;
        recording = episodeTrigger.test(episode);
        capture();
        return r;
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        capture();
        if (s.done()) {
            flush();
        }
        return s;
    }

    private void capture() {
        if (recording) {
            RenderFrame f = env.render();
            if (f == null) {
                throw new IllegalStateException("RecordVideo needs an environment that renders frames but "
                        + env.unwrapped() + " returned null");
            }
            frames.add(f);
        }
    }

    private void flush() {
        if (recording && !frames.isEmpty()) {
            Path file = folder.resolve(prefix + "-episode-" + episode + ".gif");
            try {
                GifWriter.write(frames, env.renderFps(), file);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
            written.add(file);
        }
        frames.clear();
        recording = false;
    }

    @Override
    public void close() {
        flush();
        env.close();
    }
}
