package dev.bellman.algorithms.ppo;

import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;

/**
 * Runs {@link PpoMlpKernel}'s passes (acting steps, minibatch loss and gradients, an Adam step) on a throwaway agent of
 * the run's shapes, on a daemon thread, while the run itself starts: the Vector API kernels are slow until C2 has
 * compiled them, and C2 compiles a method only once its call and loop counters pass their thresholds, so calls from a
 * second thread bring the compilation forward. The throwaway agent shares no object with the run (its own layers,
 * buffers, random numbers and optimizer; {@link dev.bellman.tensor.kernels.Parallel} runs a call inline when its
 * workers serve the other thread), so the run's results are the same with or without it; only when code is compiled
 * changes. Off by default: on the quiet 2-CPU machine it made whole 500k-step CartPole runs slower, not faster (5 of 5
 * A B pairs, 3.73–3.96 s wall without it against 3.87–4.54 s with it, 2026-12-05; tools/bench/README.md), the thread
 * taking the core the JIT compiles on. {@code -Dbellman.ppo.warmup=true} turns it on (with more than one CPU).
 */
final class PpoWarmUp implements Runnable {
    /** Rounds at most: each 16 acting steps, one minibatch and an Adam step. */
    static final int MAX_ROUNDS = 300;

    private final int obsSize;
    private final int numActions;
    private final int hidden;
    private final int actRows;
    private final int mbRows;
    private volatile boolean stop;
    private volatile int rounds;

    private PpoWarmUp(int obsSize, int numActions, int hidden, int actRows, int mbRows) {
        this.obsSize = obsSize;
        this.numActions = numActions;
        this.hidden = hidden;
        this.actRows = actRows;
        this.mbRows = mbRows;
    }

    /** Whether runs start a warm-up thread: more than one CPU, and {@code bellman.ppo.warmup} is {@code true}. */
    static boolean enabled() {
        return Runtime.getRuntime().availableProcessors() > 1
                && "true".equalsIgnoreCase(System.getProperty("bellman.ppo.warmup"));
    }

    /** Starts warming up on a daemon thread, or returns null when {@link #enabled()} is false. */
    static PpoWarmUp start(int obsSize, int numActions, int hidden, int actRows, int mbRows) {
        if (!enabled()) {
            return null;
        }
        PpoWarmUp w = new PpoWarmUp(obsSize, numActions, hidden, actRows, mbRows);
        Thread t = new Thread(w, "bellman-ppo-warmup");
        t.setDaemon(true);
        t.start();
        return w;
    }

    /** Asks the thread to stop after its current round. */
    void stop() {
        stop = true;
    }

    /** Rounds done so far. */
    int rounds() {
        return rounds;
    }

    @Override
    public void run() {
        Ppo.Agent agent = new Ppo.Agent(obsSize, numActions, hidden, new Rng(0x5EED));
        PpoMlpKernel kernel = PpoMlpKernel.of(agent);
        if (kernel == null) {
            return;
        }
        Adam optimizer = new Adam(agent.parameters(), Adam.Config.defaults(1e-4).withEps(1e-5));
        Rng rng = new Rng(7);
        float[] x = new float[mbRows * obsSize];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] actions = new int[mbRows];
        float[] adv = new float[mbRows];
        float[] returns = new float[mbRows];
        float[] oldLogp = new float[mbRows];
        float[] logits = new float[mbRows * numActions];
        float[] values = new float[mbRows];
        for (int i = 0; i < mbRows; i++) {
            actions[i] = rng.nextInt(numActions);
            adv[i] = (float) rng.nextGaussian();
            returns[i] = (float) rng.nextGaussian();
        }
        kernel.act(x, mbRows, logits, values);
        kernel.logProbs(logits, mbRows, actions, oldLogp);
        float[] oldValues = values.clone();
        for (int i = 0; i < mbRows; i++) {
            // ratios and value changes on both sides of the clipping range, as in a run
            oldLogp[i] += (float) (0.3 * rng.nextGaussian());
            oldValues[i] += (float) (0.3 * rng.nextGaussian());
        }
        float[] stepLogits = new float[actRows * numActions];
        float[] stepValues = new float[actRows];
        float[] stepLogp = new float[actRows];
        for (int r = 0; r < MAX_ROUNDS && !stop; r++) {
            for (int s = 0; s < 16; s++) {
                kernel.act(x, actRows, stepLogits, stepValues);
                kernel.logProbs(stepLogits, actRows, actions, stepLogp);
            }
            kernel.lossAndGrad(x, mbRows, actions, oldLogp, adv, returns, oldValues, 0.2f, true, 0.01f, 0.5f);
            kernel.clipGradNorm(0.5f);
            optimizer.step();
            rounds = r + 1;
        }
    }
}
