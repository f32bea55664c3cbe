package dev.bellman.algorithms.imitation;

import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.demos.Dataset;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.TabularModel;
import org.junit.jupiter.api.Test;

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
}
