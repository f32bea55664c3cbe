package dev.bellman.optim;

/**
 * A value (typically the learning rate, or an exploration rate) as a function of a step count.
 *
 * <p>Use: {@code optimizer.setLearningRate(schedule.value(update))} before each update. The
 * factories clamp the step to {@code [0, steps]}, so the schedule holds its final value afterwards.
 */
@FunctionalInterface
public interface Schedule {

    /** The value at step {@code step} (step 0 is the start). */
    double value(long step);

    /** Sets {@code optimizer}'s learning rate to {@link #value(long) value(step)}. */
    default void apply(Optimizer optimizer, long step) {
        optimizer.setLearningRate(value(step));
    }

    /** Always {@code value}. */
    static Schedule constant(double value) {
        return step -> value;
    }

    /**
     * Linear interpolation from {@code start} at step 0 to {@code end} at step {@code steps}, then
     * {@code end}. CleanRL's PPO learning-rate annealing, {@code lr·(1 − (update − 1)/numUpdates)}
     * for updates 1..numUpdates, is {@code linear(lr, 0, numUpdates).value(update - 1)}.
     */
    static Schedule linear(double start, double end, long steps) {
        checkSteps(steps);
        return step -> {
            double frac = Math.min(Math.max(step, 0), steps) / (double) steps;
            return start + frac * (end - start);
        };
    }

    /**
     * Cosine annealing (Loshchilov and Hutter 2017, without restarts) from {@code start} at step 0
     * to {@code end} at step {@code steps}: {@code end + (start − end)(1 + cos(π t / steps)) / 2},
     * the closed form of {@code torch.optim.lr_scheduler.CosineAnnealingLR} with {@code eta_min = end};
     * {@code end} after {@code steps}.
     */
    static Schedule cosine(double start, double end, long steps) {
        checkSteps(steps);
        return step -> {
            double t = Math.min(Math.max(step, 0), steps);
            return end + (start - end) * (1 + Math.cos(Math.PI * t / steps)) / 2;
        };
    }

    private static void checkSteps(long steps) {
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive but was " + steps);
    }
}
