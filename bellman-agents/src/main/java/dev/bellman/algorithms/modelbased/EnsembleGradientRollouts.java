package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

/**
 * The predicted return of action sequences through a learned {@link DynamicsEnsemble} on the autodiff tape, for
 * planning by gradient ({@link GradientShooting}) with PETS' {@code planner=gradient}: every member propagates the
 * candidates through its mean prediction (no sampling, as the deterministic "DE" propagation of Chua et al. 2018), the
 * rewards come from the {@link DifferentiableTaskFunctions}, and a candidate's return is the members' average,
 * <pre>
 *   R(a_0..H−1) = 1/E Σ_b Σ_t m_t^b r(s_t^b, a_t, s_t+1^b),   s_t+1^b = s_t^b + μ_b(s_t^b, a_t)·σ_Δ + μ_Δ,   s_0^b = s
 * </pre>
 * where the mask m_t^b (0 once a member's rollout has terminated, by the task's termination function) is a constant
 * on the tape. The plain {@link #returns(float[], float[], int, int, Rng, double[])} is the same quantity in double
 * precision ({@link EnsembleRollouts} with {@link EnsembleRollouts.Propagation#MEAN}).
 */
public final class EnsembleGradientRollouts implements DifferentiableRolloutModel {
    private final DynamicsEnsemble model;
    private final DifferentiableTaskFunctions task;
    private final EnsembleRollouts plain;

    public EnsembleGradientRollouts(DynamicsEnsemble model, DifferentiableTaskFunctions task) {
        if (task == null) throw new IllegalArgumentException("task functions must not be null");
        this.model = model;
        this.task = task;
        this.plain = new EnsembleRollouts(model, task, model.ensembleSize(), EnsembleRollouts.Propagation.MEAN);
    }

    @Override
    public int obsDim() { return model.obsDim(); }

    @Override
    public int actDim() { return model.actDim(); }

    @Override
    public void returns(float[] obs, float[] actions, int n, int horizon, Rng rng, double[] returns) {
        plain.returns(obs, actions, n, horizon, rng, returns);
    }

    @Override
    public Tensor returns(float[] obs, Tensor actions, int horizon) {
        int n = actions.shape()[0], od = model.obsDim(), ad = model.actDim(), e = model.ensembleSize();
        float[] start = new float[n * od];
        for (int i = 0; i < n; i++) System.arraycopy(obs, 0, start, i * od, od);
        Tensor total = null;
        for (int b = 0; b < e; b++) {
            Tensor s = Tensor.of(start.clone(), n, od);
            float[] alive = new float[n];
            java.util.Arrays.fill(alive, 1f);
            for (int t = 0; t < horizon; t++) {
                Tensor a = actions.slice(1, t * ad, (t + 1) * ad);
                Tensor s2 = model.meanNext(b, s, a);
                Tensor r = task.reward(s, a, s2).mul(Tensor.of(alive.clone(), n));
                total = total == null ? r : total.add(r);
                float[] next = s2.toArray();
                for (int i = 0; i < n; i++) if (alive[i] != 0f && task.terminated(next, i * od)) alive[i] = 0f;
                s = s2;
            }
        }
        return total.div(e);
    }
}
