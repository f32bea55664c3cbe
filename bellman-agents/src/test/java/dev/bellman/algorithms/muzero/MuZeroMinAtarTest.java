package dev.bellman.algorithms.muzero;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.nn.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MuZero on a MinAtar id (uint8 [C, 10, 10] boards, a convolutional representation network) with a tiny budget:
 * determinism, resume, and the saved policy loading and acting as the trained one.
 */
class MuZeroMinAtarTest {
    static final String ENV = "MinAtar/Breakout-v1";
    static final Map<String, String> SMALL = Map.of("hidden-size", "16", "latent-size", "8", "simulations", "4",
            "unroll-steps", "3", "td-steps", "5", "batch-size", "8", "learning-starts", "50", "train-frequency", "10",
            "replay-size", "200");

    private static TrainRequest request(long seed, long steps) {
        AlgorithmProvider p = Algorithms.get("muzero");
        return new TrainRequest(ENV, seed, steps, p.resolve(SMALL));
    }

    private static List<String> run(TrainRequest r, Path modelDir) throws Exception {
        List<String> metrics = new ArrayList<>();
        Policy policy = Algorithms.get("muzero").train(r, (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) metrics.add(step + " " + key + " " + value);
        });
        Files.createDirectories(modelDir);
        policy.save(modelDir);
        return metrics;
    }

    @Test
    void aSeededBreakoutRun_trainsAConvolutionalRepresentation_identicallyRunToRun(@TempDir Path dir) throws Exception {
        List<String> a = run(request(3, 300), dir.resolve("a"));
        List<String> b = run(request(3, 300), dir.resolve("b"));
        assertEquals(a, b);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(MuZeroPolicy.FILE)),
                Files.readAllBytes(dir.resolve("b").resolve(MuZeroPolicy.FILE)), "the saved networks differ");
        for (String key : List.of(MetricsSink.EPISODIC_RETURN, "losses/value_loss", "losses/policy_loss")) {
            assertTrue(a.stream().anyMatch(m -> m.split(" ")[1].equals(key)), "no " + key + " in " + a);
        }
        assertNotEquals(a, run(request(4, 300), dir.resolve("c")), "another seed should give another run");

        // h reads the [4, 10, 10] board with the MinAtar torso: a 3x3 convolution of 16 filters over Breakout's 4 planes
        SafeTensors.Contents saved = SafeTensors.read(dir.resolve("a").resolve(MuZeroPolicy.FILE));
        assertEquals("4,10,10", saved.metadata().get("image_shape"));
        assertTrue(saved.tensors().entrySet().stream().anyMatch(e -> e.getKey().startsWith("representation.")
                        && java.util.Arrays.equals(e.getValue().shape(), new int[] {16, 4, 3, 3})),
                "no 16x4x3x3 convolution kernel in the representation network: " + saved.tensors().keySet());
    }

    @Test
    void aBreakoutRunKilledAfterACheckpoint_resumesExactly(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("muzero", ENV, 5, 400, 100, 250, SMALL, dir);
    }

    @Test
    void theSavedBreakoutPolicy_loadsAndActsAsTheTrainedOne(@TempDir Path dir) throws Exception {
        Policy trained = Algorithms.get("muzero").train(request(2, 200), MetricsSink.none());
        trained.save(dir);
        Policy loaded = Algorithms.get("muzero").load(dir);
        try (Env<Object, Object> env = Envs.make(ENV)) {
            assertTrue((Object) env.observationSpace() instanceof ByteBox);
            Object o = env.reset(11).observation();
            for (int i = 0; i < 20; i++) {
                byte[] board = (byte[]) o;
                Object action = trained.act(board);
                assertEquals(action, loaded.act(board));
                assertEquals(action, loaded.act(ByteBox.toFloats(board)), "a byte[] board acts as its float values");
                assertEquals(((MuZeroPolicy) trained).lastRootValue(), ((MuZeroPolicy) loaded).lastRootValue(), 1e-6);
                Step<Object> s = env.step(action);
                o = s.done() ? env.reset().observation() : s.observation();
            }
        }
    }
}
