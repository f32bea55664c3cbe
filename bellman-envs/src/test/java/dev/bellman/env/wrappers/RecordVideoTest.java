package dev.bellman.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.RenderFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordVideoTest {

    /** Frame count, and whether the first frame carries the NETSCAPE2.0 loop-forever extension, and the first delay. */
    record GifInfo(int frames, boolean loopsForever, int delay, int width, int height) {
    }

    static GifInfo read(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int n = reader.getNumImages(true);
            var meta = reader.getImageMetadata(0);
            IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(meta.getNativeMetadataFormatName());
            boolean loops = false;
            int delay = -1;
            var apps = root.getElementsByTagName("ApplicationExtension");
            for (int i = 0; i < apps.getLength(); i++) {
                IIOMetadataNode app = (IIOMetadataNode) apps.item(i);
                byte[] data = (byte[]) app.getUserObject();
                loops |= "NETSCAPE".equals(app.getAttribute("applicationID")) && data[1] == 0 && data[2] == 0;
            }
            var gce = root.getElementsByTagName("GraphicControlExtension");
            if (gce.getLength() > 0) {
                delay = Integer.parseInt(((IIOMetadataNode) gce.item(0)).getAttribute("delayTime"));
            }
            var img = reader.read(0);
            reader.dispose();
            return new GifInfo(n, loops, delay, img.getWidth(), img.getHeight());
        }
    }

    static Path recordRandomCartPole(Path folder, long seed) {
        Env<float[], Integer> base = Envs.make("CartPole-v1");
        RecordVideo<float[], Integer> env = new RecordVideo<>(base, folder, "cartpole-random", ep -> ep == 0);
        env.actionSpace().seed(seed);
        env.reset(seed);
        boolean done = false;
        while (!done) {
            done = env.step(env.actionSpace().sample()).done();
        }
        env.close();
        assertEquals(1, env.written().size());
        return env.written().get(0);
    }

    @Test
    void randomCartPoleEpisode_writesAnAnimatedLoopingGif() throws IOException {
        Path dir = Files.createTempDirectory("bellman-gif");
        Path gif = recordRandomCartPole(dir, 3);
        GifInfo info = read(gif);
        assertTrue(info.frames() > 1, "frames: " + info.frames());
        assertTrue(info.loopsForever());
        assertEquals(2, info.delay()); // CartPole renders at 50 fps: 100/50 = 2 hundredths
        assertEquals(600, info.width());
        assertEquals(400, info.height());
        if (Boolean.getBoolean("bellman.writeDocGif")) {
            Files.copy(gif, Path.of("..", "docs", "img", "cartpole-random.gif"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void committedDocGif_isAValidAnimatedGif() throws IOException {
        Path gif = Path.of("..", "docs", "img", "cartpole-random.gif");
        assertTrue(Files.exists(gif), "missing " + gif.toAbsolutePath());
        GifInfo info = read(gif);
        assertTrue(info.frames() > 1, "frames: " + info.frames());
        assertTrue(info.loopsForever());
    }

    @Test
    void renderedFrames_differAsTheStateMoves(@TempDir Path tmp) {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        env.reset(0);
        RenderFrame a = env.render();
        for (int i = 0; i < 8; i++) {
            env.step(1);
        }
        RenderFrame b = env.render();
        assertEquals(600, a.width());
        assertEquals(400, a.height());
        assertTrue(!java.util.Arrays.equals(a.rgb(), b.rgb()));
        for (String id : new String[] {"MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"}) {
            Env<?, ?> e = Envs.make(id);
            e.reset(0);
            RenderFrame f = e.render();
            assertTrue(f.width() > 0 && f.rgb().length == f.width() * f.height() * 3, id);
            int nonWhite = 0;
            for (int i = 0; i < f.width() * f.height(); i++) {
                int x = i % f.width();
                int y = i / f.width();
                nonWhite += f.rgbAt(x, y) != 0xffffff ? 1 : 0;
            }
            assertTrue(nonWhite > 100, id + " drew only " + nonWhite + " pixels");
        }
    }

    @Test
    void cappedCubicSchedule_asGymnasium() {
        assertTrue(RecordVideo.cappedCubic(0) && RecordVideo.cappedCubic(1) && RecordVideo.cappedCubic(8)
                && RecordVideo.cappedCubic(27) && RecordVideo.cappedCubic(1000) && RecordVideo.cappedCubic(2000));
        assertTrue(!RecordVideo.cappedCubic(2) && !RecordVideo.cappedCubic(1001));
    }
}
