package dev.bellman.algorithms.offpolicy;

import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;
import java.util.Arrays;

/**
 * SAC's twin-critic work as two fixed tasks, one per critic, run through {@link Parallel#forEachTask}: with two
 * or more threads the critics run side by side, each on one core, and every product inside a task runs inline
 * on that task's thread.
 *
 * <p>Each task does exactly the ops the joint formulation does for its critic, in the same order, and the two
 * critics share no tensor that requires a gradient, so every value and gradient is bitwise the same as the
 * single-tape form ({@code ½ (mse(Q1, y) + mse(Q2, y))}, one {@code backward}) and the same for any thread
 * count. The tape is safe to build from two threads: it is a graph of per-tensor links, and grad mode is
 * per thread (so a task that must not record opens its own {@link Tensor#noGrad()} scope).
 */
final class TwinCritics {
    private TwinCritics() {}

    /**
     * The target critics' values Q̄1(s', a'), Q̄2(s', a') (no tape), copied into {@code q1Next} and
     * {@code q2Next}.
     */
    static void targetValues(Sac.QNetwork qf1Target, Sac.QNetwork qf2Target, Tensor sNext, Tensor aNext,
                             float[] q1Next, float[] q2Next) {
        Parallel.forEachTask(2, j -> {
            try (Tensor.Scope ignored = Tensor.noGrad()) {
                Tensor q = (j == 0 ? qf1Target : qf2Target).q(sNext, aNext, false);
                float[] out = j == 0 ? q1Next : q2Next;
                System.arraycopy(q.data(), q.offset(), out, 0, out.length);
            }
        });
    }

    /**
     * Q1(s, ã) and Q2(s, ã) through frozen critics (no gradient reaches their parameters; one reaches {@code act}),
     * each forward on its own task; the tape is recorded as the caller's grad mode says. The two tapes link to
     * {@code act} exactly as two forwards on the calling thread would, so the later {@code backward} (on one
     * thread) visits and accumulates in the same order.
     */
    static Tensor[] frozenValues(Sac.QNetwork qf1, Sac.QNetwork qf2, Tensor obs, Tensor act) {
        Tensor[] q = new Tensor[2];
        boolean record = Tensor.isGradEnabled();
        Parallel.forEachTask(2, j -> {
            try (Tensor.Scope ignored = record ? () -> { } : Tensor.noGrad()) {
                q[j] = (j == 0 ? qf1 : qf2).q(obs, act, true);
            }
        });
        return q;
    }

    /**
     * Q1(s, ã) and Q2(s, ã) through frozen critics as {@link #frozenValues}, with the backward of the two critics'
     * paths also run as two tasks: each critic's forward is taped on its own leaf copy of {@code act} (same storage),
     * and one {@link Tensor#custom} op over {@code act} holds both; its backward runs the two sub-tapes' backward, one
     * per task, then adds Q2's gradient into {@code act}, then Q1's — the order in which the joint tape reaches
     * {@code act} (the tape visits the later operand of {@code minimum} first), so with {@code act}'s other
     * contributions (SAC's log-π path) coming after, as before, {@code act}'s gradient is bitwise the joint tape's.
     * Returns the two [B, 1] values (views of the op's [2B, 1] output, Q1's rows first). Without a tape to record
     * (grad mode off, or {@code act} needs no gradient) this is {@link #frozenValues}.
     */
    static Tensor[] frozenValuesTwoTaskBackward(Sac.QNetwork qf1, Sac.QNetwork qf2, Tensor obs, Tensor act) {
        if (!Tensor.isGradEnabled() || !act.requiresGrad()) {
            return frozenValues(qf1, qf2, obs, act);
        }
        Tensor[] leaf = new Tensor[2];
        Tensor[] q = new Tensor[2];
        Parallel.forEachTask(2, j -> {
            leaf[j] = act.detach().requiresGrad_();
            q[j] = (j == 0 ? qf1 : qf2).q(obs, leaf[j], true);
        });
        int b = q[0].size();
        float[] out = new float[2 * b];
        System.arraycopy(q[0].data(), q[0].offset(), out, 0, b);
        System.arraycopy(q[1].data(), q[1].offset(), out, b, b);
        Tensor both = Tensor.custom("twin_frozen_q", out, new int[]{2 * b, 1}, (o, g) -> {
            float[][] gj = {Arrays.copyOfRange(g, 0, b), Arrays.copyOfRange(g, b, 2 * b)};
            Parallel.forEachTask(2, j -> q[j].backward(gj[j]));
            float[] acc = act.gradAccumulator();
            for (int j = 1; j >= 0; j--) {
                float[] gl = leaf[j].grad();
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += gl[i];
                }
            }
        }, act);
        return both.split(0, b, b);
    }

    /** The critic step's tensors: Q1(s, a), Q2(s, a) and the loss ½ (mse(Q1, y) + mse(Q2, y)) (off the tape). */
    record Losses2(Tensor q1, Tensor q2, Tensor qfLoss) {}

    /**
     * Forward and backward of the critic loss ½ (mse(Q1(s, a), y) + mse(Q2(s, a), y)) (Haarnoja et al. 2018,
     * eq. 5): accumulates each critic's parameter gradients, as {@code qfLoss.backward()} on the joint tape
     * would, bit for bit.
     */
    static Losses2 lossBackward(Sac.QNetwork qf1, Sac.QNetwork qf2, Tensor s, Tensor a, Tensor y) {
        Tensor[] q = new Tensor[2], mse = new Tensor[2];
        Parallel.forEachTask(2, j -> {
            Tensor qj = (j == 0 ? qf1 : qf2).q(s, a, false);
            Tensor lj = Losses.mse(qj, y);
            // the joint tape hands each mse the gradient 1·½ through mul(½) and add: the same value here
            lj.mul(0.5f).backward();
            q[j] = qj;
            mse[j] = lj;
        });
        Tensor qfLoss;
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            qfLoss = mse[0].add(mse[1]).mul(0.5f);
        }
        return new Losses2(q[0], q[1], qfLoss);
    }
}
