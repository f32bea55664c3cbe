package dev.bellman.core;

/**
 * Training stopped because a quantity it computes (a loss, a gradient norm, a parameter, a value estimate) became NaN
 * or infinite. Thrown by {@link FiniteGuard}; nothing after the failed update was written (no checkpoint, no model).
 *
 * <p>The message is one sentence a user can act on, for example
 * {@code "dqn: losses/td_loss became NaN at step 812 (learning-rate 1e+30 too high?)"}.
 */
public final class NonFiniteException extends ArithmeticException {
    private final String algorithm;
    private final long step;
    private final String quantity;
    private final double value;
    private final String hint;

    /**
     * @param algorithm the algorithm's id, e.g. {@code dqn}
     * @param step the global step (env steps, or sweeps for planners) of the update that produced the value
     * @param quantity what became non-finite, e.g. {@code losses/td_loss} or {@code parameter actor.0.weight}
     * @param value the value (NaN or ±infinity)
     * @param hint the likely cause, e.g. {@code "learning-rate 1e+30 too high?"}; may be empty
     */
    public NonFiniteException(String algorithm, long step, String quantity, double value, String hint) {
        super(algorithm + ": " + quantity + " became " + word(value) + " at step " + step
                + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"));
        this.algorithm = algorithm;
        this.step = step;
        this.quantity = quantity;
        this.value = value;
        this.hint = hint == null ? "" : hint;
    }

    /** The algorithm's id. */
    public String algorithm() {
        return algorithm;
    }

    /** The global step at which the quantity became non-finite. */
    public long step() {
        return step;
    }

    /** What became non-finite. */
    public String quantity() {
        return quantity;
    }

    /** The non-finite value itself. */
    public double value() {
        return value;
    }

    /** The likely cause, or empty. */
    public String hint() {
        return hint;
    }

    private static String word(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
    }
}
