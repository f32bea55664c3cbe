package dev.bellman.bench;

import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.NatureCnn;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * NatureCNN's no-grad forward layer by layer ({@code tools/bench/torch_nature_layers.py} times the same layers in
 * PyTorch): the standard torso ({@link NatureCnn}, 4×84×84 pixel values as floats, divided by 255 in the first
 * convolution) at batch N (default 32); each layer alone on the previous layer's output, this thread's CPU µs per call,
 * min and median of 7 repeats of at least 0.2 s after 5 warm-up repeats; then the whole torso, and {@code ConvNetTable}'s
 * other NatureCNN rows timed the same way (torso + linear head of 6 at batch 1 under no-grad; the train step at batch N:
 * MSE against a fixed target, zero grad, backward, Adam), which keeps the JIT's warm-up out of the figures on a loaded
 * machine.
 * Run: {@code java --add-modules jdk.incubator.vector -Dbellman.threads=1 -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.NatureCnnLayers [N]}.
 */
public final class NatureCnnLayers {
    private NatureCnnLayers() {}

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private static double[] time(Runnable r) {
        return time(r, true);
    }

    private static double[] time(Runnable r, boolean noGrad) {
        double[] res = new double[7];
        for (int rep = 0; rep < 12; rep++) {
            int calls = 0;
            long t0 = MX.getCurrentThreadCpuTime();
            do {
                if (noGrad) {
                    try (var ng = Tensor.noGrad()) {
                        r.run();
                    }
                } else {
                    r.run();
                }
                calls++;
            } while (MX.getCurrentThreadCpuTime() - t0 < 200_000_000L);
            if (rep >= 5) res[rep - 5] = (MX.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
        }
        Arrays.sort(res);
        return new double[]{res[0], res[3]};
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Rng rng = new Rng(0);
        NatureCnn net = new NatureCnn(rng);
        float[] xv = new float[n * 4 * 84 * 84];
        for (int i = 0; i < xv.length; i++) xv[i] = rng.nextInt(256);
        Tensor x = Tensor.of(xv, n, 4, 84, 84);
        // children 0..8: conv, relu, conv, relu, conv, relu, flatten, linear, relu
        Module[] layers = new Module[9];
        for (int i = 0; i < 9; i++) layers[i] = net.children().get(Integer.toString(i));
        String[] names = {"conv1 4->32 8x8/4 (x/255)", "relu", "conv2 32->64 4x4/2", "relu", "conv3 64->64 3x3/1", "relu",
                "flatten", "linear 3136->512", "relu"};
        Tensor[] in = new Tensor[10];
        in[0] = x;
        try (var ng = Tensor.noGrad()) {
            in[1] = ((dev.bellman.nn.Conv2d) layers[0]).forward(x, 255f);
            for (int i = 1; i < 9; i++) in[i + 1] = layers[i].forward(in[i]);
        }
        System.out.printf("Bellman NatureCNN layers, batch %d, threads %d, %s (this thread's CPU µs: min, median)%n", n,
                Parallel.threads(), java.time.Instant.now());
        double sum = 0;
        for (int i = 0; i < 9; i++) {
            final int k = i;
            double[] t = time(k == 0 ? () -> ((dev.bellman.nn.Conv2d) layers[0]).forward(x, 255f)
                    : () -> layers[k].forward(in[k]));
            sum += t[0];
            System.out.printf("%28s %10.1f %10.1f%n", names[i], t[0], t[1]);
        }
        double[] all = time(() -> net.forward(x));
        System.out.printf("%28s %10.1f %10.1f   (sum of layer mins %.1f)%n", "whole torso", all[0], all[1], sum);
        // conv_bench's other NatureCNN rows, timed the same way: torso + head of 6 at batch 1, and the train step
        Sequential withHead = new Sequential(net, new Linear(512, 6, rng));
        Tensor x1 = Tensor.of(Arrays.copyOf(xv, 4 * 84 * 84), 1, 4, 84, 84);
        double[] b1 = time(() -> withHead.forward(x1));
        System.out.printf("%28s %10.1f %10.1f%n", "torso + head, batch 1", b1[0], b1[1]);
        float[] tv = new float[n * 6];
        for (int i = 0; i < tv.length; i++) tv[i] = rng.nextFloat();
        Tensor target = Tensor.of(tv, n, 6);
        Adam adam = new Adam(withHead.parameters(), 1e-3);
        double[] step = time(() -> {
            adam.zeroGrad();
            Losses.mse(withHead.forward(x), target).backward();
            adam.step();
        }, false);
        System.out.printf("%28s %10.1f %10.1f%n", "train step (MSE, Adam)", step[0], step[1]);
    }
}
