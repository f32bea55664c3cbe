package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.TrainRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MinAtar entries of {@code ppo.yml} against gymnax-blines' MinAtar PPO configs, on the MinAtar CNN. */
class PpoMinAtarTunedTest {

    @ParameterizedTest
    @ValueSource(strings = {"MinAtar/Asterix-v0", "MinAtar/Asterix-v1", "MinAtar/Breakout-v0", "MinAtar/Breakout-v1",
            "MinAtar/Freeway-v0", "MinAtar/Freeway-v1", "MinAtar/Seaquest-v0", "MinAtar/Seaquest-v1",
            "MinAtar/SpaceInvaders-v0", "MinAtar/SpaceInvaders-v1"})
    void tunedEntry_hasGymnaxBlinesConstants_onTheMinAtarCnn(String env) {
        TrainRequest r = PpoTestSupport.tunedRequest(env, 1);
        Ppo.Config c = PpoProvider.discreteConfig(r);
        assertEquals("minatar-cnn", r.hyperparameters().getString("torso"));
        assertEquals(5_000_000, c.totalTimesteps(), "the MinAtar paper's budget");
        assertEquals(64, c.numEnvs(), "num_train_envs");
        assertEquals(128, c.numSteps(), "n_steps");
        assertEquals(1024, c.minibatchSize(), "n_minibatch 8 of 64 x 128");
        assertEquals(4, c.updateEpochs(), "epoch_ppo");
        assertEquals(0.0005, c.learningRate(), "lr_begin = lr_end");
        assertFalse(c.annealLr(), "constant learning rate");
        assertEquals(0.999, c.gamma());
        assertEquals(0.95, c.gaeLambda());
        assertEquals(0.2, c.clipCoef(), "clip_eps");
        assertTrue(c.clipVloss());
        assertEquals(0.01, c.entCoef(), "entropy_coeff");
        assertEquals(0.5, c.vfCoef(), "critic_coeff");
        assertEquals(0.5, c.maxGradNorm());
        assertEquals(0, c.targetKl(), "no early stop");
    }
}
