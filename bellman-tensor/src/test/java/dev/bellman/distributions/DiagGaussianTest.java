package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.bellman.distributions.CategoricalTest.assertClose;
import static dev.bellman.distributions.CategoricalTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagGaussianTest {

    private static void checkAgainstTorch(String name) {
        Map<String, Object> f = fixture(name);
        int b = MiniJson.integer(f, "B"), d = MiniJson.integer(f, "D");
        float[] ls = MiniJson.floats(f, "log_std"), ls2 = MiniJson.floats(f, "log_std2");
        int[] stdShape = ls.length == d ? new int[]{d} : new int[]{b, d};
        DiagGaussian p = new DiagGaussian(Tensor.of(MiniJson.floats(f, "mean"), b, d), Tensor.of(ls, stdShape));
        DiagGaussian q = new DiagGaussian(Tensor.of(MiniJson.floats(f, "mean2"), b, d), Tensor.of(ls2, stdShape));
        Tensor actions = Tensor.of(MiniJson.floats(f, "actions"), b, d);
        assertClose(name + " log_prob", MiniJson.doubles(f, "log_prob"), p.logProb(actions).toArray(), 2e-5, 2e-6);
        assertClose(name + " entropy", MiniJson.doubles(f, "entropy"), p.entropy().toArray(), 2e-6, 2e-6);
        assertClose(name + " kl", MiniJson.doubles(f, "kl"), p.kl(q).toArray(), 2e-5, 2e-6);
    }

    @Test
    void logProbEntropyKl_perRowLogStd_matchTorch() {
        checkAgainstTorch("diag_gaussian");
    }

    @Test
    void logProbEntropyKl_sharedLogStd_matchTorch() {
        checkAgainstTorch("diag_gaussian_shared_std");
    }

    @Test
    void gradients_perRowLogStd_matchFiniteDifferences() {
        int b = 3, d = 2;
        Tensor mean = Tensor.parameter(DistGradCheck.randomFloats(1, b * d, 1.0), b, d);
        Tensor logStd = Tensor.parameter(DistGradCheck.randomFloats(2, b * d, 0.4), b, d);
        Tensor mean2 = Tensor.parameter(DistGradCheck.randomFloats(3, b * d, 1.0), b, d);
        Tensor logStd2 = Tensor.parameter(DistGradCheck.randomFloats(4, b * d, 0.4), b, d);
        Tensor actions = Tensor.of(DistGradCheck.randomFloats(5, b * d, 1.0), b, d);
        double[] w = DistGradCheck.weights(6, b);
        List<Tensor> ps = List.of(mean, logStd);
        DistGradCheck.check("logProb", ps, () -> new DiagGaussian(mean, logStd).logProb(actions), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("entropy", ps, () -> new DiagGaussian(mean, logStd).entropy(), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("kl", List.of(mean, logStd, mean2, logStd2),
                () -> new DiagGaussian(mean, logStd).kl(new DiagGaussian(mean2, logStd2)), w, 1e-2, 1e-3, 1e-2);
        // rsample with a fixed ε (same seed at every evaluation): d/dμ = 1, d/dlogσ = σ·ε.
        DistGradCheck.check("rsample", ps, () -> new DiagGaussian(mean, logStd).rsample(new Rng(99)),
                DistGradCheck.weights(7, b * d), 1e-2, 1e-3, 1e-2);
        // The SAC-style path: log-density of a reparameterised sample.
        DistGradCheck.check("logProb(rsample)", ps, () -> {
            DiagGaussian g = new DiagGaussian(mean, logStd);
            return g.logProb(g.rsample(new Rng(98)));
        }, w, 1e-2, 1e-3, 1e-2);
    }

    @Test
    void gradients_sharedLogStd_matchFiniteDifferences() {
        int b = 4, d = 3;
        Tensor mean = Tensor.parameter(DistGradCheck.randomFloats(11, b * d, 1.0), b, d);
        Tensor logStd = Tensor.parameter(DistGradCheck.randomFloats(12, d, 0.4), d);
        Tensor mean2 = Tensor.parameter(DistGradCheck.randomFloats(13, b * d, 1.0), b, d);
        Tensor logStd2 = Tensor.parameter(DistGradCheck.randomFloats(14, d, 0.4), d);
        Tensor actions = Tensor.of(DistGradCheck.randomFloats(15, b * d, 1.0), b, d);
        double[] w = DistGradCheck.weights(16, b);
        List<Tensor> ps = List.of(mean, logStd);
        DistGradCheck.check("logProb", ps, () -> new DiagGaussian(mean, logStd).logProb(actions), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("entropy", ps, () -> new DiagGaussian(mean, logStd).entropy(), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("kl", List.of(mean, logStd, mean2, logStd2),
                () -> new DiagGaussian(mean, logStd).kl(new DiagGaussian(mean2, logStd2)), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("rsample", ps, () -> new DiagGaussian(mean, logStd).rsample(new Rng(97)),
                DistGradCheck.weights(17, b * d), 1e-2, 1e-3, 1e-2);
    }

    @Test
    void sample_and_rsample_haveTheRightMeanAndStandardDeviation() {
        int n = 20_000;
        float[] mu = {1.5f, -0.5f};
        float[] logSigma = {(float) Math.log(0.3), (float) Math.log(2.0)};
        float[] m = new float[n * 2];
        for (int i = 0; i < n; i++) { m[2 * i] = mu[0]; m[2 * i + 1] = mu[1]; }
        DiagGaussian g = new DiagGaussian(Tensor.of(m, n, 2), Tensor.of(logSigma.clone(), 2));
        for (Tensor s : new Tensor[]{g.sample(new Rng(1)), g.rsample(new Rng(2))}) {
            float[] v = s.toArray();
            for (int j = 0; j < 2; j++) {
                double sum = 0, sq = 0;
                for (int i = 0; i < n; i++) sum += v[2 * i + j];
                double mean = sum / n;
                for (int i = 0; i < n; i++) sq += (v[2 * i + j] - mean) * (v[2 * i + j] - mean);
                double sd = Math.sqrt(sq / (n - 1));
                double sigma = Math.exp(logSigma[j]);
                // 5 standard errors: sd/sqrt(n) for the mean, sd/sqrt(2n) for the standard deviation.
                assertEquals(mu[j], mean, 5 * sigma / Math.sqrt(n), "mean of coordinate " + j);
                assertEquals(sigma, sd, 5 * sigma / Math.sqrt(2.0 * n), "standard deviation of coordinate " + j);
            }
        }
    }

    @Test
    void sample_recordsNoTape_rsampleDoes() {
        Tensor mean = Tensor.parameter(new float[]{0f, 1f}, 1, 2);
        Tensor logStd = Tensor.parameter(new float[]{0f, 0f}, 2);
        DiagGaussian g = new DiagGaussian(mean, logStd);
        assertFalse(g.sample(new Rng(1)).requiresGrad());
        assertTrue(g.rsample(new Rng(1)).requiresGrad());
        assertArrayEquals(g.sample(new Rng(4)).toArray(), g.rsample(new Rng(4)).toArray(), 1e-6f);
    }

    @Test
    void kl_ofItself_isZero_andKlIsNonNegative() {
        int b = 8, d = 3;
        DiagGaussian p = new DiagGaussian(Tensor.of(DistGradCheck.randomFloats(31, b * d, 1.0), b, d),
                Tensor.of(DistGradCheck.randomFloats(32, b * d, 0.5), b, d));
        DiagGaussian q = new DiagGaussian(Tensor.of(DistGradCheck.randomFloats(33, b * d, 1.0), b, d),
                Tensor.of(DistGradCheck.randomFloats(34, d, 0.5), d));
        for (float v : p.kl(p).toArray()) assertEquals(0f, v, 1e-6f);
        for (float v : p.kl(q).toArray()) assertTrue(v >= 0f, "KL " + v);
        for (float v : q.kl(p).toArray()) assertTrue(v >= 0f, "KL " + v);
    }

    @Test
    void mode_isTheMean() {
        Tensor mean = Tensor.of(new float[]{1f, 2f, 3f, 4f}, 2, 2);
        assertArrayEquals(mean.toArray(), new DiagGaussian(mean, Tensor.zeros(2)).mode().toArray());
    }

    @Test
    void constructor_rejectsMismatchedLogStd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiagGaussian(Tensor.zeros(2, 3), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DiagGaussian(Tensor.zeros(3), Tensor.zeros(3)));
        assertThrows(IllegalArgumentException.class,
                () -> new DiagGaussian(Tensor.zeros(2, 3), Tensor.zeros(2, 3)).logProb(Tensor.zeros(3, 2)));
    }
}
