package dev.bellman.algorithms.ppo;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;

/**
 * The PPO workloads of {@code tools/bench/ab_jars.sh} (in the PPO package for the package-private {@link PpoMlpKernel}),
 * on CleanRL {@code ppo.py}'s CartPole agent (4-64-64-2 actor, 4-64-64-1 critic): "ppoact" = 32 acting steps of 4
 * rows (forward of both nets and the log-probabilities), then every weight's version is bumped (as an update would);
 * "ppomb" = one minibatch of 128 rows ({@code lossAndGrad} and gradient-norm clipping). {@link #run} does
 * {@code iters} of them.
 */
public class PpoHarness implements Runnable {
    final String mode; final int iters;
    final PpoMlpKernel kernel; final Ppo.Agent agent;
    final float[] x, xs, logits, values, adv, ret, oldV, oldLogp, lp; final int[] act;
    public PpoHarness(String mode, int iters, int threads) {
        this.mode = mode; this.iters = iters;
        Kernels.setThreads(threads);
        agent = new Ppo.Agent(4, 2, 64, new Rng(3));
        kernel = PpoMlpKernel.of(agent);
        Rng rng = new Rng(11);
        int b = 128;
        x = new float[b * 4]; xs = new float[4 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        System.arraycopy(x, 0, xs, 0, xs.length);
        act = new int[b]; adv = new float[b]; ret = new float[b]; logits = new float[b * 2]; values = new float[b];
        oldLogp = new float[b]; lp = new float[4];
        for (int i = 0; i < b; i++) { act[i] = i % 2; adv[i] = (float) rng.nextGaussian(); ret[i] = (float) rng.nextGaussian(); }
        kernel.act(x, b, logits, values);
        kernel.logProbs(logits, b, act, oldLogp);
        oldV = values.clone();
        for (int i = 0; i < b; i++) oldLogp[i] += (float) (0.1 * rng.nextGaussian());
    }
    public void run() {
        for (int it = 0; it < iters; it++) {
            if (mode.equals("ppoact")) {
                for (int s = 0; s < 32; s++) {
                    kernel.act(xs, 4, logits, values);
                    kernel.logProbs(logits, 4, act, lp);
                }
                agent.namedParameters().values().forEach(Tensor::bumpVersion);
            } else {
                kernel.lossAndGrad(x, 128, act, oldLogp, adv, ret, oldV, 0.2f, true, 0.01f, 0.5f);
                kernel.clipGradNorm(0.5f);
            }
        }
    }
}
