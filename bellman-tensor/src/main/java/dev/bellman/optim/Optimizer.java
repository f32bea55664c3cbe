package dev.bellman.optim;

import dev.bellman.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Updates a fixed list of parameters from their accumulated gradients.
 *
 * <p>The state (moment estimates, step counts) can be exported as named float arrays for
 * checkpoints and restored into an optimizer built with the same parameters and hyperparameters.
 */
public interface Optimizer {

    /** Applies one update to every parameter that has a gradient. */
    void step();

    /** Sets the gradients of all parameters to zero (keeps the arrays). */
    void zeroGrad();

    /** The current learning rate. */
    double learningRate();

    /** Changes the learning rate used by subsequent steps (as assigning {@code param_groups[0]["lr"]}). */
    void setLearningRate(double learningRate);

    /** The parameters this optimizer updates, in the order given at construction. */
    List<Tensor> parameters();

    /**
     * A copy of the optimizer state as named float arrays: {@code "step"} holds the per-parameter step
     * counts (each as two floats, low and high 24 bits, so counts stay exact beyond 2^24), and each
     * buffer is stored under {@code "<buffer>.<parameter index>"} (for example {@code "exp_avg.0"}).
     * Buffers not yet allocated (parameter never stepped) are absent.
     */
    Map<String, float[]> state();

    /**
     * Restores a state produced by {@link #state()} of an optimizer of the same kind over parameters
     * of the same shapes.
     *
     * @throws IllegalArgumentException if a key is unknown or an array has the wrong length
     */
    void loadState(Map<String, float[]> state);
}
