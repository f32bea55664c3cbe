package dev.bellman.env.vector;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.envs.classic.GlibcTrig;
import java.util.Map;

/**
 * CartPole-v1 natively batched: the state of all copies in structure-of-arrays form ({@code x[], xDot[], theta[],
 * thetaDot[]}) and one loop per vector step, with the semantics of {@code Envs.make("CartPole-v1")} in each copy.
 *
 * <p>Dynamics: Barto, Sutton &amp; Anderson (1983) with the corrected equations of Florian (2007), explicit Euler
 * with {@code tau = 0.02}, as Gymnasium 1.x {@code classic_control/cartpole.py}: gravity 9.8, cart mass 1.0, pole
 * mass 0.1, half pole length 0.5, force 10, termination when |x| &gt; 2.4 or |theta| &gt; 12 degrees, reward 1 per step
 * (also on the terminating step), truncation after {@code maxEpisodeSteps} (500) steps as the {@code TimeLimit}
 * wrapper does (both flags can be set on the same step). State in double precision, observations rounded to float.
 *
 * <p>Seeding: copy {@code i} owns an {@link NpRandom} seeded with {@code seed + i} by {@link #reset(long)}, and every
 * reset of that copy draws its four initial values from it with {@code uniform(-0.05, 0.05, 4)}: the batch follows
 * exactly the trajectories of a {@link SyncVectorEnv} over {@code CartPole-v1} with the same seed, actions and
 * autoreset mode. <b>Deviation</b> from Gymnasium's own {@code CartPoleVectorEnv}: that class draws every reset from
 * one shared generator, so its seeded trajectories differ; it supports only next-step autoreset.
 *
 * <p>Not thread-safe; allocation-free per step except for the final observations under
 * {@link AutoresetMode#SAME_STEP}.
 */
public final class CartPoleVectorEnv implements VectorEnv, Snapshottable {

    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;

    private final int numEnvs;
    private final AutoresetMode mode;
    private final int maxEpisodeSteps;
    private final Box observationSpace;
    private final Discrete actionSpace = new Discrete(2);
    private final VectorStep out;

    private final double[] x;
    private final double[] xDot;
    private final double[] theta;
    private final double[] thetaDot;
    private final double[] cos;
    private final double[] sin;
    private final int[] steps;
    private final boolean[] ended;
    private final NpRandom[] rngs;
    private boolean started;

    /** {@code numEnvs} copies with the CartPole-v1 time limit of 500 steps. */
    public CartPoleVectorEnv(int numEnvs, AutoresetMode mode) {
        this(numEnvs, mode, 500);
    }

    public CartPoleVectorEnv(int numEnvs, AutoresetMode mode, int maxEpisodeSteps) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
        }
        if (mode == null) {
            throw new IllegalArgumentException("autoreset mode must not be null");
        }
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be positive but was " + maxEpisodeSteps);
        }
        this.numEnvs = numEnvs;
        this.mode = mode;
        this.maxEpisodeSteps = maxEpisodeSteps;
        float inf = Float.POSITIVE_INFINITY;
        float[] high = {(float) (X_THRESHOLD * 2), inf, (float) (THETA_THRESHOLD * 2), inf};
        float[] low = {-high[0], -inf, -high[2], -inf};
        this.observationSpace = new Box(low, high, 4);
        this.out = new VectorStep(numEnvs, 4);
        x = new double[numEnvs];
        xDot = new double[numEnvs];
        theta = new double[numEnvs];
        thetaDot = new double[numEnvs];
        cos = new double[numEnvs];
        sin = new double[numEnvs];
        steps = new int[numEnvs];
        ended = new boolean[numEnvs];
        rngs = new NpRandom[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            out.infos[i] = Map.of();
        }
    }

    @Override
    public int numEnvs() {
        return numEnvs;
    }

    @Override
    public int observationSize() {
        return 4;
    }

    @Override
    public Box singleObservationSpace() {
        return observationSpace;
    }

    @Override
    public Space<?> singleActionSpace() {
        return actionSpace;
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    @Override
    public VectorStep reset(long seed) {
        return reset(Long.valueOf(seed), null);
    }

    @Override
    public VectorStep reset() {
        return reset(null, null);
    }

    @Override
    public VectorStep reset(Long seed, boolean[] mask) {
        if (mask != null) {
            if (mask.length != numEnvs) {
                throw new IllegalArgumentException("reset mask must have length numEnvs = " + numEnvs + " but had "
                        + mask.length);
            }
            if (!started) {
                throw new IllegalStateException("call reset() on all copies before a masked reset");
            }
        }
        for (int i = 0; i < numEnvs; i++) {
            out.episodeEnded[i] = false;
            if (mask != null && !mask[i]) {
                continue;
            }
            if (seed != null) {
                rngs[i] = new NpRandom(seed + i);
            } else if (rngs[i] == null) {
                rngs[i] = NpRandom.fromEntropy();
            }
            resetCopy(i);
            out.rewards[i] = 0.0;
            out.terminated[i] = false;
            out.truncated[i] = false;
            out.finalObservations[i] = null;
            out.finalInfos[i] = null;
        }
        started = true;
        return out;
    }

    /**
     * Places copy {@code i} in the given physical state {x, xDot, theta, thetaDot} with {@code elapsedSteps} steps of
     * its episode already taken (for tests that compare with a single environment).
     */
    public void setState(int i, double[] state, int elapsedSteps) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException("state must have 4 values but was " + java.util.Arrays.toString(state));
        }
        x[i] = state[0];
        xDot[i] = state[1];
        theta[i] = state[2];
        thetaDot[i] = state[3];
        steps[i] = elapsedSteps;
        ended[i] = false;
        writeObservation(i);
    }

    /** The physical state {x, xDot, theta, thetaDot} of copy {@code i}. */
    public double[] state(int i) {
        return new double[] {x[i], xDot[i], theta[i], thetaDot[i]};
    }

    private void resetCopy(int i) {
        double[] s = rngs[i].uniform(-0.05, 0.05, 4);
        x[i] = s[0];
        xDot[i] = s[1];
        theta[i] = s[2];
        thetaDot[i] = s[3];
        steps[i] = 0;
        ended[i] = false;
        writeObservation(i);
    }

    private void writeObservation(int i) {
        float[] obs = out.observations;
        int o = 4 * i;
        obs[o] = (float) x[i];
        obs[o + 1] = (float) xDot[i];
        obs[o + 2] = (float) theta[i];
        obs[o + 3] = (float) thetaDot[i];
    }

    @Override
    public VectorStep step(int[] actions) {
        if (!started) {
            throw new IllegalStateException("call reset() before step()");
        }
        if (actions == null || actions.length != numEnvs) {
            throw new IllegalArgumentException("actions must have length numEnvs = " + numEnvs + " but had "
                    + (actions == null ? "null" : actions.length));
        }
        if (mode == AutoresetMode.DISABLED) {
            for (int i = 0; i < numEnvs; i++) {
                if (ended[i]) {
                    throw new IllegalStateException("copy " + i + " ended its episode; with autoreset mode " + mode
                            + " reset it with reset(seed, mask) before stepping");
                }
            }
        }
        for (int i = 0; i < numEnvs; i++) {
            if (actions[i] != 0 && actions[i] != 1) {
                throw new IllegalArgumentException("action must be 0 or 1 but was " + actions[i] + " for copy " + i);
            }
        }
        final double[] x = this.x;
        final double[] xDot = this.xDot;
        final double[] theta = this.theta;
        final double[] thetaDot = this.thetaDot;
        final double[] cos = this.cos;
        final double[] sin = this.sin;
        final int n = numEnvs;
        // pass 1: the trigonometry alone, glibc's as in CartPole (Math.sin/cos round differently on some angles)
        for (int i = 0; i < n; i++) {
            cos[i] = GlibcTrig.cos(theta[i]);
            sin[i] = GlibcTrig.sin(theta[i]);
        }
        // pass 2: Euler step of every copy, branch-free so that the JIT can vectorise it; copies awaiting a
        // next-step reset are advanced too and overwritten by their reset in pass 3
        for (int i = 0; i < n; i++) {
            double force = actions[i] == 1 ? FORCE_MAG : -FORCE_MAG;
            double c = cos[i];
            double sn = sin[i];
            double thDot = thetaDot[i];
            double temp = (force + POLE_MASS_LENGTH * (thDot * thDot) * sn) / TOTAL_MASS;
            double thetaAcc = (GRAVITY * sn - c * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * (c * c) / TOTAL_MASS));
            double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * c / TOTAL_MASS;
            x[i] = x[i] + TAU * xDot[i];
            xDot[i] = xDot[i] + TAU * xAcc;
            theta[i] = theta[i] + TAU * thDot;
            thetaDot[i] = thDot + TAU * thetaAcc;
        }
        // pass 3: observations, flags, episode ends and resets
        final float[] obs = out.observations;
        final double[] rewards = out.rewards;
        final boolean[] term = out.terminated;
        final boolean[] trunc = out.truncated;
        final boolean sameStep = mode == AutoresetMode.SAME_STEP;
        java.util.Arrays.fill(out.episodeEnded, false);
        if (sameStep) {
            java.util.Arrays.fill(out.finalObservations, null);
            java.util.Arrays.fill(out.finalInfos, null);
        }
        for (int i = 0; i < n; i++) {
            if (ended[i]) {
                // next-step autoreset: this step resets and ignores the action
                resetCopy(i);
                rewards[i] = 0.0;
                term[i] = false;
                trunc[i] = false;
                continue;
            }
            double nx = x[i];
            double nth = theta[i];
            int o = 4 * i;
            obs[o] = (float) nx;
            obs[o + 1] = (float) xDot[i];
            obs[o + 2] = (float) nth;
            obs[o + 3] = (float) thetaDot[i];
            boolean terminated = nx < -X_THRESHOLD || nx > X_THRESHOLD || nth < -THETA_THRESHOLD || nth > THETA_THRESHOLD;
            boolean truncated = ++steps[i] >= maxEpisodeSteps;
            rewards[i] = 1.0;
            term[i] = terminated;
            trunc[i] = truncated;
            if (terminated || truncated) {
                endEpisode(i, sameStep);
            }
        }
        return out;
    }

    private void endEpisode(int i, boolean sameStep) {
        out.episodeEnded[i] = true;
        out.episodeReturn[i] = steps[i]; // reward 1 on every step of the episode
        out.episodeLength[i] = steps[i];
        if (sameStep) {
            int o = 4 * i;
            float[] fin = new float[4];
            System.arraycopy(out.observations, o, fin, 0, 4);
            out.finalObservations[i] = fin;
            out.finalInfos[i] = Map.of();
            resetCopy(i);
        } else {
            ended[i] = true;
        }
    }

    @Override
    public VectorStep step(float[] actions) {
        throw new IllegalStateException("CartPole has a Discrete(2) action space: call step(int[])");
    }

    @Override
    public void close() {}

    private static final int PER_COPY = 15;

    /**
     * {@code started}, then per copy: x, ẋ, θ, θ̇ (raw bits), the step count, {@code ended}, whether its generator
     * exists and the generator's 8 longs. Call between steps.
     */
    @Override
    public long[] snapshot() {
        long[] out = new long[1 + PER_COPY * numEnvs];
        out[0] = started ? 1 : 0;
        for (int i = 0; i < numEnvs; i++) {
            int k = 1 + PER_COPY * i;
            out[k] = Double.doubleToRawLongBits(x[i]);
            out[k + 1] = Double.doubleToRawLongBits(xDot[i]);
            out[k + 2] = Double.doubleToRawLongBits(theta[i]);
            out[k + 3] = Double.doubleToRawLongBits(thetaDot[i]);
            out[k + 4] = steps[i];
            out[k + 5] = ended[i] ? 1 : 0;
            if (rngs[i] != null) {
                out[k + 6] = 1;
                System.arraycopy(rngs[i].snapshot(), 0, out, k + 7, 8);
            }
        }
        return out;
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 1 + PER_COPY * numEnvs, this);
        started = v[0] != 0;
        for (int i = 0; i < numEnvs; i++) {
            int k = 1 + PER_COPY * i;
            x[i] = Double.longBitsToDouble(v[k]);
            xDot[i] = Double.longBitsToDouble(v[k + 1]);
            theta[i] = Double.longBitsToDouble(v[k + 2]);
            thetaDot[i] = Double.longBitsToDouble(v[k + 3]);
            steps[i] = (int) v[k + 4];
            ended[i] = v[k + 5] != 0;
            if (v[k + 6] != 0) {
                rngs[i] = new NpRandom(0);
                rngs[i].restore(java.util.Arrays.copyOfRange(v, k + 7, k + 15));
            } else {
                rngs[i] = null;
            }
        }
    }
}
