package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

/**
 * The true dynamics and reward of {@code Pendulum-v1} as pure functions of the observation (cos θ, sin θ, θ̇) and the
 * torque u, for checking planners without a learned model:
 * <pre>
 *   θ̇' = clip(θ̇ + (3g/(2l) sin θ + 3/(m l²) u) dt, −8, 8),   θ' = θ + θ̇' dt,
 *   r  = −(norm(θ)² + 0.1 θ̇² + 0.001 u²)
 * </pre>
 * with g = 10, m = l = 1, dt = 0.05 and θ = atan2(sin θ, cos θ) recovered from the observation. Computed in double
 * precision ({@link #returns(float[], float[], int, int, Rng, double[])}) or on the autodiff tape in float32
 * ({@link #returns(float[], Tensor, int)}), where norm(θ) = θ − 2π k with the integer k = ⌊(θ + π)/2π⌋ held
 * constant (the derivative of norm is 1 almost everywhere).
 */
public final class PendulumModel implements DifferentiableRolloutModel {
    private static final double G = 10.0, DT = 0.05, MAX_SPEED = 8.0;

    @Override
    public int obsDim() { return 3; }

    @Override
    public int actDim() { return 1; }

    @Override
    public void returns(float[] obs, float[] actions, int n, int horizon, Rng rng, double[] returns) {
        double theta0 = Math.atan2(obs[1], obs[0]), thetaDot0 = obs[2];
        for (int i = 0; i < n; i++) {
            double th = theta0, thd = thetaDot0, ret = 0;
            for (int t = 0; t < horizon; t++) {
                double u = actions[i * horizon + t];
                double an = normalize(th);
                ret -= an * an + 0.1 * thd * thd + 0.001 * u * u;
                thd = Math.max(-MAX_SPEED, Math.min(MAX_SPEED, thd + (3 * G / 2 * Math.sin(th) + 3.0 * u) * DT));
                th = th + thd * DT;
            }
            returns[i] = ret;
        }
    }

    @Override
    public Tensor returns(float[] obs, Tensor actions, int horizon) {
        int n = actions.shape()[0];
        float[] th0 = new float[n], thd0 = new float[n];
        java.util.Arrays.fill(th0, (float) Math.atan2(obs[1], obs[0]));
        java.util.Arrays.fill(thd0, obs[2]);
        Tensor th = Tensor.of(th0, n, 1), thd = Tensor.of(thd0, n, 1);
        Tensor ret = null;
        for (int t = 0; t < horizon; t++) {
            Tensor u = actions.slice(1, t, t + 1);
            float[] k = th.toArray();
            for (int i = 0; i < n; i++) k[i] = (float) (2 * Math.PI * Math.floor((k[i] + Math.PI) / (2 * Math.PI)));
            Tensor an = th.sub(Tensor.of(k, n, 1));
            Tensor cost = an.square().add(thd.square().mul(0.1f)).add(u.square().mul(0.001f));
            ret = ret == null ? cost.neg() : ret.sub(cost);
            thd = thd.add(th.sin().mul((float) (3 * G / 2)).add(u.mul(3f)).mul((float) DT)).clamp((float) -MAX_SPEED, (float) MAX_SPEED);
            th = th.add(thd.mul((float) DT));
        }
        return ret.reshape(n);
    }

    static double normalize(double x) {
        double m = (x + Math.PI) % (2 * Math.PI);
        if (m < 0) m += 2 * Math.PI;
        return m - Math.PI;
    }
}
