package dev.bellman.algorithms.preference;

import dev.bellman.core.ResumeTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/**
 * Resuming a killed preference-ppo or preference-sac run from its last checkpoint ends with exactly the metrics and
 * weights of the same run uninterrupted: the policy, the reward ensemble, the labels so far, the query state and every
 * generator (including the noisy synthetic labeller's) are restored. The kill falls after the checkpoint and before
 * the last labels are asked, so that the resumed run must also ask and learn from new labels exactly as the
 * uninterrupted one did.
 */
class PreferenceResumeTest {

    @Test
    void preferencePpo_cartPole_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("preference-ppo", "CartPole-v1", 3, 768, 256, 520,
                Map.ofEntries(Map.entry("num-envs", "2"), Map.entry("num-steps", "64"),
                        Map.entry("num-minibatches", "2"), Map.entry("update-epochs", "2"),
                        Map.entry("max-labels", "24"), Map.entry("initial-labels", "8"),
                        Map.entry("label-fraction", "1"), Map.entry("query-batch", "4"),
                        Map.entry("segment-length", "16"), Map.entry("reward-hidden-size", "16"),
                        Map.entry("labeller-flip", "0.2")), dir);
    }

    @Test
    void preferenceSac_pendulum_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("preference-sac", "Pendulum-v1", 3, 300, 100, 210,
                Map.ofEntries(Map.entry("learning-starts", "60"), Map.entry("reward-hidden-size", "16"), Map.entry("hidden-size", "16"),
                        Map.entry("batch-size", "16"), Map.entry("max-labels", "24"),
                        Map.entry("initial-labels", "8"), Map.entry("label-fraction", "1"),
                        Map.entry("query-batch", "4"), Map.entry("segment-length", "10"),
                        Map.entry("history-size", "80"), Map.entry("labeller-beta", "1")), dir);
    }
}
