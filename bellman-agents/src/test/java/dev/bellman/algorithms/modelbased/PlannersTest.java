package dev.bellman.algorithms.modelbased;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

/** The planners with the TRUE Pendulum model: the planner check, separate from any learned model. */
class PlannersTest {
    private static final Planner.Bounds BOUNDS = new Planner.Bounds(new float[] {-2f}, new float[] {2f}, 25);

    /** One Pendulum-v1 episode (200 steps) from seed {@code seed} under {@code planner}. */
    static double episode(Planner planner, Env<float[], float[]> env, long seed) {
        Rng rng = new Rng(seed);
        float[] obs = env.reset(seed).observation();
        planner.reset();
        double ret = 0;
        while (true) {
            Step<float[]> step = env.step(planner.act(obs, rng));
            ret += step.reward();
            obs = step.observation();
            if (step.terminated() || step.truncated()) return ret;
        }
    }

    @Test
    void cem_withTrueModel_swingsUpAndBalancesPendulum() {
        try (Env<float[], float[]> env = Envs.make("Pendulum-v1")) {
            for (long seed = 1; seed <= 2; seed++) {
                double ret = episode(new Cem(new PendulumModel(), BOUNDS, new Cem.Config(200, 20, 4, 0.1)), env, seed);
                assertTrue(ret >= -200, "CEM return " + ret + " (seed " + seed + ")");
            }
        }
    }

    @Test
    void gradientShooting_withTrueModel_swingsUpAndBalancesPendulum() {
        try (Env<float[], float[]> env = Envs.make("Pendulum-v1")) {
            for (long seed = 1; seed <= 2; seed++) {
                double ret = episode(new GradientShooting(new PendulumModel(), BOUNDS, new GradientShooting.Config(1, 10, 0.5)), env, seed);
                assertTrue(ret >= -200, "gradient MPC return " + ret + " (seed " + seed + ")");
            }
        }
    }

    @Test
    void mppi_withTrueModel_swingsUpAndBalancesPendulum() {
        try (Env<float[], float[]> env = Envs.make("Pendulum-v1")) {
            double ret = episode(new Mppi(new PendulumModel(), BOUNDS, new Mppi.Config(200, 1.0, 0.5, 2)), env, 1);
            assertTrue(ret >= -200, "MPPI return " + ret);
        }
    }

    @Test
    void cem_withTheEnvItselfThroughSnapshots_swingsUpPendulum() {
        try (Env<float[], float[]> env = Envs.make("Pendulum-v1"); Env<float[], float[]> copy = Envs.make("Pendulum-v1")) {
            copy.reset(0);
            var model = new SnapshotRollouts(copy, () -> Snapshottable.snapshotChain(env));
            double ret = episode(new Cem(model, BOUNDS, new Cem.Config(200, 20, 4, 0.1)), env, 1);
            assertTrue(ret >= -200, "CEM through env snapshots: return " + ret);
        }
    }

    @Test
    void randomShooting_beatsDoingNothing() {
        try (Env<float[], float[]> env = Envs.make("Pendulum-v1")) {
            double zero = 0;
            Rng unused = new Rng(0);
            float[] obs = env.reset(4).observation();
            for (int t = 0; t < 200; t++) zero += env.step(new float[] {0f}).reward();
            double ret = episode(new RandomShooting(new PendulumModel(), BOUNDS, 300), env, 4);
            assertTrue(ret > zero + 100, "random shooting " + ret + " vs zero torque " + zero);
        }
    }

    @Test
    void pendulumModel_matchesTheEnvAndItsTapeVersion() {
        try (Env<float[], float[]> env = Envs.make("Pendulum-v1")) {
            float[] obs = env.reset(7).observation();
            float[] actions = new float[25];
            Rng rng = new Rng(1);
            for (int i = 0; i < actions.length; i++) actions[i] = 4f * rng.nextFloat() - 2f;
            double envReturn = 0;
            for (float a : actions) envReturn += env.step(new float[] {a}).reward();
            double[] model = new double[1];
            new PendulumModel().returns(obs, actions, 1, 25, rng, model);
            assertEquals(envReturn, model[0], 1e-3 * Math.abs(envReturn), "pure-function model vs env");
            float tape = new PendulumModel().returns(obs, dev.bellman.tensor.Tensor.of(actions, 1, 25), 25).item();
            assertEquals(model[0], tape, 1e-3 * Math.abs(model[0]), "float32 tape vs double model");
        }
    }

    @Test
    void configs_rejectBadValues_namingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Cem.Config(10, 20, 1, 0.1));
        assertTrue(e.getMessage().contains("numElites must be in [1, populationSize 10] but was 20"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Planner.Bounds(new float[] {1f}, new float[] {1f}, 5));
        assertTrue(e.getMessage().contains("dimension 0 has [1.0, 1.0]"), e.getMessage());
    }
}
