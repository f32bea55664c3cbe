/**
 * First-order optimizers, gradient clipping and learning-rate schedules, with PyTorch's
 * {@code torch.optim} semantics so that hyperparameters transfer unchanged.
 *
 * <p>Entry points: {@link dev.bellman.optim.Optimizer} and its implementations
 * {@link dev.bellman.optim.Sgd}, {@link dev.bellman.optim.Adam}, {@link dev.bellman.optim.AdamW},
 * {@link dev.bellman.optim.RmsProp}; {@link dev.bellman.optim.GradClip#clipGradNorm};
 * {@link dev.bellman.optim.Schedule}.
 *
 * <p>Usage: {@code loss.backward(); GradClip.clipGradNorm(params, 0.5f); opt.step(); opt.zeroGrad();}.
 * An optimizer updates the parameters' storage ({@code Tensor.data()}) in place from their
 * accumulated {@code Tensor.grad()}; a parameter whose gradient is null is skipped, as PyTorch
 * skips parameters whose {@code .grad} is None. A step bumps each updated parameter's version
 * ({@code Tensor.bumpVersion()}), so a backward pass through a graph built before the step fails with a
 * message naming the parameter instead of using the new values (step after backward).
 *
 * <p>Each update is computed in float32 in the same order of operations as PyTorch's
 * single-tensor (CPU, non-foreach) implementation; the fixtures under
 * {@code src/test/resources/fixtures/} hold PyTorch trajectories that the tests compare with.
 */
package dev.bellman.optim;
