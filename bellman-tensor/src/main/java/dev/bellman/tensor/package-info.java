/**
 * The tensor engine: float32 N-d {@link dev.bellman.tensor.Tensor}s with reverse-mode automatic
 * differentiation and forward-mode tangents.
 *
 * <p>Entry points: {@link dev.bellman.tensor.Tensor} (factories and ops), {@link dev.bellman.tensor.Ops}
 * (linear, conv2d, maxPool2d, layerNorm), {@link dev.bellman.tensor.Norms} (batchNorm, fused, with
 * running statistics), {@link dev.bellman.tensor.Losses} (mse, huber),
 * {@link dev.bellman.tensor.Autodiff} (jvp, vjp, flatGrad). Matrix products and fast activations
 * live in {@code dev.bellman.tensor.kernels}.
 */
package dev.bellman.tensor;
