package dev.bellman.algorithms.pg;

import dev.bellman.core.Algorithms;
import dev.bellman.core.Policy;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Determinism, save/load, TRPO's trust region, conjugate gradient and config validation. */
class PgBehaviourTest {

    @ParameterizedTest
    @CsvSource({"reinforce,CartPole-v1", "a2c,CartPole-v1", "trpo,CartPole-v1", "reinforce,IdentityContinuous-v0",
            "a2c,IdentityContinuous-v0", "trpo,IdentityContinuous-v0"})
    void train_sameSeed_identicalMetricsAndActions(String algo, String env) {
        PgTesting.Run a = PgTesting.train(algo, env, 7, 3000);
        PgTesting.Run b = PgTesting.train(algo, env, 7, 3000);
        assertFalse(a.metrics().isEmpty());
        assertEquals(a.metrics(), b.metrics(), algo + " metrics differ between two runs with the same seed");
        PgTesting.Run c = PgTesting.train(algo, env, 8, 3000);
        assertNotEquals(a.metrics(), c.metrics(), algo + ": a different seed gave the same metrics");
        NetworkPolicy pa = (NetworkPolicy) a.policy(), pb = (NetworkPolicy) b.policy();
        for (var e : pa.net().namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), pb.net().namedParameters().get(e.getKey()).toArray(), e.getKey());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "IdentityContinuous-v0"})
    void a3c_sameSeed_identicalParametersWhateverTheScheduling(String env) {
        // workers apply their gradients, and send their metric records, in round-robin update order, so thread
        // timing can change neither the result nor the sequence of records
        PgTesting.Run a = PgTesting.train("a3c", env, 7, 4000);
        PgTesting.Run b = PgTesting.train("a3c", env, 7, 4000);
        List<String> ma = a.metrics(), mb = b.metrics();
        assertFalse(ma.isEmpty());
        long last = -1;
        for (String m : ma) {
            long step = Long.parseLong(m.substring(0, m.indexOf(' ')));
            assertTrue(step >= last, "a3c record steps decrease: " + last + " then " + m);
            last = step;
        }
        assertEquals(ma.size(), mb.size(), "a3c metric count differs between two runs with the same seed");
        for (int i = 0; i < ma.size(); i++) {
            assertEquals(ma.get(i), mb.get(i), "a3c metric " + i + " differs between two runs with the same seed");
        }
        NetworkPolicy pa = (NetworkPolicy) a.policy(), pb = (NetworkPolicy) b.policy();
        for (var e : pa.net().namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), pb.net().namedParameters().get(e.getKey()).toArray(), e.getKey());
        }
        NetworkPolicy pc = (NetworkPolicy) PgTesting.train("a3c", env, 8, 4000).policy();
        var first = pa.net().namedParameters().entrySet().iterator().next();
        assertFalse(java.util.Arrays.equals(first.getValue().toArray(), pc.net().namedParameters().get(first.getKey()).toArray()),
                "a different seed gave the same parameters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "a2c", "a3c", "trpo"})
    void saveLoad_restoresIdenticalActions(String algo, @TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "IdentityContinuous-v0")) {
            Policy p = PgTesting.train(algo, env, 3, 1000).policy();
            Path d = dir.resolve(env);
            java.nio.file.Files.createDirectories(d);
            p.save(d);
            Policy q = Algorithms.get(algo).load(d);
            assertEquals(algo, ((NetworkPolicy) q).algorithm());
            try (Env<Object, Object> e = Envs.make(env)) {
                Object obs = e.reset(5L).observation();
                for (int t = 0; t < 50; t++) {
                    Object x = p.act(obs), y = q.act(obs);
                    if (x instanceof float[] fx) assertArrayEquals(fx, (float[]) y);
                    else assertEquals(x, y);
                    var s = e.step(x);
                    if (s.terminated() || s.truncated()) break;
                    obs = s.observation();
                }
            }
        }
    }

    @Test
    void trpo_everyAcceptedUpdate_satisfiesKlConstraint() {
        List<Double> kls = new ArrayList<>();
        int[] attempts = {0};
        Trpo.Config c = new Trpo.Config("CartPole-v1", 1, 20_000, null, 1e-3, 2, 512, 512, 0.99, 0.98, 0.01, 15, 1e-3,
                0.8, 10, 5, true, 0.0);
        Trpo.train(c, (step, key, value) -> {
            if (key.equals("losses/approx_kl")) kls.add(value);
            if (key.equals("losses/is_line_search_success")) attempts[0]++;
        });
        assertTrue(kls.size() >= attempts[0] / 2 && !kls.isEmpty(), "too few accepted steps: " + kls.size() + " of " + attempts[0]);
        for (double kl : kls) {
            assertTrue(kl <= c.targetKl() && kl > 0, "accepted step with mean KL " + kl + " > " + c.targetKl());
        }
    }

    @Test
    void trpoLineSearch_rejectsStepsOverTheKlOrWithoutImprovement_thenAcceptsTheFirstGoodOne() {
        float[] theta0 = {0f}, dir = {1f};
        // KL(θ) = θ², surrogate L(θ) = θ: step 1 has KL 1 (too big), 0.5 has KL 0.25 (too big), 0.25 has KL 0.0625
        Trpo.LineSearch ls = Trpo.lineSearch(theta0, dir, 1.0, 0.0, 0.1, 0.5, 10,
                th -> new double[]{th[0], th[0] * th[0]});
        assertTrue(ls.accepted());
        assertEquals(3, ls.steps());
        assertEquals(0.25f, ls.theta()[0], 1e-6);
        assertTrue(ls.kl() <= 0.1);
        // no improvement anywhere: nothing accepted
        Trpo.LineSearch none = Trpo.lineSearch(theta0, dir, 1.0, 0.0, 0.1, 0.5, 10, th -> new double[]{-th[0], 0});
        assertFalse(none.accepted());
    }

    @Test
    void conjugateGradient_solvesSpdSystem() {
        int n = 6;
        Rng rng = new Rng(3);
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i][j] = rng.nextGaussian();
        double[][] a = new double[n][n]; // A = MᵀM + I
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) a[i][j] += m[k][i] * m[k][j];
                if (i == j) a[i][j] += 1;
            }
        }
        float[] b = new float[n];
        for (int i = 0; i < n; i++) b[i] = (float) rng.nextGaussian();
        float[] x = ConjugateGradient.solve(v -> {
            float[] o = new float[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i][j] * v[j];
                o[i] = (float) s;
            }
            return o;
        }, b, 3 * n, 1e-12);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i][j] * x[j];
            assertEquals(b[i], s, 1e-3, "row " + i + " of A x = b");
        }
        assertThrows(IllegalArgumentException.class, () -> ConjugateGradient.solve(v -> v, b, 0, 1e-10));
    }

    @Test
    void configs_rejectBadValues_namingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new A2c.Config("CartPole-v1", 1,
                100, null, 7e-4, 0, 5, 0.99, 1, 0, 0.5, 0.5, true, 1e-5, false, false, false, 0));
        assertTrue(e.getMessage().contains("numEnvs") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Trpo.Config("CartPole-v1", 1, 100, null, 1e-3, 1, 8,
                8, 0.99, 0.95, -0.01, 15, 0.1, 0.8, 10, 10, true, 0));
        assertTrue(e.getMessage().contains("targetKl"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new A3c.Config("CartPole-v1", 1, 100, null, 7e-4, 0, 1,
                5, 0.99, 1, 0, 0.5, 0.5, true, 1e-5, false, 0, true));
        assertTrue(e.getMessage().contains("numWorkers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Reinforce.Config("CartPole-v1", 1, 100, null, 1e-3,
                1, 0, 0.99, true, true, 0, 0.5, 0.5, 0));
        assertTrue(e.getMessage().contains("numEpisodes"), e.getMessage());
    }

    @Test
    void reinforceNormalize_givesZeroMeanUnitStd() {
        float[] w = {1, 2, 3, 4, 10};
        Reinforce.normalize(w);
        double mean = 0, var = 0;
        for (float v : w) mean += v;
        mean /= w.length;
        for (float v : w) var += (v - mean) * (v - mean);
        assertEquals(0, mean, 1e-6);
        assertEquals(1, Math.sqrt(var / w.length), 1e-5);
        assertTrue(Arrays.toString(w).length() > 0);
    }
}
