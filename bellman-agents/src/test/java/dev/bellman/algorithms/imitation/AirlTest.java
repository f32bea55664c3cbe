package dev.bellman.algorithms.imitation;

import dev.bellman.core.Algorithms;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.StopRequestTest;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.core.demos.ImitationProvider;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AirlTest {

    @Test
    void savesItsLearnedReward_whichTheLearnedRewardEnvPays(@TempDir Path dir) throws Exception {
        ImitationProvider p = (ImitationProvider) Algorithms.get("airl");
        AdversarialTestSupport.Collect sink = new AdversarialTestSupport.Collect();
        Policy policy = p.train(new TrainRequest("Pendulum-v1", 2, 2 * 64, p.resolve(AdversarialTestSupport.small())),
                sink, new ImitationInputs(AdversarialTestSupport.pendulumDemos(1), null), Checkpoints.none());
        assertTrue(sink.rows.stream().anyMatch(r -> r.contains(" charts/disc_acc_gen ")));
        policy.save(dir);
        LearnedReward g = LearnedReward.load(dir);
        assertTrue(g.stateOnly());
        try (Env<Object, Object> base = Envs.make("Pendulum-v1");
             Env<Object, Object> learned = Envs.make(LearnedRewardEnv.ID,
                     Map.of("env", "Pendulum-v1", "reward_model", dir.toString()))) {
            float[] o = (float[]) base.reset(9L).observation();
            learned.reset(9L);
            float[] a = {0.5f};
            Step<Object> sb = base.step(a);
            Step<Object> sl = learned.step(a);
            org.junit.jupiter.api.Assertions.assertArrayEquals((float[]) sb.observation(), (float[]) sl.observation());
            assertEquals(g.reward(o, a), sl.reward(), 1e-6, "the reward is g of the state the action was taken in");
            assertNotEquals(sb.reward(), sl.reward());
        }
    }

    @Test
    void learnedRewardEnv_withoutAReward_namesTheFile(@TempDir Path dir) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> Envs.make(LearnedRewardEnv.ID,
                Map.of("env", "Pendulum-v1", "reward_model", dir.toString())));
        assertTrue(String.valueOf(e.getMessage()).contains(LearnedReward.FILE), e.getMessage());
    }

    @Test
    void shapedReward_isGPlusDiscountedPotentialDifference_withoutHOfTheNextStateAtTermination() {
        Rng rng = new Rng(1);
        LearnedReward g = LearnedReward.create(3, new dev.bellman.env.Box(-2, 2, 1), true, 8, rng, "airl");
        RewardMlp h = new RewardMlp(3, 8, rng);
        float[] s = {0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.6f}, s2 = {-0.3f, 0.5f, 1f, 0.7f, 0.1f, -1f};
        Adversarial.Batch b = new Adversarial.Batch(Tensor.of(s, 2, 3), Tensor.of(new float[] {0.5f, -1f}, 2, 1),
                Tensor.of(s2, 2, 3), Tensor.of(new float[] {1f, 0f}, 2), null, 2);
        float[] f = Airl.shaped(g, h, 0.9f, b).toArray();
        for (int i = 0; i < 2; i++) {
            float[] si = java.util.Arrays.copyOfRange(s, 3 * i, 3 * i + 3);
            float[] s2i = java.util.Arrays.copyOfRange(s2, 3 * i, 3 * i + 3);
            double expected = g.reward(si, new float[] {0}) + (i == 0 ? 0.9 * h.forward(Tensor.of(s2i, 1, 3)).item() : 0)
                    - h.forward(Tensor.of(si, 1, 3)).item();
            assertEquals(expected, f[i], 1e-5, "row " + i);
        }
    }

    @Test
    void entropyReward_subtractsLogPi_fromTheShapedReward() {
        Rng rng = new Rng(2);
        LearnedReward g = LearnedReward.create(3, new dev.bellman.env.Box(-2, 2, 1), true, 8, rng, "airl");
        RewardMlp h = new RewardMlp(3, 8, rng);
        float[] s = {0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.6f}, s2 = {-0.3f, 0.5f, 1f, 0.7f, 0.1f, -1f};
        Adversarial.Batch b = new Adversarial.Batch(Tensor.of(s, 2, 3), Tensor.of(new float[] {0.5f, -1f}, 2, 1),
                Tensor.of(s2, 2, 3), Tensor.of(new float[] {1f, 1f}, 2), Tensor.of(new float[] {-1.5f, 0.25f}, 2), 2);
        float[] f = Airl.shaped(g, h, 0.9f, b).toArray();
        assertArrayEquals(f, Airl.generatorReward(g, h, 0.9f, b, false).toArray(), 0f);
        float[] r = Airl.generatorReward(g, h, 0.9f, b, true).toArray();
        assertEquals(f[0] + 1.5f, r[0], 1e-6);
        assertEquals(f[1] - 0.25f, r[1], 1e-6);
    }

    /** A stop request ends the run with a checkpoint and hands out the generator as it is, for the run's model. */
    @Test
    void stopRequest_handsOutThePolicyItHas(@TempDir Path dir) {
        StopRequestTest.assertStopsWithItsPolicy(AdversarialTestSupport.withDemos(
                (ImitationProvider) Algorithms.get("airl"), AdversarialTestSupport.pendulumDemos(1)), "Pendulum-v1",
                AdversarialTestSupport.small(), dir);
    }

    @Test
    void resume_matchesUninterrupted(@TempDir Path dir) {
        Dataset demos = AdversarialTestSupport.pendulumDemos(1);
        AlgorithmProvider p = AdversarialTestSupport.withDemos((ImitationProvider) Algorithms.get("airl"), demos);
        ResumeTesting.assertResumeMatchesUninterrupted(p, "Pendulum-v1", 3, 4 * 64, 128, 200,
                AdversarialTestSupport.small(), dir);
    }

    @Test
    void genReplay_changesTheRun_andResumesWithTheReplayedRounds(@TempDir Path dir) {
        Dataset demos = AdversarialTestSupport.pendulumDemos(1);
        ImitationProvider p = (ImitationProvider) Algorithms.get("airl");
        Map<String, String> replay = new java.util.HashMap<>(AdversarialTestSupport.small());
        replay.put("gen-replay-rounds", "3");
        AdversarialTestSupport.Collect one = new AdversarialTestSupport.Collect();
        AdversarialTestSupport.Collect three = new AdversarialTestSupport.Collect();
        p.train(new TrainRequest("Pendulum-v1", 3, 4 * 64, p.resolve(AdversarialTestSupport.small())), one,
                new ImitationInputs(demos, null), Checkpoints.none());
        p.train(new TrainRequest("Pendulum-v1", 3, 4 * 64, p.resolve(replay)), three,
                new ImitationInputs(demos, null), Checkpoints.none());
        assertEquals(one.rows.get(0), three.rows.get(0), "the first round has nothing older to replay");
        assertNotEquals(one.rows, three.rows, "later rounds' discriminator sees older generator transitions");
        // killed after round 2 of 4: the resumed run must replay rounds 1-2 as the uninterrupted one does
        ResumeTesting.assertResumeMatchesUninterrupted(AdversarialTestSupport.withDemos(p, demos), "Pendulum-v1", 3,
                4 * 64, 128, 200, replay, dir);
    }

    @Test
    void genReplayRounds_mustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adversarial.DiscriminatorConfig(16, 2, 1e-3, 8, true, 0));
        assertTrue(e.getMessage().contains("genReplayRounds must be positive but was 0"), e.getMessage());
    }
}
