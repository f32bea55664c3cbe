package dev.bellman.bench;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fixed-seed training runs of every deep algorithm, each printed as a SHA-256 of its trajectory: every metric record
 * (bar {@code charts/SPS}, in the order the sink received them) and every file the final policy saves (its
 * parameters). Run it under {@code -XX:UseAVX=2} and {@code -XX:MaxVectorSize=16} as well as at the default width to
 * see that a run does not depend on the machine's vector width.
 *
 * <p>Each case uses the env's tuned hyperparameters from {@code hyperparams/<algo>.yml} where there are any, with the
 * overrides listed in {@link #CASES} (learning starts early enough for a short run to train).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.TrajectoryBench [filter]} ({@code filter} is a substring of "algo env", e.g. {@code sac}).
 */
public final class TrajectoryBench {
    private TrajectoryBench() {}

    /** A run: algorithm, env, steps, {@code key=value} overrides on top of the tuned values. */
    record Case(String algo, String env, long steps, String sets) {}

    static final List<Case> CASES = List.of(
            new Case("dqn", "CartPole-v1", 20_000, ""),
            new Case("ppo", "CartPole-v1", 20_480, ""),
            new Case("ppo", "Pendulum-v1", 20_480, ""),
            new Case("reinforce", "CartPole-v1", 20_000, ""),
            new Case("a2c", "CartPole-v1", 20_000, ""),
            new Case("a3c", "CartPole-v1", 20_000, ""),
            new Case("trpo", "CartPole-v1", 20_000, ""),
            new Case("ddpg", "Pendulum-v1", 2_000, "learning-starts=1000"),
            new Case("td3", "Pendulum-v1", 2_000, "learning-starts=1000"),
            new Case("sac", "Pendulum-v1", 2_000, "learning-starts=1000"));

    public static void main(String[] args) throws Exception {
        String filter = args.length > 0 ? args[0] : "";
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        System.out.println("| algo | env | steps | lanes | metric records | sha256 (first 16) | wall s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Case c : CASES) {
            if (!(c.algo() + " " + c.env()).contains(filter)) continue;
            long t0 = System.nanoTime();
            Hash h = run(c);
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %.1f |%n", c.algo(), c.env(), c.steps(), lanes,
                    h.records(), h.sha(), (System.nanoTime() - t0) * 1e-9);
        }
    }

    record Hash(int records, String sha) {}

    static Hash run(Case c) throws IOException {
        AlgorithmProvider p = Algorithms.get(c.algo());
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters(c.algo(), c.env()));
        for (String set : c.sets().isBlank() ? new String[0] : c.sets().split(" ")) {
            hp.put(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1));
        }
        hp.remove("total-timesteps");
        MessageDigest md = sha256();
        int[] records = {0};
        MetricsSink sink = (step, key, value) -> {
            if (key.equals(MetricsSink.SPS)) return;
            synchronized (md) {
                md.update((step + " " + key + " " + Double.doubleToLongBits(value) + "\n").getBytes(StandardCharsets.UTF_8));
                records[0]++;
            }
        };
        Policy policy = p.train(new TrainRequest(c.env(), 1, c.steps(), p.resolve(hp), Map.of()), sink);
        Path dir = Files.createTempDirectory("bellman-trajectory");
        try {
            policy.save(dir);
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                md.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                    try {
                        Files.delete(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return new Hash(records[0], java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
