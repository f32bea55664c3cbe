package dev.bellman.algorithms.offpolicy;

import dev.bellman.distributions.TanhGaussian;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * The "sacstep" workload of {@code tools/bench/ab_jars.sh}: one whole SAC gradient step at SB3's defaults on
 * Pendulum's sizes (obs 3, action 1, 256-256 actor and twin critics, batch 256), in {@code Sac.train}'s order
 * and with its classes: ã ~ π(·|s), the target from π(·|s') and the target critics, the critic step through
 * {@code TwinCritics.lossBackward} and Adam, the actor loss through the frozen critics and Adam, the Polyak step.
 * The batch is a fixed random one (Pendulum's ranges), drawn once.
 */
public class SacHarness implements Runnable {
    static final int B = 256, OBS = 3, ACT = 1;
    final int iters;
    final Sac.Actor actor;
    final Sac.QNetwork qf1, qf2, t1, t2;
    final Adam qOpt, aOpt;
    final Tensor s, a, sNext;
    final float[] rewards = new float[B], done = new float[B], q1n = new float[B], q2n = new float[B], y = new float[B];
    final Rng noise = new Rng(3);

    public SacHarness(String mode, int iters, int threads) {
        this.iters = iters;
        Kernels.setThreads(threads);
        Rng rng = new Rng(1);
        int[] h = {256, 256};
        actor = new Sac.Actor(OBS, ACT, h, rng);
        qf1 = new Sac.QNetwork(OBS, ACT, h, rng); qf2 = new Sac.QNetwork(OBS, ACT, h, rng);
        t1 = new Sac.QNetwork(OBS, ACT, h, rng); t2 = new Sac.QNetwork(OBS, ACT, h, rng);
        t1.copyFrom(qf1); t2.copyFrom(qf2);
        List<Tensor> qp = new ArrayList<>(qf1.parameters()); qp.addAll(qf2.parameters());
        qOpt = new Adam(qp, 3e-4); aOpt = new Adam(actor.parameters(), 3e-4);
        float[] so = new float[B * OBS], sn = new float[B * OBS], ac = new float[B * ACT];
        for (int i = 0; i < B; i++) {
            double th = rng.nextDouble() * 2 * Math.PI, th2 = th + 0.05;
            so[3 * i] = (float) Math.cos(th); so[3 * i + 1] = (float) Math.sin(th); so[3 * i + 2] = (float) (16 * rng.nextDouble() - 8);
            sn[3 * i] = (float) Math.cos(th2); sn[3 * i + 1] = (float) Math.sin(th2); sn[3 * i + 2] = so[3 * i + 2];
            ac[i] = (float) (2 * rng.nextDouble() - 1);
            rewards[i] = (float) (-16 * rng.nextDouble());
        }
        s = Tensor.of(so, B, OBS); sNext = Tensor.of(sn, B, OBS); a = Tensor.of(ac, B, ACT);
    }

    public void run() {
        for (int it = 0; it < iters; it++) step(null);
    }

    /** Phases of one step; {@code ns} (or null) accumulates each phase's time ({@link #clock}). */
    void step(long[] ns) {
        long t = clock(ns, -1, 0);
        TanhGaussian.Sample pi = actor.rsample(s, noise);
        Tensor logPi = pi.logProb().reshape(B, 1);
        t = clock(ns, 0, t);
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            TanhGaussian.Sample next = actor.rsample(sNext, noise);
            TwinCritics.targetValues(t1, t2, sNext, next.action(), q1n, q2n);
            Sac.softTarget(rewards, done, q1n, q2n, next.logProb().toArray(), 0.2f, 0.99f, y);
        }
        t = clock(ns, 1, t);
        qOpt.zeroGrad();
        TwinCritics.lossBackward(qf1, qf2, s, a, Tensor.of(y, B, 1));
        t = clock(ns, 2, t);
        qOpt.step();
        t = clock(ns, 3, t);
        Tensor[] qPi = TwinCritics.frozenValuesTwoTaskBackward(qf1, qf2, s, pi.action());
        Tensor loss = logPi.mul(0.2f).sub(qPi[0].minimum(qPi[1])).mean();
        t = clock(ns, 4, t);
        aOpt.zeroGrad();
        loss.backward();
        t = clock(ns, 5, t);
        aOpt.step();
        t = clock(ns, 6, t);
        t1.polyakFrom(qf1, 0.005f); t2.polyakFrom(qf2, 0.005f);
        clock(ns, 7, t);
    }

    static final java.lang.management.ThreadMXBean BEAN = java.lang.management.ManagementFactory.getThreadMXBean();
    static boolean wallClock;

    /** Adds the time since {@code since} to phase {@code phase} and returns now (thread CPU, or wall with 2+ threads). */
    static long clock(long[] ns, int phase, long since) {
        if (ns == null) return 0;
        long now = wallClock ? System.nanoTime() : BEAN.getCurrentThreadCpuTime();
        if (phase >= 0) ns[phase] += now - since;
        return now;
    }

    /**
     * {@code java -cp bellman.jar:HARNESS_CLASSES dev.bellman.algorithms.offpolicy.SacHarness THREADS STEPS}: the time
     * of each phase of a SAC step (thread CPU at 1 thread, wall at more) and its GFLOP/s from the products' FLOPs.
     */
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]), steps = Integer.parseInt(args[1]);
        wallClock = threads > 1;
        SacHarness h = new SacHarness("sacstep", 1, threads);
        String[] names = {"3a actor rsample(s)", "3c target: actor rsample(s'), target critics", "3d critics forward+backward",
            "3d Adam (critics)", "3e frozen critics forward, actor loss", "3e backward (critics' paths, actor)", "3e Adam (actor)",
            "3f Polyak (both targets)"};
        // products' FLOPs (2·m·n·k) per phase at these sizes: actor 3→256→256→(1, 1), critics 4→256→256→1, batch 256
        double actorF = 2.0 * B * (3 * 256 + 256 * 256 + 2 * 256), criticF = 2.0 * B * (4 * 256 + 256 * 256 + 256);
        double criticB = 2.0 * B * (256 + 256 + 2 * 256 * 256 + 4 * 256); // dx, dW of fc3; dx, dW of fc2; dW of fc1
        double frozenB = 2.0 * B * (256 + 256 * 256 + 256 * 4);             // dx of fc3, fc2, fc1
        double actorB = 2.0 * B * (2 * 256 * 2 + 2 * 256 * 256 + 3 * 256);  // heads dx, dW; fc2 dx, dW; fc1 dW
        double[] flops = {actorF, actorF + 2 * criticF, 2 * criticF + 2 * criticB, 0, 2 * criticF, 2 * frozenB + actorB, 0, 0};
        for (int i = 0; i < 300; i++) h.step(null); // warm-up
        long[] ns = new long[8];
        for (int i = 0; i < steps; i++) h.step(ns);
        double total = 0, totalF = 0;
        for (int p = 0; p < 8; p++) { total += ns[p]; totalF += flops[p]; }
        System.out.printf("SAC step phases, %d threads, %d steps (%s µs per step):%n", threads, steps, wallClock ? "wall" : "thread CPU");
        for (int p = 0; p < 8; p++) {
            double us = ns[p] / 1e3 / steps;
            System.out.printf("  %-48s %8.1f µs %5.1f %%  %6.1f MFLOP  %s%n", names[p], us, 100 * ns[p] / total, flops[p] / 1e6,
                    flops[p] > 0 ? String.format("%.1f GFLOP/s", flops[p] / us / 1e3) : "");
        }
        System.out.printf("  %-48s %8.1f µs         %6.1f MFLOP  %.1f GFLOP/s%n", "step", total / 1e3 / steps, totalF / 1e6,
                totalF / (total / 1e3 / steps) / 1e3);
    }
}
