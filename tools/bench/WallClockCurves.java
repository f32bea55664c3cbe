import dev.bellman.core.LinePlot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Learning curves against wall-clock time from Bellman run directories (run it as a source file with the CLI jar on the
 * class path: {@code java -cp bellman-cli/target/bellman.jar tools/bench/WallClockCurves.java OUT.png TITLE RUN_DIR...}).
 * Reads each run's {@code metrics.csv} ({@code wall_time_s} and {@code charts/episodic_return}), smooths the returns
 * over the last 20 episodes, and draws one series per run, named after its directory.
 */
public final class WallClockCurves {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java -cp bellman.jar WallClockCurves.java OUT.png TITLE RUN_DIR...");
            System.exit(2);
        }
        LinePlot plot = new LinePlot(args[1], "wall-clock seconds", "episodic return (mean of last 20)");
        for (int r = 2; r < args.length; r++) {
            Path dir = Path.of(args[r]);
            List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
            List<String> header = Arrays.asList(lines.get(0).split(",", -1));
            int wall = header.indexOf("wall_time_s"), ret = header.indexOf("charts/episodic_return");
            if (wall < 0 || ret < 0) throw new IllegalArgumentException(dir + "/metrics.csv lacks wall_time_s or charts/episodic_return");
            List<double[]> points = new ArrayList<>();
            double[] window = new double[20];
            int n = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (cells.length <= ret || cells[ret].isEmpty()) continue;
                window[n % 20] = Double.parseDouble(cells[ret]);
                n++;
                double mean = 0;
                int k = Math.min(n, 20);
                for (int i = 0; i < k; i++) mean += window[i];
                points.add(new double[] {Double.parseDouble(cells[wall]), mean / k});
            }
            double[] x = new double[points.size()], y = new double[points.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            plot.series(dir.getFileName().toString(), x, y);
        }
        plot.write(Path.of(args[0]));
    }
}
