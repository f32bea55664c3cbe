package dev.bellman.optim;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vectorised RMSprop path (no momentum, no weight decay; large parameters split over the kernel threads) gives
 * exactly the scalar formula's results, float operation by float operation (torch.optim.RMSprop semantics).
 */
class RmsPropSimdTest {

    @ParameterizedTest(name = "centered {0}")
    @ValueSource(booleans = {false, true})
    void fortySteps_simdAndSplitPathBitIdenticalToScalarFormula(boolean centered) {
        assertTrue(Kernels.simdEnabled(), "the test JVM runs with the Vector API");
        int threads = Kernels.threads();
        Kernels.setThreads(2);
        try {
            Rng rng = new Rng(5);
            int[] sizes = {1, 15, 37, 480, 1000, 2 * RmsProp.TASK_ELEMENTS + 77};
            List<Tensor> params = new ArrayList<>();
            float[][] p = new float[sizes.length][], v = new float[sizes.length][], gAvg = new float[sizes.length][];
            for (int k = 0; k < sizes.length; k++) {
                float[] init = new float[sizes[k]];
                for (int i = 0; i < init.length; i++) init[i] = (float) rng.nextGaussian();
                params.add(Tensor.parameter(init.clone(), init.length));
                p[k] = init;
                v[k] = new float[init.length];
                gAvg[k] = new float[init.length];
            }
            double lr = 2.5e-4, alpha = 0.95, eps = 0.01;
            RmsProp opt = new RmsProp(params, new RmsProp.Config(lr, alpha, eps, 0, 0, centered));
            float a = (float) alpha, w = 1f - a, e = (float) eps, negLr = (float) -lr;
            for (int t = 1; t <= 40; t++) {
                for (int k = 0; k < sizes.length; k++) {
                    float[] g = new float[sizes[k]];
                    for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian() * (t % 5 + 1);
                    Tensor param = params.get(k);
                    param.zeroGrad();
                    param.mul(Tensor.of(g.clone(), g.length)).sum().backward(); // grad = g
                    for (int i = 0; i < g.length; i++) { // the scalar formula, float by float
                        v[k][i] = v[k][i] * a + w * (g[i] * g[i]);
                        float d;
                        if (centered) {
                            gAvg[k][i] = gAvg[k][i] + w * (g[i] - gAvg[k][i]);
                            d = (float) Math.sqrt(v[k][i] - gAvg[k][i] * gAvg[k][i]);
                        } else {
                            d = (float) Math.sqrt(v[k][i]);
                        }
                        d = d + e;
                        p[k][i] = p[k][i] + negLr * (g[i] / d);
                    }
                }
                opt.step();
            }
            for (int k = 0; k < sizes.length; k++) assertArrayEquals(p[k], params.get(k).toArray(), "parameter " + k);
        } finally {
            Kernels.setThreads(threads);
        }
    }
}
