package dev.bellman.algorithms.modelbased;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.Algorithms;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Envs;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PETS' {@code planner=gradient}: Adam on the actions through a learned ensemble and Pendulum's reward on the tape. */
class GradientPlannerLearnedModelTest {

    @Test
    void pendulumRewardOnTheTape_equalsThePlainOne_evenOffTheUnitCircle() {
        Rng rng = new Rng(3);
        int n = 64;
        float[] s = new float[n * 3], a = new float[n], s2 = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double th = 2 * Math.PI * rng.nextFloat() - Math.PI, radius = 0.5 + rng.nextFloat(); // a model's guess need not be on the circle
            s[i * 3] = (float) (radius * Math.cos(th));
            s[i * 3 + 1] = (float) (radius * Math.sin(th));
            s[i * 3 + 2] = 16 * rng.nextFloat() - 8;
            a[i] = 5 * rng.nextFloat() - 2.5f; // beyond the bounds too: both clip to [-2, 2]
        }
        float[] tape = TaskFunctions.PENDULUM.reward(Tensor.of(s, n, 3), Tensor.of(a, n, 1), Tensor.of(s2, n, 3)).toArray();
        for (int i = 0; i < n; i++) {
            double plain = TaskFunctions.PENDULUM.reward(s, i * 3, a, i, s2, i * 3);
            assertEquals(plain, tape[i], 1e-4 * Math.abs(plain) + 1e-5, "row " + i);
        }
    }

    @Test
    void tapeReturns_matchTheMeanPropagation_andTheirGradientMatchesFiniteDifferences() {
        TransitionData data = DynamicsEnsembleTest.randomPendulum(2, 1);
        DynamicsEnsemble model = new DynamicsEnsemble(3, 1, new DynamicsEnsemble.Config(3, new int[] {16, 16}, true, 1e-3, 32),
                new Rng(0));
        model.fit(data, 3, new Rng(1));
        EnsembleGradientRollouts rollouts = new EnsembleGradientRollouts(model, TaskFunctions.PENDULUM);
        int n = 4, h = 6;
        float[] obs = {-0.8f, 0.6f, 1.5f}, actions = new float[n * h];
        Rng rng = new Rng(4);
        for (int i = 0; i < actions.length; i++) actions[i] = 3.6f * rng.nextFloat() - 1.8f;
        double[] plain = new double[n];
        rollouts.returns(obs, actions, n, h, rng, plain);
        Tensor act = Tensor.parameter(actions.clone(), n, h);
        Tensor ret = rollouts.returns(obs, act, h);
        float[] r = ret.toArray();
        for (int i = 0; i < n; i++) assertEquals(plain[i], r[i], 1e-3 * Math.abs(plain[i]), "sequence " + i);
        ret.sum().backward();
        float[] grad = act.grad().clone();
        double eps = 1e-2;
        for (int k : new int[] {0, 3, 7, 12, 23}) { // a first, a middle and a last action of several sequences
            float[] plus = actions.clone(), minus = actions.clone();
            plus[k] += (float) eps;
            minus[k] -= (float) eps;
            double[] rp = new double[n], rm = new double[n];
            rollouts.returns(obs, plus, n, h, rng, rp);
            rollouts.returns(obs, minus, n, h, rng, rm);
            double fd = (rp[k / h] - rm[k / h]) / (2 * eps);
            assertEquals(fd, grad[k], 0.05 * Math.abs(fd) + 2e-3, "d return / d action " + k);
        }
        assertTrue(Math.abs(grad[0]) > 1e-4, "the first action moves the return: " + grad[0]);
    }

    @Test
    void gradientShooting_improvesThePredictedReturnOfItsPlan() {
        TransitionData data = DynamicsEnsembleTest.randomPendulum(2, 1);
        DynamicsEnsemble model = new DynamicsEnsemble(3, 1, new DynamicsEnsemble.Config(2, new int[] {16, 16}, true, 1e-3, 32),
                new Rng(0));
        model.fit(data, 3, new Rng(1));
        EnsembleGradientRollouts rollouts = new EnsembleGradientRollouts(model, TaskFunctions.PENDULUM);
        Planner.Bounds bounds = new Planner.Bounds(new float[] {-2f}, new float[] {2f}, 10);
        float[] obs = {0.9f, 0.4f, -0.5f};
        GradientShooting planner = new GradientShooting(rollouts, bounds, new GradientShooting.Config(1, 20, 0.3));
        double[] before = new double[1], after = new double[1];
        rollouts.returns(obs, planner.plan(), 1, 10, new Rng(0), before); // the initial plan: no torque
        float[] first = planner.act(obs, new Rng(2));
        float[] optimised = new float[10]; // the optimised sequence: the action taken, then the plan it keeps (shifted)
        optimised[0] = first[0];
        System.arraycopy(planner.plan(), 0, optimised, 1, 9);
        rollouts.returns(obs, optimised, 1, 10, new Rng(0), after);
        assertTrue(after[0] > before[0] + 0.1, "predicted return " + before[0] + " -> " + after[0]);
    }

    @Test
    void petsWithTheGradientPlanner_trains_andItsReloadedPolicyPlansTheSame(@TempDir Path dir) throws Exception {
        Map<String, String> hp = new HashMap<>(PetsTest.tiny());
        hp.put("planner", "gradient");
        hp.put("gradient-candidates", "2");
        hp.put("gradient-iterations", "2");
        var p = Algorithms.get("pets");
        var policy = p.train(new TrainRequest("Pendulum-v1", 5, 300, p.resolve(hp)), (step, key, value) -> { });
        policy.save(dir);
        MpcPolicy loaded = (MpcPolicy) p.load(dir);
        float[] obs = {1f, 0f, 0f};
        assertEquals(((float[]) policy.act(obs))[0], ((float[]) loaded.act(obs))[0], 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.preflight(new TrainRequest("MountainCarContinuous-v0", 1, 300, p.resolve(hp)), Envs.make("MountainCarContinuous-v0")));
        assertTrue(e.getMessage().contains("planner=gradient") && e.getMessage().contains("MountainCarContinuous-v0"), e.getMessage());
    }
}
