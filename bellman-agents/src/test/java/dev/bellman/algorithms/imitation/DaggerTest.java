package dev.bellman.algorithms.imitation;

import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.demos.Dataset;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.TabularModel;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.StopRequestTest;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.core.demos.ImitationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaggerTest {

    private static final class Collect implements MetricsSink {
        final List<String> rows = new ArrayList<>();
        final List<Double> labels = new ArrayList<>(), betas = new ArrayList<>();

        @Override
        public void record(long step, String key, double value) {
            rows.add(step + " " + key + " " + value);
            if (key.equals("charts/expert_labels")) labels.add(value);
            if (key.equals("charts/beta")) betas.add(value);
        }
    }

    @Test
    void gridWorld_labelsGrowEachRound_betaFollowsTheSchedule_sameSeedSameRun() {
        int[] expert;
        try (Env<?, ?> env = Envs.make("GridWorld-v0")) {
            expert = Experts.greedy(Experts.optimalQ((TabularModel) env.unwrapped()));
        }
        Policy expertPolicy = new Policy() {
            @Override public Object act(Object observation) { return expert[(Integer) observation]; }
            @Override public void save(java.nio.file.Path directory) {}
        };
        Dataset demos = BcTest.tabularExpertDemos("GridWorld-v0", Map.of(), expert, 2);
        Dagger.Config c = new Dagger.Config(8, 5, 2, 10, 0, 100_000, new Bc.Config(1, 16, 2e-2, 0, 0, 16, 5));
        Collect a = new Collect(), b = new Collect();
        Policy pa = Dagger.train(() -> Envs.make("GridWorld-v0"), demos, expertPolicy, c, a);
        Dagger.train(() -> Envs.make("GridWorld-v0"), demos, expertPolicy, c, b);
        assertEquals(a.rows, b.rows);
        assertEquals(List.of(1.0, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), a.betas); // round 0 (demos), then max(0, 1 - (i-1)/2)
        assertEquals(demos.totalSteps(), a.labels.get(0).longValue());
        for (int i = 1; i < a.labels.size(); i++) assertTrue(a.labels.get(i) > a.labels.get(i - 1), a.labels.toString());
        // the learner acts as well as the expert from the uniform starts
        try (Env<?, ?> env = Envs.make("GridWorld-v0"); Env<?, ?> env2 = Envs.make("GridWorld-v0")) {
            double learner = Evaluation.evaluate(env, pa, 100, 9).mean();
            double teacher = Evaluation.evaluate(env2, expertPolicy, 100, 9).mean();
            assertEquals(teacher, learner, 0.3, "greedy return of the learner against the expert's");
        }
    }

    /** CartPole's textbook controller as the queried expert: push towards the side the pole falls to. */
    private static final Policy CART_POLE_EXPERT = new Policy() {
        @Override public Object act(Object o) { return ((float[]) o)[2] + 0.5f * ((float[]) o)[3] > 0 ? 1 : 0; }
        @Override public void save(Path directory) {}
    };

    /** Pendulum's PD push towards upright as the queried expert (continuous actions). */
    private static final Policy PENDULUM_EXPERT = new Policy() {
        @Override public Object act(Object o) {
            float[] x = (float[]) o;
            float theta = (float) Math.atan2(x[1], x[0]);
            return new float[] {Math.max(-2f, Math.min(2f, -4f * theta - x[2]))};
        }
        @Override public void save(Path directory) {}
    };

    private static final Map<String, String> SMALL = Map.of("rounds", "6", "episodes-per-round", "1",
            "beta-rampdown-rounds", "3", "epochs-per-round", "2", "round-eval-episodes", "1", "hidden-size", "16");

    /**
     * A run killed after a round's checkpoint and resumed ends with the uninterrupted run's metrics and model, for
     * discrete (CartPole) and continuous (Pendulum, 200-step episodes: killed in round 3 after round 2's checkpoint)
     * actions; the aggregated dataset, the optimizer and both generators come back with it.
     */
    @Test
    void resume_matchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted(withInputs(AdversarialTestSupport.pendulumDemos(1),
                PENDULUM_EXPERT), "Pendulum-v1", 3, 100_000, 1, 500, SMALL, dir.resolve("pendulum"));
        ResumeTesting.assertResumeMatchesUninterrupted(withInputs(AdversarialTestSupport.cartPoleDemos(1),
                CART_POLE_EXPERT), "CartPole-v1", 3, 100_000, 1, 501, SMALL, dir.resolve("cartpole"));
    }

    @Test
    void stopRequest_checkpointsTheRoundAndHandsOutTheLearner(@TempDir Path dir) {
        Map<String, String> hp = new java.util.HashMap<>(SMALL);
        hp.put("rounds", "1000");
        StopRequestTest.assertStopsWithItsPolicy(withInputs(AdversarialTestSupport.cartPoleDemos(1), CART_POLE_EXPERT),
                "CartPole-v1", hp, dir);
    }

    /** dagger with its demonstrations and expert fixed, as a plain checkpointing provider. */
    private static AlgorithmProvider withInputs(Dataset demos, Policy expert) {
        return AdversarialTestSupport.withInputs((ImitationProvider) Algorithms.get("dagger"),
                new ImitationInputs(demos, expert));
    }
}
