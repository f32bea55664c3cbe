package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.core.replay.ByteReplayBuffer;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MinAtar tuned entries of {@code dqn.yml} against the constants of the reference agent {@code examples/dqn.py}, and the RMSprop option. */
class DqnMinAtarTunedTest {

    @ParameterizedTest
    @ValueSource(strings = {"MinAtar/Breakout-v0", "MinAtar/Breakout-v1", "MinAtar/Asterix-v0", "MinAtar/Asterix-v1",
            "MinAtar/Freeway-v0", "MinAtar/Freeway-v1", "MinAtar/Seaquest-v0", "MinAtar/Seaquest-v1",
            "MinAtar/SpaceInvaders-v0", "MinAtar/SpaceInvaders-v1"})
    void tunedEntry_hasTheReferenceAgentsConstants(String env) {
        Dqn.Config c = DqnLearningTest.tuned(env, 1);
        assertEquals(5_000_000, c.totalTimesteps(), "NUM_FRAMES");
        assertEquals(100_000, c.bufferSize(), "REPLAY_BUFFER_SIZE");
        assertEquals(32, c.batchSize(), "BATCH_SIZE");
        assertEquals(1, c.trainFrequency(), "TRAINING_FREQ");
        assertEquals(1, c.gradientSteps());
        assertEquals(1, c.numEnvs());
        assertEquals(1000, c.targetNetworkFrequency(), "TARGET_NETWORK_UPDATE_FREQ");
        assertEquals(1.0, c.tau(), "hard copy");
        assertEquals(5000, c.learningStarts(), "REPLAY_START_SIZE");
        assertEquals(0.99, c.gamma(), "GAMMA");
        assertEquals("huber", c.loss(), "smooth_l1_loss");
        assertEquals(0, c.maxGradNorm(), "no clipping");
        assertEquals("minatar-cnn", c.torso());
        assertEquals("rmsprop", c.optimizer());
        assertEquals(0.00025, c.learningRate(), "STEP_SIZE");
        assertEquals(0.95, c.rmspropAlpha(), "SQUARED_GRAD_MOMENTUM");
        assertEquals(0.01, c.rmspropEps(), "MIN_SQUARED_GRAD");
        assertTrue(c.rmspropCentered(), "centered=True");
        assertFalse(c.doubleQ() || c.dueling() || c.prioritizedReplay() || c.nStep() != 1, "plain DQN");
        // ε frame for frame as world_dynamics: uniform while t < REPLAY_START_SIZE, then
        // ((END_EPSILON − EPSILON) / FIRST_N_FRAMES) · (t − REPLAY_START_SIZE) + EPSILON until it reaches END_EPSILON
        assertTrue(c.explorationAfterWarmup(), "no ε-greedy (and no decay) before the replay start");
        for (long t : new long[] {0, 1, 4_999, 5_000, 5_001, 30_000, 104_999, 105_000, 105_001, 1_000_000, 4_999_999}) {
            double reference = t < 5_000 ? 1.0
                    : t - 5_000 >= 100_000 ? 0.1 : ((0.1 - 1.0) / 100_000) * (t - 5_000) + 1.0;
            assertEquals(reference, c.epsilonAt(t), 1e-12, "epsilon at frame " + t);
        }
    }

    /**
     * The memory bar, as preflight counts it: the tuned run (100,000-transition replay) of every game needs well
     * under a 512 MB heap, and the estimate's replay part is what the byte replay allocates (bits for the 0/1 planes).
     */
    @ParameterizedTest
    @ValueSource(strings = {"Breakout", "Asterix", "Freeway", "Seaquest", "SpaceInvaders"})
    void preflight_countsTheByteReplay_farUnder512MB(String game) {
        String id = "MinAtar/" + game + "-v0";
        DqnProvider p = new DqnProvider();
        TrainRequest r = new TrainRequest(id, 1, 5_000_000, p.resolve(TunedHyperparameters.hyperparameters("dqn", id)));
        try (Env<byte[], Integer> env = Envs.make(id)) {
            MemoryEstimate m = p.preflight(r, env);
            long replay = ByteReplayBuffer.forSpace((ByteBox) env.observationSpace(), 100_000, 1).allocatedBytes();
            long counted = m.parts().stream().filter(x -> x.what().contains("replay")).mapToLong(MemoryEstimate.Part::bytes).sum();
            System.out.println(id + ": estimate " + MemoryEstimate.format(m.bytes()) + ", replay allocates "
                    + MemoryEstimate.format(replay) + ", " + m.parts());
            assertEquals(replay, counted, 0.02 * replay, "the estimate's replay parts against ByteReplayBuffer.allocatedBytes");
            assertTrue(m.bytes() < 32L << 20, "estimate " + MemoryEstimate.format(m.bytes()) + " for " + id);
            assertTrue(m.parts().stream().anyMatch(x -> x.what().startsWith("MinAtar CNN")), "the network is counted");
        }
    }

    private static Dqn.Config tiny(String optimizer, boolean centered) {
        return new Dqn.Config(300, 0.001, false, 1, 1_000, 0.99, 1.0, 100, 8, 1.0, 0.1, 0.5, 100, 1, 1, 0, "huber",
                List.of(8), false, false, false, 0.6, 0.4, 1e-6, 1, "minatar-cnn", 3)
                .withOptimizer(optimizer, 0.95, 0.01, centered);
    }

    private static float[] weights(Dqn.Config c) {
        QPolicy p = Dqn.train(DqnMinAtarLearningTest.ENV, c, MetricsSink.none());
        List<Tensor> params = p.network().parameters();
        Tensor w = params.get(params.size() - 2);
        return java.util.Arrays.copyOfRange(w.data(), w.offset(), w.offset() + w.size());
    }

    @Test
    void optimizerOption_changesTheUpdates() {
        float[] adam = weights(tiny("adam", false));
        float[] rms = weights(tiny("rmsprop", false));
        float[] centered = weights(tiny("rmsprop", true));
        assertFalse(java.util.Arrays.equals(adam, rms), "rmsprop trained like adam");
        assertFalse(java.util.Arrays.equals(rms, centered), "centered RMSprop trained like the plain one");
        assertTrue(java.util.Arrays.equals(rms, weights(tiny("rmsprop", false))), "a run is reproducible");
    }

    @Test
    void config_rejectsBadOptimizerSettings_namingTheValue() {
        Dqn.Config c = tiny("adam", false);
        var e = assertThrows(IllegalArgumentException.class, () -> c.withOptimizer("sgd", 0.95, 0.01, false));
        assertEquals("optimizer must be adam or rmsprop but was 'sgd'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.withOptimizer("rmsprop", 1.0, 0.01, false));
        assertEquals("rmspropAlpha must be in [0, 1) but was 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.withOptimizer("rmsprop", 0.95, 0, false));
        assertEquals("rmspropEps must be positive but was 0.0", e.getMessage());
    }
}
