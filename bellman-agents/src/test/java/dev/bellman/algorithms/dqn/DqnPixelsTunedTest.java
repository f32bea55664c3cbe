package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NatureCNN entries of {@code dqn.yml} for the {@code MinAtar/<Game>Pixels-v1} ids against CleanRL
 * {@code dqn_atari.py}'s constants, and the memory the documented {@code -Xmx5g} covers.
 */
class DqnPixelsTunedTest {

    @ParameterizedTest
    @ValueSource(strings = {"Breakout", "Asterix", "Freeway", "Seaquest", "SpaceInvaders"})
    void tunedEntry_hasCleanRlDqnAtariConstants_onStackedScreens(String game) {
        String id = "MinAtar/" + game + "Pixels-v1";
        Dqn.Config c = DqnLearningTest.tuned(id, 1);
        assertEquals("nature-cnn", c.torso());
        assertEquals("adam", c.optimizer());
        assertEquals(0.0001, c.learningRate(), "learning_rate");
        assertEquals(32, c.batchSize(), "batch_size");
        assertEquals(4, c.trainFrequency(), "train_frequency");
        assertEquals(1000, c.targetNetworkFrequency(), "target_network_frequency");
        assertEquals(1.0, c.tau());
        assertEquals(0.99, c.gamma());
        assertEquals("mse", c.loss(), "F.mse_loss");
        assertEquals(0, c.maxGradNorm(), "no clipping");
        assertEquals(80_000, c.learningStarts(), "learning_starts");
        assertEquals(1.0, c.epsilonAt(0), 1e-12);
        assertEquals(0.01, c.epsilonAt(500_000), 1e-9, "end_e after exploration_fraction 0.1 of the budget");
        assertTrue(c.epsilonAt(490_000) > 0.01 + 1e-4);
        assertFalse(c.doubleQ() || c.dueling() || c.prioritizedReplay() || c.nStep() != 1, "plain DQN");
        assertEquals(5_000_000, c.totalTimesteps(), "the MinAtar paper's budget");
        assertEquals(100_000, c.bufferSize(), "the MinAtar paper's replay");
        try (Env<byte[], Integer> env = Envs.make(id)) {
            assertEquals("[4, 84, 84]", Arrays.toString(((ByteBox) env.observationSpace()).shape()));
        }
    }

    /** The comment's memory figure: 100,000 stacked 4x84x84 byte frames, about 3.5 GB, inside -Xmx5g. */
    @org.junit.jupiter.api.Test
    void preflight_estimate_fitsTheDocumentedHeap() {
        String id = "MinAtar/BreakoutPixels-v1";
        DqnProvider p = new DqnProvider();
        TrainRequest r = new TrainRequest(id, 1, 5_000_000, p.resolve(TunedHyperparameters.hyperparameters("dqn", id)));
        try (Env<byte[], Integer> env = Envs.make(id)) {
            MemoryEstimate m = p.preflight(r, env);
            System.out.println(id + ": estimate " + MemoryEstimate.format(m.bytes()) + ", " + m.parts());
            assertTrue(m.bytes() > 3_000_000_000L && m.bytes() < 4_500_000_000L, MemoryEstimate.format(m.bytes()));
        }
    }
}
