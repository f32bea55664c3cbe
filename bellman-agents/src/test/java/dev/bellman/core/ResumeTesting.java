package dev.bellman.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resume-after-kill contract of {@link AlgorithmProvider#train(TrainRequest, MetricsSink, Checkpoints)}, for
 * any provider: a run that dies abruptly after a checkpoint and is resumed from it ends with exactly the metrics and
 * the saved model of the same run uninterrupted.
 *
 * <p>The "kill" is an exception thrown from the metrics sink at the first record at or after {@code killAtStep}:
 * like SIGKILL, it gives the algorithm no chance to write anything more (checkpoints are written atomically
 * before it). The command line's own test kills a real process.
 */
public final class ResumeTesting {
    private ResumeTesting() {}

    /** Thrown by the sink to end a run abruptly. */
    static final class Killed extends RuntimeException {
        Killed(long step) {
            super("killed at step " + step, null, false, false);
        }
    }

    /**
     * Trains {@code algo} on {@code env} with its tuned hyperparameters (and {@code overrides}) for {@code steps}
     * steps three ways: uninterrupted with checkpoints every {@code frequency} steps; killed at {@code killAtStep};
     * resumed from the killed run's last checkpoint. Asserts the resumed run's metrics (those recorded before the
     * checkpoint plus those after) and its saved model files equal the uninterrupted run's, byte for byte.
     * Wall-clock metrics ({@link MetricsSink#SPS}) are ignored.
     */
    public static void assertResumeMatchesUninterrupted(String algo, String env, long seed, long steps, long frequency,
                                                        long killAtStep, Map<String, String> overrides, Path dir) {
        assertResumeMatchesUninterrupted(Algorithms.get(algo), env, seed, steps, frequency, killAtStep, overrides, dir);
    }

    /** {@link #assertResumeMatchesUninterrupted(String, String, long, long, long, long, Map, Path)} for a provider. */
    public static void assertResumeMatchesUninterrupted(AlgorithmProvider p, String env, long seed, long steps,
                                                        long frequency, long killAtStep, Map<String, String> overrides,
                                                        Path dir) {
        String algo = p.id();
        try {
            assertTrue(p.supportsCheckpoints(), algo + " does not support checkpoints");
            Map<String, String> hp = new java.util.LinkedHashMap<>(TunedHyperparameters.hyperparameters(p.id(), env));
            hp.putAll(overrides);
            TrainRequest request = new TrainRequest(env, seed, steps, p.resolve(hp));

            List<String> full = new ArrayList<>();
            Policy uninterrupted = p.train(request, recorder(full, Long.MAX_VALUE),
                    Checkpoints.in(dir.resolve("full"), frequency, s -> Map.of("metrics", Integer.toString(full.size())), null));

            List<String> killed = new ArrayList<>();
            Path ckpt = dir.resolve("killed");
            try {
                p.train(request, recorder(killed, killAtStep),
                        Checkpoints.in(ckpt, frequency, s -> Map.of("metrics", Integer.toString(killed.size())), null));
                throw new AssertionError(algo + " finished without recording a metric at or after step " + killAtStep);
            } catch (Killed | IllegalStateException e) {
                if (e instanceof IllegalStateException && !(rootCause(e) instanceof Killed)) throw e;
            }
            Checkpoints.Loaded last = Checkpoints.latest(ckpt).orElseThrow(
                    () -> new AssertionError(algo + " wrote no checkpoint before step " + killAtStep));
            assertTrue(last.globalStep() > 0 && last.globalStep() <= killAtStep, "checkpoint at " + last.globalStep());
            int kept = Integer.parseInt(last.meta().get("metrics"));
            List<String> resumed = new ArrayList<>(killed.subList(0, kept));
            Policy after = p.train(request, recorder(resumed, Long.MAX_VALUE),
                    Checkpoints.in(ckpt, frequency, s -> Map.of("metrics", Integer.toString(resumed.size())), last));

            assertEquals(full.size(), resumed.size(), algo + ": metric count of the resumed run");
            for (int i = 0; i < full.size(); i++) {
                assertEquals(full.get(i), resumed.get(i), algo + ": metric record " + i + " of the resumed run");
            }
            Path a = dir.resolve("model-full"), b = dir.resolve("model-resumed");
            Files.createDirectories(a);
            Files.createDirectories(b);
            uninterrupted.save(a);
            after.save(b);
            List<Path> files = list(a);
            assertEquals(files, list(b), algo + ": model files");
            assertTrue(!files.isEmpty());
            for (Path f : files) {
                assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)),
                        algo + ": saved model file " + f + " differs after resuming");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MetricsSink recorder(List<String> out, long killAtStep) {
        return (step, key, value) -> {
            if (key.equals(MetricsSink.SPS)) return;
            synchronized (out) {
                if (step >= killAtStep) throw new Killed(step);
                out.add(step + " " + key + " " + value);
            }
        };
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }
}
