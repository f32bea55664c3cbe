package dev.bellman.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Short fixed-seed runs of every deep algorithm, each printed as one line {@code algo env records sha256}: the hash
 * covers every metric record (bar {@code charts/SPS}) in the order the sink received it and every file the final
 * policy saves. {@link VectorWidthTrajectoryTest} runs this in JVMs with different vector widths and compares the
 * lines; {@code bellman-bench}'s {@code TrajectoryBench} is the longer version with tuned hyperparameters.
 */
final class TrajectoryHashes {
    private TrajectoryHashes() {}

    /** algo, env, steps, {@code key=value} overrides of the algorithm's defaults. */
    static final List<String[]> CASES = List.of(
            new String[] {"dqn", "CartPole-v1", "600", "learning-starts=200 train-frequency=1 batch-size=32 net-arch=64,64 "
                    + "buffer-size=1000 target-network-frequency=100"},
            new String[] {"dqn", "MinAtar/Breakout-v0", "500", "learning-starts=200 batch-size=32 buffer-size=1000 "
                    + "target-network-frequency=100 loss=huber optimizer=rmsprop rmsprop-alpha=0.95 rmsprop-eps=0.01 "
                    + "rmsprop-centered=true learning-rate=0.00025 torso=minatar-cnn"},
            new String[] {"ppo", "CartPole-v1", "512", "num-envs=2 num-steps=64 num-minibatches=2 update-epochs=2 hidden-size=64"},
            new String[] {"ppo", "Pendulum-v1", "512", "num-envs=1 num-steps=128 num-minibatches=2 update-epochs=2 hidden-size=64"},
            new String[] {"reinforce", "CartPole-v1", "600", ""},
            new String[] {"a2c", "CartPole-v1", "600", ""},
            new String[] {"a3c", "CartPole-v1", "600", ""},
            new String[] {"trpo", "CartPole-v1", "512", "num-envs=1 num-steps=256"},
            new String[] {"ddpg", "Pendulum-v1", "250", "learning-starts=100 net-arch=64,64 batch-size=32"},
            new String[] {"td3", "Pendulum-v1", "250", "learning-starts=100 net-arch=64,64 batch-size=32"},
            new String[] {"sac", "Pendulum-v1", "250", "learning-starts=100 net-arch=64,64 batch-size=32"});

    /** One line per case of {@link #CASES}. */
    public static void main(String[] args) throws IOException {
        for (String[] c : CASES) System.out.println(c[0] + " " + c[1] + " " + hash(c[0], c[1], Long.parseLong(c[2]), c[3]));
    }

    static String hash(String algo, String env, long steps, String sets) throws IOException {
        AlgorithmProvider p = Algorithms.get(algo);
        Map<String, String> hp = new LinkedHashMap<>();
        for (String set : sets.isBlank() ? new String[0] : sets.split(" ")) {
            hp.put(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1));
        }
        MessageDigest md = sha256();
        int[] records = {0};
        MetricsSink sink = (step, key, value) -> {
            if (key.equals(MetricsSink.SPS)) return;
            synchronized (md) {
                md.update((step + " " + key + " " + Double.doubleToLongBits(value) + "\n").getBytes(StandardCharsets.UTF_8));
                records[0]++;
            }
        };
        Policy policy = p.train(new TrainRequest(env, 1, steps, p.resolve(hp), Map.of()), sink);
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
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
            }
        }
        return records[0] + " " + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
