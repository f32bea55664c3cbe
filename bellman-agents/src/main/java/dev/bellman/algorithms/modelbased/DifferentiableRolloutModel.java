package dev.bellman.algorithms.modelbased;

import dev.bellman.tensor.Tensor;

/** A {@link RolloutModel} whose predicted return is on the autodiff tape, for planning by gradient ({@link GradientShooting}). */
public interface DifferentiableRolloutModel extends RolloutModel {

    /**
     * The predicted returns {@code [N]} of the action sequences {@code actions [N, horizon·actDim]} (step-major, env
     * units) from {@code obs}, differentiable with respect to {@code actions}.
     */
    Tensor returns(float[] obs, Tensor actions, int horizon);
}
