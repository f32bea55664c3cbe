package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bellman play: per-episode returns that match eval, the text render, and the GIF. */
class PlayTest {
    @TempDir
    Path tmp;

    private Path trained(String env, long steps) {
        Path dir = tmp.resolve(env);
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", env, "--seed", "1", "--total-timesteps",
                Long.toString(steps), "--eval-episodes", "5", "--no-plot", "--run-dir", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        return dir;
    }

    @Test
    void play_printsReturnsThatMatchEvalAndWritesAnAnimatedGif() throws Exception {
        Path dir = trained("FrozenLake-v1", 20000);
        Path gif = tmp.resolve("out/lake.gif");
        Cli r = Cli.run("play", "--run-dir", dir.toString(), "--episodes", "2", "--seed", "7", "--gif", gif.toString());
        assertEquals(0, r.exitCode(), r.toString());
        List<String> returns = r.out().lines().filter(l -> l.startsWith("episode ")).toList();
        assertEquals(2, returns.size(), r.toString());
        // the same greedy episodes as eval with the same seed
        Cli eval = Cli.run("eval", "--run-dir", dir.toString(), "--episodes", "2", "--seed", "7", "--json");
        var evalReturns = Files2.JSON.readTree(eval.out()).get("returns");
        for (int i = 0; i < 2; i++) {
            String shown = returns.get(i).replaceFirst("episode \\d+: return ([^,]+),.*", "$1");
            assertEquals(evalReturns.get(i).asDouble(), Double.parseDouble(shown), 1e-9, r.toString());
        }
        int lengths = returns.stream().mapToInt(l -> Integer.parseInt(l.replaceFirst(".*length (\\d+)$", "$1"))).sum();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            assertEquals("gif", reader.getFormatName().toLowerCase());
            reader.setInput(in);
            int frames = reader.getNumImages(true);
            assertTrue(frames > 1, "animated: " + frames + " frames");
            assertEquals(Math.min(500, lengths + 2), frames, "a frame per reset and per step");
            assertTrue(reader.read(0).getWidth() > 0);
        }
        assertTrue(r.out().contains("wrote " + gif), r.toString());
    }

    @Test
    void play_rendersToyTextWhenAsked() {
        Path dir = trained("FrozenLake-v1", 3000);
        Cli r = Cli.run("play", "--run-dir", dir.toString(), "--render-text");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("FHFH"), "the 4x4 map is printed\n" + r);
        assertTrue(r.out().contains("*"), "the walker is shown\n" + r);
        Cli quiet = Cli.run("play", "--run-dir", dir.toString(), "--no-render-text");
        assertTrue(!quiet.out().contains("FHFH"), quiet.toString());
        assertEquals(1, quiet.out().lines().filter(l -> l.startsWith("episode 1: return ")).count(), quiet.toString());
    }

    @Test
    void play_badInput_exitsTwo() {
        assertEquals(2, Cli.run("play", "--run-dir", tmp.resolve("missing").toString()).exitCode());
        Path dir = trained("FrozenLake-v1", 1000);
        Cli r = Cli.run("play", "--run-dir", dir.toString(), "--episodes", "0");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--episodes"), r.toString());
    }
}
