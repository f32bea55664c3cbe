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
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GailTest {

    private static List<String> run(String algo, String env, Dataset demos, long seed, Map<String, String> extra) {
        ImitationProvider p = (ImitationProvider) Algorithms.get(algo);
        Map<String, String> hp = new HashMap<>(AdversarialTestSupport.small());
        hp.putAll(extra);
        AdversarialTestSupport.Collect sink = new AdversarialTestSupport.Collect();
        p.train(new TrainRequest(env, seed, 3 * 64, p.resolve(hp)), sink, new ImitationInputs(demos, null),
                Checkpoints.none());
        return sink.rows;
    }

    @Test
    void sameSeed_sameMetrics_otherSeed_otherMetrics() {
        Dataset demos = AdversarialTestSupport.cartPoleDemos(2);
        Map<String, String> gp = Map.of("grad-penalty-coef", "10");
        List<String> a = run("gail", "CartPole-v1", demos, 5, gp);
        assertEquals(a, run("gail", "CartPole-v1", demos, 5, gp));
        assertNotEquals(a, run("gail", "CartPole-v1", demos, 6, gp));
        for (String key : List.of("charts/disc_acc_expert", "charts/disc_acc_gen", "losses/disc_loss",
                "losses/grad_penalty", "charts/learned_episodic_return", "charts/episodic_return")) {
            assertTrue(a.stream().anyMatch(r -> r.contains(" " + key + " ")), key + " is logged");
        }
    }

    /** A stop request ends the run with a checkpoint and hands out the generator as it is, for the run's model. */
    @Test
    void stopRequest_handsOutThePolicyItHas(@TempDir Path dir) {
        StopRequestTest.assertStopsWithItsPolicy(AdversarialTestSupport.withDemos(
                (ImitationProvider) Algorithms.get("gail"), AdversarialTestSupport.cartPoleDemos(2)), "CartPole-v1",
                AdversarialTestSupport.small(), dir);
    }

    @Test
    void resume_matchesUninterrupted(@TempDir Path dir) {
        AlgorithmProvider p = AdversarialTestSupport.withDemos((ImitationProvider) Algorithms.get("gail"),
                AdversarialTestSupport.cartPoleDemos(2));
        ResumeTesting.assertResumeMatchesUninterrupted(p, "CartPole-v1", 3, 4 * 64, 128, 200,
                AdversarialTestSupport.small(), dir);
    }

    @Test
    void resume_withNormalisedObservationsAndAnnealing_matchesUninterrupted(@TempDir Path dir) {
        // AIRL's discriminator evaluates log pi on normalised observations too
        for (String algo : List.of("gail", "airl")) {
            AlgorithmProvider p = AdversarialTestSupport.withDemos((ImitationProvider) Algorithms.get(algo),
                    AdversarialTestSupport.pendulumDemos(1));
            Map<String, String> hp = new HashMap<>(AdversarialTestSupport.small());
            hp.put("norm-obs", "true");
            hp.put("anneal-lr", "true");
            ResumeTesting.assertResumeMatchesUninterrupted(p, "Pendulum-v1", 3, 4 * 64, 128, 200, hp,
                    dir.resolve(algo));
        }
    }

    @Test
    void normalisedObservations_changeTheRun_andTheSavedPolicyKeepsTheirStatistics(@TempDir Path dir)
            throws Exception {
        Dataset demos = AdversarialTestSupport.pendulumDemos(1);
        assertNotEquals(run("gail", "Pendulum-v1", demos, 5, Map.of()),
                run("gail", "Pendulum-v1", demos, 5, Map.of("norm-obs", "true")));
        ImitationProvider p = (ImitationProvider) Algorithms.get("gail");
        Map<String, String> hp = new HashMap<>(AdversarialTestSupport.small());
        hp.put("norm-obs", "true");
        Policy policy = p.train(new TrainRequest("Pendulum-v1", 1, 3 * 64, p.resolve(hp)),
                new AdversarialTestSupport.Collect(), new ImitationInputs(demos, null));
        ImitationPolicy trained = ((Adversarial.Trained) policy).policy;
        assertNotNull(trained.obsRms);
        assertEquals(1e-4 + 2 + 3 * 64, trained.obsRms.count(), 1e-9); // the resets' and every step's observation
        policy.save(dir);
        ImitationPolicy loaded = (ImitationPolicy) p.load(dir);
        assertArrayEquals(trained.obsRms.toArray(), loaded.obsRms.toArray(), 0.0);
        float[] obs = {0.3f, -0.9f, 6.5f};
        assertArrayEquals((float[]) policy.act(obs), (float[]) loaded.act(obs), 0f);
        float[] norm = new float[3];
        ImitationPolicy.normalize(obs, norm, trained.obsRms);
        loaded.obsRms = null; // the network on the normalised observation acts as the policy on the raw one
        assertArrayEquals((float[]) policy.act(obs), (float[]) loaded.act(norm), 0f);
    }

    @Test
    void logitReward_isOfEitherSign_theDefaultPositive() {
        Dataset demos = AdversarialTestSupport.cartPoleDemos(2);
        List<Double> byDefault = learnedReturns(run("gail", "CartPole-v1", demos, 5, Map.of()));
        List<Double> logit = learnedReturns(run("gail", "CartPole-v1", demos, 5, Map.of("logit-reward", "true")));
        assertTrue(byDefault.stream().allMatch(r -> r > 0), byDefault.toString());
        assertTrue(logit.stream().anyMatch(r -> r < 0), logit.toString());
        assertNotEquals(byDefault, logit);
    }

    @Test
    void entropyReward_addsMinusLogPi_toTheFirstRoundsRewards() {
        // round 1's rollout and discriminator are the same in both runs; the discrete policy's -log pi(a|s) > 0 is added
        Dataset demos = AdversarialTestSupport.cartPoleDemos(2);
        List<String> plain = run("gail", "CartPole-v1", demos, 5, Map.of());
        List<String> withEntropy = run("gail", "CartPole-v1", demos, 5, Map.of("entropy-reward", "true"));
        double gap = learnedReturns(withEntropy).get(0) - learnedReturns(plain).get(0);
        double length = plain.stream().filter(r -> r.contains(" charts/episodic_length ")).findFirst()
                .map(r -> Double.parseDouble(r.substring(r.lastIndexOf(' ') + 1))).orElseThrow();
        // at initialisation the logits are near 0: -log pi is about log 2 per step
        assertEquals(Math.log(2) * length, gap, 0.05 * length);
    }

    private static List<Double> learnedReturns(List<String> rows) {
        return rows.stream().filter(r -> r.contains(" charts/learned_episodic_return "))
                .map(r -> Double.parseDouble(r.substring(r.lastIndexOf(' ') + 1))).toList();
    }

    @Test
    void inputGradient_matchesFiniteDifferences() {
        RewardMlp net = new RewardMlp(5, 7, new Rng(3));
        Rng rng = new Rng(4);
        float[] x = new float[2 * 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] g = net.inputGradient(Tensor.of(x, 2, 5)).toArray();
        float h = 1e-2f;
        for (int i = 0; i < x.length; i++) {
            float[] up = x.clone(), down = x.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (net.forward(Tensor.of(up, 2, 5)).toArray()[i / 5]
                    - net.forward(Tensor.of(down, 2, 5)).toArray()[i / 5]) / (2.0 * h);
            assertEquals(fd, g[i], 1e-3, "d out / d x[" + i + "]");
        }
    }

    @Test
    void gradientPenalty_pushesTheInputGradientNormTowardsOne() {
        // minimising (‖∇x D‖ − 1)² alone must bring the true input-gradient norm to 1 (a wrong inputGradient would not)
        RewardMlp net = new RewardMlp(3, 16, new Rng(1));
        Rng rng = new Rng(2);
        float[] x = new float[64 * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        Tensor xs = Tensor.of(x, 64, 3);
        var opt = new dev.bellman.optim.Adam(net.parameters(), 1e-2);
        for (int it = 0; it < 300; it++) {
            Tensor norm = net.inputGradient(xs).square().sum(1, false).add(1e-12f).sqrt();
            Tensor loss = norm.sub(1f).square().mean();
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        // the norm measured by finite differences of the network itself, not by inputGradient
        double mean = 0;
        float h = 1e-2f;
        for (int r = 0; r < 64; r++) {
            double sq = 0;
            for (int k = 0; k < 3; k++) {
                float[] up = java.util.Arrays.copyOfRange(x, 3 * r, 3 * r + 3), down = up.clone();
                up[k] += h;
                down[k] -= h;
                double d = (net.forward(Tensor.of(up, 1, 3)).item() - net.forward(Tensor.of(down, 1, 3)).item()) / (2 * h);
                sq += d * d;
            }
            mean += Math.sqrt(sq) / 64;
        }
        assertEquals(1.0, mean, 0.1);
    }

    @Test
    void config_rejectsNegativePenalty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Gail.Config(
                Adversarial.GeneratorConfig.defaults(4096), Adversarial.DiscriminatorConfig.defaults(), -1, false, false, 1));
        assertTrue(e.getMessage().contains("gradPenaltyCoef must be >= 0 but was -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adversarial.GeneratorConfig(100, 3e-4, 8, 256, 0.99,
                0.95, 8, 5, 0.2, 0, 0.5, 0.5, 64, false, false));
        assertTrue(e.getMessage().contains("totalTimesteps = 100"), e.getMessage());
    }

    @Test
    void trainedPolicy_savesAndLoads(@TempDir Path dir) throws Exception {
        ImitationProvider p = (ImitationProvider) Algorithms.get("gail");
        Policy policy = p.train(new TrainRequest("CartPole-v1", 1, 64, p.resolve(AdversarialTestSupport.small())),
                new AdversarialTestSupport.Collect(), new ImitationInputs(AdversarialTestSupport.cartPoleDemos(1), null));
        policy.save(dir);
        Policy loaded = p.load(dir);
        float[] obs = {0.01f, -0.2f, 0.03f, 0.4f};
        assertEquals(policy.act(obs), loaded.act(obs));
    }
}
