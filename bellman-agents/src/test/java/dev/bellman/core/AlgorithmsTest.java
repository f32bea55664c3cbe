package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlgorithmsTest {
    private static final List<String> TABULAR = List.of("expected-sarsa", "policy-iteration", "q-learning", "sarsa",
            "value-iteration");

    @TempDir
    Path tmp;

    @Test
    void registry_findsTheTabularAlgorithmsAndThirdPartyProvidersThroughServiceLoader() {
        assertTrue(Algorithms.ids().containsAll(TABULAR), Algorithms.ids().toString());
        assertTrue(Algorithms.ids().contains("fixed-action"), "test provider from META-INF/services");
        for (AlgorithmProvider p : Algorithms.all()) {
            assertEquals(p.id().toLowerCase(java.util.Locale.ROOT), p.id());
            assertFalse(p.description().isBlank());
            p.resolve(Map.of()); // every default is valid
        }
    }

    @Test
    void extensibleWhen_namesEveryAlgorithmWhoseRunsCanBeRaised_andItsSettingsDo() {
        for (AlgorithmProvider p : Algorithms.all()) {
            boolean atDefaults = p.budgetDependence(p.resolve(Map.of()), Long.MAX_VALUE).isEmpty();
            assertTrue(!atDefaults || p.extensibleWhen().isPresent(),
                    p.id() + "'s runs can be raised at its defaults, but extensibleWhen() does not list it");
        }
        AlgorithmProvider ppo = Algorithms.get("ppo");
        assertEquals("with --set anneal-lr=false", ppo.extensibleWhen().orElseThrow());
        assertTrue(ppo.budgetDependence(ppo.resolve(Map.of()), 1000).isPresent());
        assertTrue(ppo.budgetDependence(ppo.resolve(Map.of("anneal-lr", "false")), 1000).isEmpty());
        for (String id : List.of("sac", "td3", "ddpg")) {
            AlgorithmProvider p = Algorithms.get(id);
            assertEquals("with buffer-size at most the budget", p.extensibleWhen().orElseThrow());
            String why = p.budgetDependence(p.resolve(Map.of("buffer-size", "1001")), 1000).orElseThrow();
            assertTrue(why.endsWith("(a run with --set buffer-size=1000 or smaller can be raised)"), why);
            assertTrue(p.budgetDependence(p.resolve(Map.of("buffer-size", "1000")), 1000).isEmpty(), id);
        }
        assertTrue(Algorithms.get("dqn").extensibleWhen().isEmpty()); // its exploration schedule spans the budget
    }

    @Test
    void get_unknownId_suggestsTheClosest() {
        var e = assertThrows(UnknownAlgorithmException.class, () -> Algorithms.get("expected-sarssa"));
        assertTrue(e.getMessage().startsWith("unknown algorithm 'expected-sarssa'. Did you mean 'expected-sarsa'?"),
                e.getMessage());
        assertTrue(Algorithms.find("no-such-algorithm").isEmpty());
    }

    @Test
    void supporting_saysWhichAlgorithmsSuitAnEnv() {
        try (Env<?, ?> frozen = Envs.make("FrozenLake-v1"); Env<?, ?> cartPole = Envs.make("CartPole-v1")) {
            assertTrue(Algorithms.supporting(frozen).containsAll(TABULAR));
            List<String> forCartPole = Algorithms.supporting(cartPole);
            assertTrue(forCartPole.containsAll(List.of("dqn", "ppo", "a2c", "fixed-action")), forCartPole.toString());
            for (String id : TABULAR) assertFalse(forCartPole.contains(id), id + " offered for CartPole-v1");
            String why = Algorithms.get("q-learning").incompatibility(cartPole).orElseThrow();
            assertEquals("q-learning needs observations Discrete, actions Discrete, but CartPole-v1 has observations Box,"
                    + " actions Discrete", why);
        }
    }

    @Test
    void everyTabularAlgorithm_trainsSavesLoadsAndActsTheSame() throws IOException {
        for (String id : TABULAR) {
            AlgorithmProvider p = Algorithms.get(id);
            List<double[]> episodes = new ArrayList<>();
            MetricsSink sink = (step, key, value) -> {
                if (key.equals(MetricsSink.EPISODIC_RETURN)) {
                    episodes.add(new double[] {step, value});
                }
            };
            Policy policy = p.train(new TrainRequest("FrozenLake-v1", 5, 5_000, p.resolve(Map.of())), sink);
            Path dir = tmp.resolve(id);
            java.nio.file.Files.createDirectories(dir);
            policy.save(dir);
            Policy loaded = p.load(dir);
            for (int s = 0; s < 16; s++) {
                assertEquals(policy.act(s), loaded.act(s), id + " state " + s);
            }
            if (!id.endsWith("iteration")) {
                assertTrue(episodes.size() > 50, id + " reports its training episodes");
                for (int i = 1; i < episodes.size(); i++) {
                    assertTrue(episodes.get(i)[0] > episodes.get(i - 1)[0], "global step increases");
                }
                assertTrue(episodes.get(episodes.size() - 1)[0] <= 5_000);
            }
        }
    }

    @Test
    void valueIteration_greedyPolicy_nearsOptimalOnFrozenLake() {
        AlgorithmProvider vi = Algorithms.get("value-iteration");
        Policy policy = vi.train(new TrainRequest("FrozenLake-v1", 1, 1, vi.resolve(Map.of())), MetricsSink.none());
        try (Env<?, ?> env = Envs.make("FrozenLake-v1")) {
            Evaluation.Result r = Evaluation.evaluate(env, policy, 1000, 0);
            // the optimal success rate of 4x4 slippery FrozenLake within 100 steps is about 0.74
            assertTrue(r.mean() > 0.65 && r.mean() < 0.85, r.toString());
            try (Env<?, ?> again = Envs.make("FrozenLake-v1")) {
                assertEquals(r, Evaluation.evaluate(again, policy, 1000, 0), "same seed, same returns");
            }
        }
    }

    @Test
    void evaluationResult_meanAndPopulationStd() {
        Evaluation.Result r = Evaluation.Result.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, r.mean());
        assertEquals(Math.sqrt(1.25), r.std(), 1e-15);
        assertEquals(4, r.episodes());
    }

    @Test
    void episodeMetrics_reportsEachEpisodeAtTheStepItEnded() {
        List<String> seen = new ArrayList<>();
        try (EpisodeMetrics<Integer, Integer> env = new EpisodeMetrics<>(Envs.make("FrozenLake-v1"),
                (step, key, value) -> seen.add(step + " " + key + " " + value))) {
            long steps = 0;
            double total = 0;
            env.reset(3L, Map.of());
            int episodes = 0;
            while (episodes < 5) {
                var st = env.step(2);
                steps++;
                total += st.reward();
                if (st.terminated() || st.truncated()) {
                    episodes++;
                    assertEquals(steps + " " + MetricsSink.EPISODIC_RETURN + " " + total, seen.get(seen.size() - 2));
                    total = 0;
                    env.reset();
                }
            }
            assertEquals(steps, env.globalStep());
            assertEquals(10, seen.size());
        }
    }
}
