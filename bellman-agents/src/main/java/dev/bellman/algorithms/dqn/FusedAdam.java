package dev.bellman.algorithms.dqn;

import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam (Kingma and Ba 2015) without weight decay, vectorised with the Vector API: the same arithmetic,
 * operation for operation, as {@link dev.bellman.optim.Adam} ({@code torch.optim.Adam} semantics, ε added
 * after the bias correction of √v), so the results are bit-identical to it (checked by
 * {@code FusedAdamTest}); only faster (the generic loop converts to double for the square root and does
 * not vectorise, which made it as costly as a whole minibatch update of a 256-256 Q-network).
 * <pre>
 *   m ← m + (1 − β1)(g − m);   v ← β2 v + (1 − β2) g²;   θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 */
final class FusedAdam {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final List<Tensor> params;
    private final float[][] m;
    private final float[][] v;
    private final double lr, beta1, beta2, eps;
    private long step;

    FusedAdam(List<Tensor> params, double lr, double beta1, double beta2, double eps) {
        this.params = List.copyOf(params);
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).size()];
            v[i] = new float[params.get(i).size()];
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** Adam with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8). */
    FusedAdam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8);
    }

    /** One step over every parameter (all parameters must have gradients). */
    void step() {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        float negStepSize = (float) -(lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float w1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float w2 = (float) (1 - beta2);
        float e = (float) eps;
        boolean simd = Kernels.simdEnabled();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] data = p.data();
            int off = p.offset();
            float[] g = p.grad();
            if (g == null) throw new IllegalStateException("parameter " + i + " has no gradient");
            float[] mi = m[i], vi = v[i];
            int n = p.size();
            int j = 0;
            if (simd) {
                int upper = S.loopBound(n);
                for (; j < upper; j += S.length()) {
                    FloatVector gv = FloatVector.fromArray(S, g, j);
                    FloatVector mv = FloatVector.fromArray(S, mi, j);
                    FloatVector vv = FloatVector.fromArray(S, vi, j);
                    mv = mv.add(gv.sub(mv).mul(w1));
                    vv = vv.mul(b2).add(gv.mul(gv).mul(w2));
                    mv.intoArray(mi, j);
                    vv.intoArray(vi, j);
                    FloatVector denom = vv.sqrt().div(bc2Sqrt).add(e);
                    FloatVector pv = FloatVector.fromArray(S, data, off + j);
                    pv.add(mv.div(denom).mul(negStepSize)).intoArray(data, off + j);
                }
            }
            for (; j < n; j++) {
                float gj = g[j];
                float mj = mi[j] + w1 * (gj - mi[j]);
                float vj = vi[j] * b2 + w2 * (gj * gj);
                mi[j] = mj;
                vi[j] = vj;
                float denom = (float) Math.sqrt(vj) / bc2Sqrt + e;
                data[off + j] = data[off + j] + negStepSize * (mj / denom);
            }
        }
    }
}
