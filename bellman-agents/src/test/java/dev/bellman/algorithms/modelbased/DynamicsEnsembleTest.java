package dev.bellman.algorithms.modelbased;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

class DynamicsEnsembleTest {

    /** Transitions of {@code episodes} Pendulum-v1 episodes under uniform random torques. */
    static TransitionData randomPendulum(int episodes, long seed) {
        TransitionData data = new TransitionData(3, 1);
        Rng rng = new Rng(seed);
        try (Env<float[], float[]> env = Envs.make("Pendulum-v1")) {
            for (int e = 0; e < episodes; e++) {
                float[] obs = env.reset(seed * 100 + e).observation();
                for (int t = 0; t < 200; t++) {
                    float[] a = {4f * rng.nextFloat() - 2f};
                    Step<float[]> step = env.step(a);
                    data.add(obs, a, step.observation());
                    obs = step.observation();
                }
            }
        }
        return data;
    }

    /** Mean squared one-step error per dimension on {@code test}: the mean prediction, or s' = s when model is null. */
    static double[] oneStepMse(DynamicsEnsemble model, TransitionData test) {
        int n = test.size(), od = test.obsDim();
        float[] pred = new float[n * od];
        if (model == null) {
            System.arraycopy(test.obs(), 0, pred, 0, n * od);
        } else {
            model.predict(test.obs(), test.act(), n, new int[n], null, pred);
        }
        double[] mse = new double[od];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < od; d++) {
                double e = pred[i * od + d] - test.nextObs()[i * od + d];
                mse[d] += e * e / n;
            }
        }
        return mse;
    }

    @Test
    void probabilisticEnsemble_reachesLowOneStepErrorOnPendulum() {
        TransitionData train = randomPendulum(8, 1), test = randomPendulum(2, 2);
        DynamicsEnsemble model = new DynamicsEnsemble(3, 1, new DynamicsEnsemble.Config(3, new int[] {64, 64}, true, 1e-3, 32),
                new Rng(0));
        model.fit(train, 15, new Rng(1));
        double[] mse = oneStepMse(model, test), still = oneStepMse(null, test);
        for (int d = 0; d < 3; d++) {
            // absolute: cos θ and sin θ to about 0.01, θ̇ to about 0.05 rad/s; relative: far below "nothing moves"
            assertTrue(mse[d] < (d < 2 ? 1e-4 : 3e-3), "one-step MSE of dimension " + d + ": " + mse[d]);
            assertTrue(mse[d] < 0.02 * still[d], "dimension " + d + ": " + mse[d] + " vs s' = s: " + still[d]);
        }
        // the whole chain (ensemble + trajectory sampling + known reward) predicts 5-step returns of random torques
        int n = 20, h = 5;
        float[] obs = {test.obs()[0], test.obs()[1], test.obs()[2]}, actions = new float[n * h];
        Rng rng = new Rng(5);
        for (int i = 0; i < actions.length; i++) actions[i] = 4f * rng.nextFloat() - 2f;
        double[] truth = new double[n];
        new PendulumModel().returns(obs, actions, n, h, rng, truth);
        for (EnsembleRollouts.Propagation prop : EnsembleRollouts.Propagation.values()) {
            double[] predicted = new double[n];
            new EnsembleRollouts(model, TaskFunctions.PENDULUM, 3, prop).returns(obs, actions, n, h, rng, predicted);
            for (int i = 0; i < n; i++) {
                double tolerance = prop == EnsembleRollouts.Propagation.MEAN ? 0.05 : 0.15; // sampled particles are noisier
                assertTrue(Math.abs(predicted[i] - truth[i]) < tolerance * Math.abs(truth[i]) + 0.05,
                        prop + " sequence " + i + ": predicted " + predicted[i] + ", true " + truth[i]);
            }
        }
    }

    @Test
    void deterministicModel_fitsToo_andConfigNamesBadValues() {
        TransitionData train = randomPendulum(4, 3), test = randomPendulum(1, 4);
        DynamicsEnsemble model = new DynamicsEnsemble(3, 1, new DynamicsEnsemble.Config(1, new int[] {64, 64}, false, 1e-3, 32),
                new Rng(0));
        model.fit(train, 10, new Rng(1));
        double[] mse = oneStepMse(model, test), still = oneStepMse(null, test);
        for (int d = 0; d < 3; d++) assertTrue(mse[d] < 0.05 * still[d], "dimension " + d + ": " + mse[d] + " vs " + still[d]);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DynamicsEnsemble.Config(0, new int[] {8}, true, 1e-3, 32));
        assertTrue(e.getMessage().contains("ensembleSize must be at least 1 but was 0"), e.getMessage());
    }
}
