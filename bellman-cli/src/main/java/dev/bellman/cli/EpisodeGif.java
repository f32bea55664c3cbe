package dev.bellman.cli;

import dev.bellman.core.Policy;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Step;
import dev.bellman.env.wrappers.GifWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One greedy episode of a trained policy rendered into an animated GIF: what {@code bellman train --gif} writes as
 * {@value #FILE} in the run directory when training ends, for {@code bellman dashboard} to show as the run's latest
 * episode. The episode is seeded like the evaluation ({@link EvalCommand#evalSeed}) and cut at {@value #MAX_FRAMES}
 * frames, so the file stays small (a CartPole frame is 600 by 400 pixels).
 */
final class EpisodeGif {
    /** The file in the run directory. */
    static final String FILE = "episode.gif";
    /** The most frames recorded: 10 s of CartPole at its 50 fps. */
    static final int MAX_FRAMES = 500;

    private EpisodeGif() {}

    /** Refuses, before training, an env that renders no frames. */
    static void checkRenders(Env<?, ?> env, String envId) {
        env.reset(0L);
        if (env.render() == null) {
            throw new UserError("env " + envId + " does not render frames (render() returned nothing), so there is no"
                    + " episode GIF to write; drop --gif.");
        }
    }

    /** Plays one greedy episode of {@code policy} on {@code env} from {@code seed} and writes its frames to {@code file}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int write(Env env, Policy policy, long seed, Path file) throws IOException {
        List<RenderFrame> frames = new ArrayList<>();
        Object obs = env.reset(seed).observation();
        frames.add(env.render());
        while (frames.size() < MAX_FRAMES) {
            Step step = env.step(policy.act(obs instanceof byte[] b ? ByteBox.toFloats(b) : obs));
            frames.add(env.render());
            if (step.terminated() || step.truncated()) {
                break;
            }
            obs = step.observation();
        }
        GifWriter.write(frames, env.renderFps(), file);
        return frames.size();
    }
}
