package dev.bellman.algorithms.offpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TrainingState;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.core.replay.ReplayBuffer;
import dev.bellman.nn.Rng;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoint/resume of DDPG, TD3 and SAC: a run killed after a checkpoint and resumed from it ends with exactly the
 * metrics and actor of the uninterrupted run. Pendulum-v1 with small networks and an early learning start, so that
 * gradient steps (and logged losses) happen both before and after the checkpoint the resume uses, at step 1050: 50
 * steps into an episode of 200 (so the partial return matters). The kill comes at the first metric at or after step
 * 1100 (the loss records of step 1100).
 */
class OffPolicyResumeTest {
    private static final String ENV = "Pendulum-v1";

    private static Map<String, String> small() {
        return Map.of("learning-starts", "300", "net-arch", "32,32", "batch-size", "32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddpg", "td3", "sac"})
    void resumeAfterKill_matchesUninterruptedRun(String algo, @TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted(algo, ENV, 3, 1500, 350, 1100, small(), dir);
    }

    @Test
    void td3_resumeWithPolicyDelayAcrossCheckpoint_matchesUninterruptedRun(@TempDir Path dir) {
        Map<String, String> o = new LinkedHashMap<>(small());
        // actor steps at gradient steps 300, 600, 900: the loss logged at gradient step 800 (env step 1100, after the
        // checkpoint at gradient step 750) is the one of step 600, carried across the checkpoint
        o.put("policy-frequency", "300");
        ResumeTesting.assertResumeMatchesUninterrupted("td3", ENV, 4, 1500, 350, 1100, o, dir);
    }

    @Test
    void sac_withGsdeAndFixedAlpha_resumeMatchesUninterruptedRun(@TempDir Path dir) {
        Map<String, String> o = new LinkedHashMap<>(small());
        o.put("use-sde", "true");
        o.put("sde-sample-freq", "64"); // the exploration matrix drawn at step 1024 is still in use after the checkpoint
        o.put("autotune", "false");
        o.put("alpha", "0.1");
        ResumeTesting.assertResumeMatchesUninterrupted("sac", ENV, 5, 1500, 350, 1100, o, dir);
    }

    @Test
    void ddpg_withWrappedReplayAndTwoGradientStepsPerPhase_resumeMatchesUninterruptedRun(@TempDir Path dir) {
        Map<String, String> o = new LinkedHashMap<>(small());
        o.put("buffer-size", "400"); // full and wrapped at the checkpoint: cursor at 1050 % 400 = 250
        o.put("train-frequency", "2");
        o.put("gradient-steps", "2");
        ResumeTesting.assertResumeMatchesUninterrupted("ddpg", ENV, 6, 1500, 350, 1100, o, dir);
    }

    @Test
    void replayState_ofWrappedBuffer_restoresEverySlotAndTheCursor(@TempDir Path dir) throws Exception {
        ReplayBuffer rb = ReplayBuffer.continuous(5, 2, 1);
        Rng rng = new Rng(7);
        for (int t = 0; t < 13; t++) {
            float[] s = {rng.nextFloat(), rng.nextFloat()}, s2 = {rng.nextFloat(), rng.nextFloat()}, a = {rng.nextFloat()};
            rb.add(s, 0, a, 0, rng.nextFloat(), s2, 0, t % 3 == 0, 1 + t % 4);
        }
        TrainingState.Writer w = OffPolicyState.writer("test");
        rb.save(w, "rb.");
        w.write(dir.resolve("state.bin"));
        ReplayBuffer back = ReplayBuffer.continuous(5, 2, 1);
        back.restore(TrainingState.Reader.read(dir.resolve("state.bin")), "rb.");

        assertEquals(rb.position(), back.position());
        assertEquals(3, back.position());
        assertEquals(rb.size(), back.size());
        ReplayBuffer.Batch x = rb.newBatch(5), y = back.newBatch(5);
        for (int i = 0; i < 5; i++) x.indices()[i] = y.indices()[i] = i;
        rb.gather(x);
        back.gather(y);
        assertArrayEquals(x.obs(), y.obs());
        assertArrayEquals(x.nextObs(), y.nextObs());
        assertArrayEquals(x.continuousActions(), y.continuousActions());
        assertArrayEquals(x.rewards(), y.rewards());
        assertArrayEquals(x.terminated(), y.terminated());
        assertArrayEquals(x.horizons(), y.horizons());
    }

    @Test
    void resume_fromAnotherAlgorithmsCheckpoint_failsNamingBoth(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("ckpt");
        train("ddpg", 600, Checkpoints.in(root, 500, s -> Map.of(), null));
        Checkpoints.Loaded last = Checkpoints.latest(root).orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train("td3", 1000, Checkpoints.in(root, 500, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("written by ddpg") && e.getMessage().contains("resumed by td3"), e.getMessage());
    }

    @Test
    void resume_sacCheckpointWithoutGsde_byGsdeSac_failsClearly(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("ckpt");
        train("sac", 600, Checkpoints.in(root, 500, s -> Map.of(), null));
        Checkpoints.Loaded last = Checkpoints.latest(root).orElseThrow();
        AlgorithmProvider p = Algorithms.get("sac");
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("sac", ENV));
        hp.putAll(small());
        hp.put("use-sde", "true");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.train(
                new TrainRequest(ENV, 1, 1000, p.resolve(hp)), (s, k, v) -> { }, Checkpoints.in(root, 500, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("written by sac ") && e.getMessage().contains("resumed by sac+gsde"), e.getMessage());
    }

    private static void train(String algo, long steps, Checkpoints checkpoints) {
        AlgorithmProvider p = Algorithms.get(algo);
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters(algo, ENV));
        hp.putAll(small());
        p.train(new TrainRequest(ENV, 1, steps, p.resolve(hp)), (s, k, v) -> { }, checkpoints);
    }
}
