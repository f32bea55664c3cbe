package dev.bellman.optim;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vectorised plain-Adam path gives exactly the scalar formula's results (torch.optim.Adam semantics). */
class AdamSimdTest {

    @Test
    void hundredSteps_simdPathBitIdenticalToScalarFormula() {
        assertTrue(Kernels.simdEnabled(), "the test JVM runs with the Vector API");
        Rng rng = new Rng(3);
        int[] sizes = {1, 15, 37, 480, 1000};
        List<Tensor> params = new ArrayList<>();
        float[][] p = new float[sizes.length][], m = new float[sizes.length][], v = new float[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            float[] init = new float[sizes[k]];
            for (int i = 0; i < init.length; i++) init[i] = (float) rng.nextGaussian();
            params.add(Tensor.parameter(init.clone(), init.length));
            p[k] = init;
            m[k] = new float[init.length];
            v[k] = new float[init.length];
        }
        double lr = 2.3e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        Adam adam = new Adam(params, lr);
        for (int t = 1; t <= 100; t++) {
            double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
            float negStep = (float) -(lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
            for (int k = 0; k < sizes.length; k++) {
                float[] g = new float[sizes[k]];
                for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian() * (t % 7 + 1);
                Tensor param = params.get(k);
                param.zeroGrad();
                param.mul(Tensor.of(g.clone(), g.length)).sum().backward(); // grad = g
                for (int i = 0; i < g.length; i++) { // the scalar formula, float by float
                    m[k][i] = m[k][i] + (float) (1 - beta1) * (g[i] - m[k][i]);
                    v[k][i] = v[k][i] * (float) beta2 + (float) (1 - beta2) * (g[i] * g[i]);
                    float denom = (float) Math.sqrt(v[k][i]) / bc2Sqrt + (float) eps;
                    p[k][i] = p[k][i] + negStep * (m[k][i] / denom);
                }
            }
            adam.step();
        }
        for (int k = 0; k < sizes.length; k++) assertArrayEquals(p[k], params.get(k).toArray(), "parameter " + k);
    }
}
