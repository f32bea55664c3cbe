package dev.bellman.algorithms.imitation;

import dev.bellman.core.MetricsSink;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Recorder;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.TabularModel;
import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxEntIrlTest {

    /** Demonstrations of an expert that picks uniformly among the optimal actions of GridWorld-v0. */
    static Dataset gridWorldDemos(int episodes, long seed) {
        try (Env<?, ?> env = Envs.make("GridWorld-v0")) {
            TabularModel model = (TabularModel) env.unwrapped();
            double[][] q = Experts.optimalQ(model);
            Rng rng = new Rng(seed);
            var eps = Recorder.record(env, obs -> {
                int s = (Integer) obs;
                List<Integer> best = new ArrayList<>();
                for (int a = 0; a < q[s].length; a++) if (Experts.optimal(q, s, a)) best.add(a);
                return best.get(rng.nextInt(best.size()));
            }, episodes, seed, 0);
            return new Dataset("test/GridWorld-v0/expert-v0", "GridWorld-v0", env.observationSpace(), env.actionSpace(),
                    eps, Map.of());
        }
    }

    private static double agreement(TabularModel model, int[] actions) {
        double[][] q = Experts.optimalQ(model);
        int agree = 0, states = 0;
        for (int s = 0; s < model.numStates(); s++) {
            if (s == 0 || s == 15) continue; // GridWorld's terminal corners: no decision
            states++;
            if (Experts.optimal(q, s, actions[s])) agree++;
        }
        return (double) agree / states;
    }

    @Test
    void tabularReward_onLectureGridWorld_recoversExpertPolicyInAtLeast95PercentOfStates() {
        Dataset demos = gridWorldDemos(100, 3);
        try (Env<?, ?> env = Envs.make("GridWorld-v0")) {
            TabularModel model = (TabularModel) env.unwrapped();
            var r = MaxEntIrl.train(model, demos, MaxEntIrl.tabularFeatures(16), MaxEntIrl.Config.defaults(),
                    MetricsSink.none());
            double agree = agreement(model, r.policy().actions());
            assertTrue(agree >= 0.95, "agreement " + agree + ", reward " + java.util.Arrays.toString(r.reward()));
            // the corners (where demonstrations end) carry the highest reward
            double inner = Double.NEGATIVE_INFINITY;
            for (int s = 1; s < 15; s++) inner = Math.max(inner, r.reward()[s]);
            assertTrue(r.reward()[0] > inner && r.reward()[15] > inner, java.util.Arrays.toString(r.reward()));
        }
    }

    @Test
    void linearReward_onLectureGridWorld_recoversExpertPolicyInAtLeast95PercentOfStates() {
        Dataset demos = gridWorldDemos(100, 4);
        // two features: "is a corner" and the Manhattan distance to the nearest corner (scaled); 2 parameters, not 16
        double[][] phi = new double[16][2];
        for (int s = 0; s < 16; s++) {
            int row = s / 4, col = s % 4;
            phi[s][0] = s == 0 || s == 15 ? 1 : 0;
            phi[s][1] = Math.min(row + col, 6 - row - col) / 6.0;
        }
        try (Env<?, ?> env = Envs.make("GridWorld-v0")) {
            TabularModel model = (TabularModel) env.unwrapped();
            var r = MaxEntIrl.train(model, demos, phi, MaxEntIrl.Config.defaults(), MetricsSink.none());
            double agree = agreement(model, r.policy().actions());
            assertTrue(agree >= 0.95, "agreement " + agree + ", reward " + java.util.Arrays.toString(r.reward()));
        }
    }

    @Test
    void sameDemos_giveTheSameReward() {
        Dataset demos = gridWorldDemos(20, 5);
        try (Env<?, ?> env = Envs.make("GridWorld-v0")) {
            TabularModel model = (TabularModel) env.unwrapped();
            var a = MaxEntIrl.train(model, demos, MaxEntIrl.tabularFeatures(16), MaxEntIrl.Config.defaults(), MetricsSink.none());
            var b = MaxEntIrl.train(model, gridWorldDemos(20, 5), MaxEntIrl.tabularFeatures(16), MaxEntIrl.Config.defaults(),
                    MetricsSink.none());
            assertArrayEquals(a.reward(), b.reward());
        }
    }
}
