package dev.bellman.algorithms.modelbased;

import dev.bellman.tensor.Tensor;

/**
 * {@link TaskFunctions} whose reward is also written on the autodiff tape, so that a planner can backpropagate the
 * predicted return through a learned model into the actions ({@link GradientShooting} over
 * {@link EnsembleGradientRollouts}). Termination stays a plain function: it only masks later rewards.
 */
public interface DifferentiableTaskFunctions extends TaskFunctions {

    /**
     * The rewards {@code [N]} of the rows of {@code s [N, obsDim]}, {@code a [N, actDim]} (env units) and
     * {@code s2 [N, obsDim]}, equal to {@link #reward(float[], int, float[], int, float[], int)} row by row up to
     * float32 rounding, and differentiable in all three.
     */
    Tensor reward(Tensor s, Tensor a, Tensor s2);
}
