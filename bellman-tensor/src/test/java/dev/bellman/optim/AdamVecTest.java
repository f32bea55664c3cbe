package dev.bellman.optim;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adam and AdamW through {@code Vec.adam} (SIMD body, scalar tail, large parameters split over the kernel threads) give
 * exactly the scalar formula's results, float operation by float operation, for every variant (plain, L2 weight decay,
 * AMSGrad, decoupled weight decay) at 1 and 2 threads (torch.optim.Adam / AdamW semantics).
 */
class AdamVecTest {

    @ParameterizedTest(name = "{0}, weight decay {1}, amsgrad {2}, threads {3}")
    @CsvSource({
            "adam, 0, false, 1", "adam, 0, false, 2",
            "adam, 0.01, false, 1", "adam, 0.01, true, 2",
            "adam, 0, true, 1",
            "adamw, 0.01, false, 1", "adamw, 0.01, false, 2", "adamw, 0.05, true, 2"})
    void twelveSteps_vectorTailAndSplitPathsBitIdenticalToScalarFormula(String algo, double weightDecay, boolean amsgrad,
                                                                         int threads) {
        assertTrue(Kernels.simdEnabled(), "the test JVM runs with the Vector API");
        boolean decoupled = algo.equals("adamw");
        int saved = Kernels.threads();
        Kernels.setThreads(threads);
        try {
            Rng rng = new Rng(7);
            // a lone tail, a vector and a tail, whole vectors only, and a parameter split into 2 tasks (the second partial)
            int[] sizes = {1, 15, 37, 480, Adam.TASK_ELEMENTS + 77};
            List<Tensor> params = new ArrayList<>();
            int k = sizes.length;
            float[][] p = new float[k][], m = new float[k][], v = new float[k][], vmax = new float[k][];
            for (int j = 0; j < k; j++) {
                float[] init = new float[sizes[j]];
                for (int i = 0; i < init.length; i++) init[i] = (float) rng.nextGaussian();
                params.add(Tensor.parameter(init.clone(), init.length));
                p[j] = init;
                m[j] = new float[init.length];
                v[j] = new float[init.length];
                vmax[j] = new float[init.length];
            }
            double lr = 2.3e-3, beta1 = 0.9, beta2 = 0.99, eps = 1e-6;
            Adam.Config config = new Adam.Config(lr, beta1, beta2, eps, weightDecay, amsgrad);
            Optimizer opt = decoupled ? new AdamW(params, config) : new Adam(params, config);
            float w1 = (float) (1 - beta1), b2 = (float) beta2, w2 = (float) (1 - beta2), e = (float) eps;
            float wd = (float) weightDecay, decay = (float) (1 - lr * weightDecay);
            for (int t = 1; t <= 12; t++) {
                double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
                float negStep = (float) -(lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
                for (int j = 0; j < k; j++) {
                    float[] g = new float[sizes[j]];
                    // gradients whose scale changes from step to step, so that AMSGrad's maximum is sometimes the old one
                    for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian() * (t % 7 + 1);
                    Tensor param = params.get(j);
                    param.zeroGrad();
                    param.mul(Tensor.of(g.clone(), g.length)).sum().backward(); // grad = g
                    for (int i = 0; i < g.length; i++) { // the scalar formula, float by float
                        float pi = p[j][i], gi = g[i];
                        if (decoupled) {
                            pi = pi * decay;
                        } else if (wd != 0) {
                            gi = gi + wd * pi;
                        }
                        m[j][i] = m[j][i] + w1 * (gi - m[j][i]);
                        v[j][i] = v[j][i] * b2 + w2 * (gi * gi);
                        float s = v[j][i];
                        if (amsgrad) s = vmax[j][i] = Math.max(vmax[j][i], s);
                        float denom = (float) Math.sqrt(s) / bc2Sqrt + e;
                        p[j][i] = pi + negStep * (m[j][i] / denom);
                    }
                }
                opt.step();
            }
            for (int j = 0; j < k; j++) assertArrayEquals(p[j], params.get(j).toArray(), "parameter " + j);
        } finally {
            Kernels.setThreads(saved);
        }
    }
}
