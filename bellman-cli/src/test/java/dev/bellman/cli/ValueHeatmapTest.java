package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** values.png and the printed value grid of tabular runs on grid envs, and their absence elsewhere. */
class ValueHeatmapTest {
    @TempDir
    Path tmp;

    private static Cli train(Path dir, String algo, String env, String... extra) {
        String[] base = {"train", "--algo", algo, "--env", env, "--seed", "2", "--eval-episodes", "5",
                "--run-dir", dir.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    private static BufferedImage readPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " missing");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not a readable image");
        return image;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) seen.add(image.getRGB(x, y));
        }
        return seen.size();
    }

    @Test
    void valueIteration_onFrozenLake_drawsValuesPngAndPrintsTheGrid() throws IOException {
        Path dir = tmp.resolve("vi");
        Cli r = train(dir, "value-iteration", "FrozenLake-v1");
        assertEquals(0, r.exitCode(), r.toString());
        BufferedImage image = readPng(dir.resolve("values.png"));
        // 4x4 cells of 64 px plus title and colour bar
        assertTrue(image.getWidth() >= 4 * 64 && image.getWidth() <= 2000, "width " + image.getWidth());
        assertTrue(image.getHeight() >= 4 * 64 && image.getHeight() <= 2000, "height " + image.getHeight());
        assertTrue(distinctColours(image) > 20, "a heat map, not a blank image");
        // TablePrinter's grid: FrozenLake's holes and goal marked, arrows for the rest
        assertTrue(r.out().contains("greedy policy:"), r.toString());
        assertTrue(r.out().contains("H") && r.out().contains("G") && r.out().contains("←"), r.toString());
        assertTrue(r.out().indexOf("greedy policy:") < r.out().indexOf("run directory:"), r.toString());
    }

    @Test
    void qLearning_onCliffWalking_drawsValuesPng() throws IOException {
        Path dir = tmp.resolve("ql");
        Cli r = train(dir, "q-learning", "CliffWalking-v0", "--total-timesteps", "2000");
        assertEquals(0, r.exitCode(), r.toString());
        BufferedImage image = readPng(dir.resolve("values.png"));
        assertTrue(image.getWidth() >= 12 * 64 && image.getWidth() <= 3000, "width " + image.getWidth());
        assertTrue(image.getHeight() >= 4 * 64 && image.getHeight() <= 2000, "height " + image.getHeight());
        assertTrue(image.getWidth() > image.getHeight(), "CliffWalking is 12 wide and 4 high");
        assertTrue(r.out().contains("C C C"), "the cliff is marked in the printed policy\n" + r);
    }

    @Test
    void noPlot_skipsValuesPngButStillPrintsTheGrid() {
        Path dir = tmp.resolve("np");
        Cli r = train(dir, "policy-iteration", "FrozenLake-v1", "--no-plot");
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(Files.exists(dir.resolve("values.png")));
        assertTrue(r.out().contains("greedy policy:"), r.toString());
    }

    @Test
    void taxi_hasNoGrid_soNoValuesPng() {
        Path dir = tmp.resolve("taxi");
        Cli r = train(dir, "q-learning", "Taxi-v3", "--total-timesteps", "500");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.exists(dir.resolve("summary.json")));
        assertFalse(Files.exists(dir.resolve("values.png")));
        assertFalse(r.out().contains("greedy policy:"), "no 500-line list for a non-grid env\n" + r);
    }

    @Test
    void colour_runsFromDarkToBright() {
        double dark = ValueHeatmap.colour(0).getRed() + ValueHeatmap.colour(0).getGreen();
        double bright = ValueHeatmap.colour(1).getRed() + ValueHeatmap.colour(1).getGreen();
        assertTrue(bright > dark);
        assertNotEquals(ValueHeatmap.colour(0.3), ValueHeatmap.colour(0.7));
        assertEquals(ValueHeatmap.colour(1), ValueHeatmap.colour(5), "clamped");
    }
}
