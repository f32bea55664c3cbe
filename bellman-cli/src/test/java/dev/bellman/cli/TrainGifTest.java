package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.RenderFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --gif}: one greedy episode of the trained policy as DIR/episode.gif, for the dashboard. */
class TrainGifTest {
    @TempDir
    Path tmp;

    @Test
    void train_gif_writesOneGreedyEpisode() throws Exception {
        Path dir = tmp.resolve("run");
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--seed", "2", "--total-timesteps", "2000",
                "--eval-episodes", "1", "--no-plot", "--gif", "--run-dir", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Matcher m = Pattern.compile("wrote .*episode\\.gif \\(one greedy episode, (\\d+) frames\\)").matcher(r.out());
        assertTrue(m.find(), r.out());
        int printed = Integer.parseInt(m.group(1));
        Path gif = dir.resolve(EpisodeGif.FILE);
        RenderFrame frame;
        try (Env<Integer, Integer> env = Envs.make("FrozenLake-v1")) {
            env.reset(0L);
            frame = env.render();
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int frames = reader.getNumImages(true);
            assertEquals(printed, frames, "frames in the file");
            assertTrue(frames >= 2 && frames <= EpisodeGif.MAX_FRAMES, "frames " + frames);
            assertEquals(frame.width(), reader.getWidth(0));
            assertEquals(frame.height(), reader.getHeight(0));
        }
        // the directory is still a run that --overwrite may replace
        Cli again = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--seed", "2", "--total-timesteps", "500",
                "--eval-episodes", "0", "--no-plot", "--overwrite", "--run-dir", dir.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertFalse(Files.exists(gif), "a run without --gif leaves no old GIF behind");
    }

    @Test
    void train_gif_onATwoPlayerGame_isRefusedBeforeTraining() {
        Path dir = tmp.resolve("ttt");
        Cli r = Cli.run("train", "--algo", "alphazero", "--env", "TicTacToe", "--total-timesteps", "1000",
                "--no-plot", "--gif", "--run-dir", dir.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("two-player game TicTacToe, which renders no frames; drop --gif"), r.err());
        assertFalse(Files.exists(dir.resolve("metrics.csv")), "no training happened");
    }
}
