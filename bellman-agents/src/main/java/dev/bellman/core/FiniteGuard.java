package dev.bellman.core;

import dev.bellman.nn.Module;
import dev.bellman.optim.Optimizer;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Vec;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Stops a training run at the first update whose loss, gradient norm or parameters are not finite numbers, with a
 * {@link NonFiniteException} naming the algorithm, the step, the quantity and the likely cause.
 *
 * <p>An algorithm makes one guard per run and calls it after each update: {@link #check} on each loss and on the
 * gradient norm it already computes for clipping, {@link #parameters} on the modules the update changed, and
 * {@link #optimizer} just before writing a checkpoint. The checks only read values (training trajectories are
 * unchanged) and are cheap enough to stay on: a scalar compare per loss, and one pass over the parameters per update
 * (about as much work as one SGD step without the gradient; see {@code FiniteGuardTest}).
 *
 * <p>Because the guard runs after every update and before every checkpoint and the end of training, a run that
 * diverges never writes a checkpoint with non-finite state and never returns a non-finite policy.
 */
public final class FiniteGuard {
    private final String algorithm;
    private final String hint;

    /**
     * @param algorithm the algorithm's id, used as the message's first word
     * @param hint the likely cause of a divergence, appended in parentheses (empty for none)
     */
    public FiniteGuard(String algorithm, String hint) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    /**
     * A guard whose hint names the learning rate, the usual cause of a diverging gradient method:
     * {@code "learning-rate 1e30 too high?"}.
     */
    public static FiniteGuard forLearningRate(String algorithm, double learningRate) {
        return new FiniteGuard(algorithm, "learning-rate " + format(learningRate) + " too high?");
    }

    /** The algorithm's id this guard reports. */
    public String algorithm() {
        return algorithm;
    }

    /**
     * Returns {@code value} when it is finite.
     *
     * @throws NonFiniteException naming {@code quantity} and {@code step} otherwise
     */
    public double check(long step, String quantity, double value) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteException(algorithm, step, quantity, value, hint);
        }
        return value;
    }

    /**
     * The checks after one gradient update, in the order a user would look: the loss, the gradient norm (before
     * clipping), then every parameter of the modules the update changed.
     *
     * @throws NonFiniteException naming the first of them that is not finite
     */
    public void update(long step, String lossName, double loss, double gradNorm, Module... modules) {
        check(step, lossName, loss);
        check(step, "gradient norm", gradNorm);
        parameters(step, modules);
    }

    /**
     * {@link #update(long, String, double, double, Module...)} with the parameters given by name, e.g. a module's
     * {@link Module#namedParameters()} taken once (a hot loop then does not rebuild the map at every update).
     */
    public void update(long step, String lossName, double loss, double gradNorm, Map<String, Tensor> parameters) {
        check(step, lossName, loss);
        check(step, "gradient norm", gradNorm);
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            Tensor t = e.getValue();
            int bad = firstNonFinite(t.data(), t.offset(), t.offset() + t.size());
            if (bad >= 0) {
                throw new NonFiniteException(algorithm, step, "parameter " + e.getKey(), t.data()[bad], hint);
            }
        }
    }

    /** {@link #update(long, String, double, double, Module...)} where no gradient norm was computed. */
    public void update(long step, String lossName, double loss, Module... modules) {
        check(step, lossName, loss);
        parameters(step, modules);
    }

    /**
     * Checks every parameter of {@code modules} (null entries, e.g. an absent critic, are skipped).
     *
     * @throws NonFiniteException naming the first non-finite parameter tensor ({@code "parameter actor.0.weight"})
     */
    public void parameters(long step, Module... modules) {
        for (Module m : modules) {
            if (m == null) {
                continue;
            }
            for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
                Tensor t = e.getValue();
                int bad = firstNonFinite(t.data(), t.offset(), t.offset() + t.size());
                if (bad >= 0) {
                    throw new NonFiniteException(algorithm, step, "parameter " + e.getKey(), t.data()[bad], hint);
                }
            }
        }
    }

    /**
     * Checks the named arrays (e.g. an optimizer's moments) before they are saved.
     *
     * @throws NonFiniteException naming {@code owner} and the array
     */
    public void arrays(long step, String owner, Map<String, float[]> arrays) {
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            float[] a = e.getValue();
            int bad = firstNonFinite(a, 0, a.length);
            if (bad >= 0) {
                throw new NonFiniteException(algorithm, step, owner + " state " + e.getKey(), a[bad], hint);
            }
        }
    }

    /**
     * Checks an optimizer's state (moments, step counts), as {@link #arrays}; called before a checkpoint, since a
     * moment can overflow while the parameters stay finite.
     */
    public void optimizer(long step, String name, Optimizer optimizer) {
        arrays(step, name, optimizer.state());
    }

    /**
     * Checks {@code values[from, to)}.
     *
     * @throws NonFiniteException naming {@code quantity} and the index
     */
    public void values(long step, String quantity, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteException(algorithm, step, quantity + "[" + i + "]", values[i], hint);
            }
        }
    }

    /**
     * The index of the first NaN or infinity in {@code a[from, to)}, or −1 ({@link Vec#firstNonFinite}: with SIMD,
     * blocks of values times 0 summed in vectors, a few times faster than the plain loop's nanosecond per element,
     * which was a tenth of a MinAtar DQN update's time for its 132,000 parameters).
     */
    public static int firstNonFinite(float[] a, int from, int to) {
        return Vec.firstNonFinite(a, from, to);
    }

    /** A number as a user writes it: {@code 1e30}, {@code 2.5e-4}, {@code 0.001}. */
    static String format(double v) {
        String s = Double.toString(v).toLowerCase(Locale.ROOT);
        return s.replace(".0e", "e").replaceAll("\\.0$", "");
    }
}
