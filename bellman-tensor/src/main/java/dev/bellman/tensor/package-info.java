/**
 * The tensor engine: float32 N-d {@link dev.bellman.tensor.Tensor}s with reverse-mode automatic
 * differentiation and forward-mode tangents.
 *
 * <p>Entry points: {@link dev.bellman.tensor.Tensor} (factories and ops), {@link dev.bellman.tensor.Ops}
 * (linear, conv2d, maxPool2d, layerNorm), {@link dev.bellman.tensor.Norms} (batchNorm, fused, with
 * running statistics), {@link dev.bellman.tensor.Losses} (mse, huber, cross-entropy with
 * class indices or probabilities), {@link dev.bellman.tensor.Recurrent} (fused LSTM and GRU over a sequence and
 * their cells: Hochreiter &amp; Schmidhuber 1997, Cho et al. 2014), {@link dev.bellman.tensor.SequenceOps}
 * (embedding lookup; MuZero's gradient scaling, Schrittwieser et al. 2020), {@link dev.bellman.tensor.Autodiff}
 * (jvp, vjp, flatGrad). An op defined elsewhere goes on the tape through {@link dev.bellman.tensor.Tensor#custom}, its
 * backward adding into each input's {@link dev.bellman.tensor.Tensor#gradAccumulator()}. Matrix products and fast activations
 * live in {@code dev.bellman.tensor.kernels}.
 */
package dev.bellman.tensor;
