package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bellman.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The second-order path TRPO needs, without double backward: the Fisher-vector product of a
 * categorical policy computed as {@code Jᵀ·M·(J·v)} (JVP forward, analytic softmax Fisher
 * {@code M = diag(p) − p·pᵀ}, VJP backward) equals the Hessian-vector product of the mean
 * KL(p_old ‖ p_θ) at θ = θ_old, estimated by central differences of its gradient.
 */
class FisherVectorProductTest {

    private final Rng rng = new Rng(99L);
    private final Tensor x = randn(rng, 6, 3);
    private final Tensor w1 = Tensor.parameter(randn(rng, 5, 3).toArray(), 5, 3);
    private final Tensor b1 = Tensor.parameter(randn(rng, 5).toArray(), 5);
    private final Tensor w2 = Tensor.parameter(randn(rng, 4, 5).toArray(), 4, 5);
    private final Tensor b2 = Tensor.parameter(randn(rng, 4).toArray(), 4);
    private final List<Tensor> params = List.of(w1, b1, w2, b2);

    private Tensor logits() {
        return Tensor.linear(Tensor.linear(x, w1, b1).tanh(), w2, b2);
    }

    private float[] klGradient(Tensor logpOld) {
        for (Tensor p : params) p.zeroGrad();
        Tensor kl = logpOld.exp().mul(logpOld.sub(logits().logSoftmax(1))).sum(1, false).mean();
        kl.backward();
        return Autodiff.flatGrad(params);
    }

    @Test
    void fisherVectorProduct_viaJvpAndVjp_matchesKlHessianVectorProduct() {
        int n = 0;
        for (Tensor p : params) n += p.size();
        float[] v = randn(rng, n).toArray();
        int batch = x.dim(0), actions = 4;

        // 1. J·v by forward mode
        float[] jv = Autodiff.jvp(this::logits, params, v);
        // 2. u = M·(J·v) / batch, M = diag(p) − p·pᵀ per row
        float[] p;
        try (var g = Tensor.noGrad()) {
            p = logits().softmax(1).toArray();
        }
        float[] u = new float[jv.length];
        for (int b = 0; b < batch; b++) {
            double dot = 0;
            for (int a = 0; a < actions; a++) dot += p[b * actions + a] * jv[b * actions + a];
            for (int a = 0; a < actions; a++) {
                int i = b * actions + a;
                u[i] = (float) ((p[i] * jv[i] - p[i] * dot) / batch);
            }
        }
        // 3. Jᵀ·u by reverse mode
        float[] fv = Autodiff.vjp(logits(), params, u);

        // reference: central difference of ∇ mean KL(p_old ‖ p_θ) along v at θ_old
        Tensor logpOld;
        try (var g = Tensor.noGrad()) {
            logpOld = logits().logSoftmax(1).copy();
        }
        float eps = 1e-2f;
        float[][] orig = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) orig[i] = params.get(i).toArray();
        float[] gp = klGradient(shifted(orig, v, eps, logpOld));
        float[] gm = klGradient(shifted(orig, v, -eps, logpOld));
        shifted(orig, v, 0f, logpOld);
        double maxAbs = 0;
        for (float f : fv) maxAbs = Math.max(maxAbs, Math.abs(f));
        assertTrue(maxAbs > 1e-3, "degenerate test: Fisher-vector product is ~0");
        for (int i = 0; i < n; i++) {
            double hv = (gp[i] - gm[i]) / (2.0 * eps);
            assertEquals(hv, fv[i], 2e-3 + 2e-2 * Math.abs(hv), "component " + i);
        }
    }

    /** Sets θ = θ_old + eps·v in place and returns logpOld unchanged (for call chaining). */
    private Tensor shifted(float[][] orig, float[] v, float eps, Tensor logpOld) {
        int off = 0;
        for (int i = 0; i < params.size(); i++) {
            float[] d = params.get(i).data();
            for (int j = 0; j < d.length; j++) d[j] = orig[i][j] + eps * v[off + j];
            off += d.length;
        }
        return logpOld;
    }
}
