package dev.bellman.algorithms.dqn;

import dev.bellman.nn.Linear;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload of {@code tools/bench/ab_jars.sh}, compiled against and loaded with one jar at a time (in the DQN package
 * for the package-private {@link MlpQKernel}): "dqn" = one CleanRL DQN update (target forward, loss and gradients, Adam)
 * and 7 acting steps; "act" = 20 acting steps, then every weight's version is bumped (as an update would); "sac" = one
 * critic step of SB3's SAC network (4-256-256-1, batch 256) through autodiff. {@link #run} does {@code iters} of them.
 */
public class Harness implements Runnable {
    final String mode; final int iters;
    MlpQKernel kernel, targetK; List<Tensor> params = new ArrayList<>(); Adam opt;
    float[] x, tgt, td, out, q1; int[] act;
    Linear c1, c2, c3; Tensor sx, sy;
    public Harness(String mode, int iters, int threads) {
        this.mode = mode; this.iters = iters;
        Kernels.setThreads(threads);
        Rng rng = new Rng(1);
        if (mode.equals("dqn") || mode.equals("act")) {
            Linear l1 = new Linear(4, 120, rng), l2 = new Linear(120, 84, rng), h = new Linear(84, 2, rng);
            Linear t1 = new Linear(4, 120, rng), t2 = new Linear(120, 84, rng), th = new Linear(84, 2, rng);
            kernel = new MlpQKernel(List.of(l1, l2), h, null);
            targetK = new MlpQKernel(List.of(t1, t2), th, null);
            for (Linear l : List.of(l1, l2, h)) { params.add(l.weight()); params.add(l.bias()); }
            int b = 128;
            x = new float[b * 4];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
            act = new int[b]; tgt = new float[b]; td = new float[b]; out = new float[b * 2]; q1 = new float[2];
            for (int i = 0; i < b; i++) { act[i] = i % 2; tgt[i] = 1f; }
            for (Tensor p : params) p.sum().mul(0f).backward();
        } else {
            c1 = new Linear(4, 256, rng); c2 = new Linear(256, 256, rng); c3 = new Linear(256, 1, rng);
            for (Linear l : List.of(c1, c2, c3)) { params.add(l.weight()); params.add(l.bias()); }
            float[] xs = new float[256 * 4], ys = new float[256];
            for (int i = 0; i < xs.length; i++) xs[i] = (float) rng.nextGaussian();
            sx = Tensor.of(xs, 256, 4); sy = Tensor.of(ys, 256, 1);
        }
        opt = new Adam(params, 1e-4);
    }
    public void run() {
        for (int it = 0; it < iters; it++) {
            if (mode.equals("act")) {
                for (int s = 0; s < 20; s++) kernel.forward(x, 1, q1);
                for (Tensor p : params) p.bumpVersion();
            } else if (kernel != null) {
                for (int s = 0; s < 7; s++) kernel.forward(x, 1, q1);
                targetK.forward(x, 128, out);
                kernel.lossAndGrad(x, 128, act, tgt, null, false, td, null);
                opt.step();
            } else {
                opt.zeroGrad();
                Tensor q = c3.forward(c2.forward(c1.forward(sx).relu()).relu());
                Losses.mse(q, sy).backward();
                opt.step();
            }
        }
    }
}
