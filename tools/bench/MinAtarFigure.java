import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Reads the DQN curve of each game off the MinAtar README's learning-curve figure ({@code img/learning_curves.gif} of
 * github.com/kenjyoung/MinAtar: "moving average of returns over 100 episodes", 30 runs each, frames in millions) at a
 * given frame count, so that Bellman's 1M-frame table has the reference's figure beside it (issue 15).
 *
 * <p>For each panel (a crop box of the 3038x1629 image, and the value of its y ticks' spacing): the left axis is the
 * first column that is dark over a third of the crop's height, the x axis the lowest row dark over a third of its
 * width;
 * the y ticks are the dark runs 6 pixels left of the axis and above the x axis (the lowest is 0), the x ticks the dark
 * runs 6 pixels below the x axis (the first is frame 0, the next 1M). The DQN curve is the figure's blue (red below 60,
 * green 90-140, blue above 150); its value at the frame is the centre of the blue pixels in that column, and the half
 * height of that run, in the curve's units, is printed as the reading's uncertainty (the line is drawn about 5 pixels
 * thick).
 *
 * <p>Run: {@code java tools/bench/MinAtarFigure.java $PEERS_SRC/minatar/img/learning_curves.gif [FRAMES]} (default
 * 1000000).
 */
public final class MinAtarFigure {
    private MinAtarFigure() {}

    /** A panel: its game, crop box in the full image, and the value between two neighbouring y ticks. */
    private record Panel(String game, int x, int y, int w, int h, double tickStep) {}

    private static final Panel[] PANELS = {
        new Panel("breakout", 1480, 150, 820, 550, 5),
        new Panel("freeway", 1110, 930, 810, 550, 10),
        new Panel("space_invaders", 2180, 930, 840, 520, 50),
        new Panel("asterix", 20, 930, 810, 550, 5),
        new Panel("seaquest", 520, 150, 820, 550, 5),
    };

    private static boolean dark(int rgb) {
        return ((rgb >> 16) & 255) < 60 && ((rgb >> 8) & 255) < 60 && (rgb & 255) < 60;
    }

    private static boolean dqnBlue(int rgb) {
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        return b > 150 && r < 60 && g > 90 && g < 140;
    }

    /** The starts of the runs of {@code true} along a line (runs closer than 4 pixels are one). */
    private static List<Integer> runs(boolean[] on) {
        List<Integer> out = new ArrayList<>();
        int last = -10;
        for (int i = 0; i < on.length; i++) {
            if (on[i]) {
                if (i - last > 3) {
                    out.add(i);
                }
                last = i;
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java MinAtarFigure.java LEARNING_CURVES_GIF [FRAMES]");
            System.exit(2);
        }
        BufferedImage image = ImageIO.read(new File(args[0]));
        if (image == null || image.getWidth() != 3038 || image.getHeight() != 1629) {
            throw new IllegalArgumentException(args[0] + " is not the 3038x1629 learning-curve figure this reads");
        }
        double frames = args.length > 1 ? Double.parseDouble(args[1]) : 1e6;
        for (Panel p : PANELS) {
            BufferedImage s = image.getSubimage(p.x(), p.y(), p.w(), p.h());
            int axisX = -1;
            for (int x = 0; x < p.w() && axisX < 0; x++) {
                int n = 0;
                for (int y = 0; y < p.h(); y++) {
                    n += dark(s.getRGB(x, y)) ? 1 : 0;
                }
                if (n > p.h() / 3) {
                    axisX = x;
                }
            }
            int axisY = -1;
            for (int y = 0; y < p.h(); y++) {
                int n = 0;
                for (int x = 0; x < p.w(); x++) {
                    n += dark(s.getRGB(x, y)) ? 1 : 0;
                }
                if (n > p.w() / 3) {
                    axisY = y;
                }
            }
            boolean[] yTick = new boolean[axisY];
            for (int y = 0; y < axisY; y++) {
                yTick[y] = dark(s.getRGB(axisX - 6, y));
            }
            boolean[] xTick = new boolean[p.w()];
            for (int x = 0; x < p.w(); x++) {
                xTick[x] = dark(s.getRGB(x, axisY + 6));
            }
            List<Integer> yt = runs(yTick);
            List<Integer> xt = runs(xTick);
            double pxPerTick = (yt.get(yt.size() - 1) - yt.get(0)) / (double) (yt.size() - 1);
            double zeroY = yt.get(yt.size() - 1) + 1;   // a tick is drawn about 3 pixels thick around its value
            double pxPerMillion = xt.get(1) - xt.get(0);
            int column = (int) Math.round(xt.get(0) + 1 + frames / 1e6 * pxPerMillion);
            double sum = 0;
            int n = 0;
            for (int y = 0; y < axisY; y++) {
                if (dqnBlue(s.getRGB(column, y))) {
                    sum += y;
                    n++;
                }
            }
            if (n == 0) {
                System.out.printf(Locale.ROOT, "%-15s no DQN curve found at x = %d%n", p.game(), column);
                continue;
            }
            double value = (zeroY - sum / n) / pxPerTick * p.tickStep();
            double half = n / 2.0 / pxPerTick * p.tickStep();
            System.out.printf(Locale.ROOT, "%-15s DQN at %,.0f frames: %.1f (+- %.1f, the line's half width)%n",
                    p.game(), frames, value, half);
        }
    }
}
