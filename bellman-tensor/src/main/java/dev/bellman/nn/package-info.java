/**
 * Neural-network building blocks on top of {@code dev.bellman.tensor}: modules with named
 * parameters, layers, initialisers, the seeded generator, and safetensors I/O.
 *
 * <p>Entry points: {@link dev.bellman.nn.Module} (named parameters and buffers in PyTorch's order
 * and naming, train/eval mode, {@code copyFrom}/{@code polyakFrom} for target networks,
 * {@code save}/{@code load});
 * {@link dev.bellman.nn.Linear}, {@link dev.bellman.nn.Conv2d}, {@link dev.bellman.nn.LayerNormModule},
 * {@link dev.bellman.nn.BatchNorm1d}, {@link dev.bellman.nn.BatchNorm2d}, {@link dev.bellman.nn.Dropout},
 * {@link dev.bellman.nn.Activation}, {@link dev.bellman.nn.Sequential}, {@link dev.bellman.nn.Mlp};
 * the torsos {@link dev.bellman.nn.NatureCnn} (Mnih et al. 2015), {@link dev.bellman.nn.MinAtarCnn}
 * (Young and Tian 2019) and {@link dev.bellman.nn.ImpalaCnn} (Espeholt et al. 2018, residual), each of
 * which also reads 8-bit images ({@link dev.bellman.tensor.ByteImages}) without a float copy; the
 * AlphaGo Zero network {@link dev.bellman.nn.AlphaZeroTower};
 * the sequence blocks {@link dev.bellman.nn.Lstm}, {@link dev.bellman.nn.Gru}, {@link dev.bellman.nn.LstmCell},
 * {@link dev.bellman.nn.GruCell} (Hochreiter &amp; Schmidhuber 1997; Cho et al. 2014) and
 * {@link dev.bellman.nn.Embedding}; {@link dev.bellman.nn.SupportTransform}, MuZero's scalar ↔ categorical
 * transform for value and reward heads (Schrittwieser et al. 2020, Appendix F; Pohlen et al. 2018);
 * {@link dev.bellman.nn.Init} and {@link dev.bellman.nn.LayerInit}; {@link dev.bellman.nn.Rng};
 * {@link dev.bellman.nn.SafeTensors}.
 *
 * <p>Layouts and defaults follow PyTorch ({@code Linear.weight} is {@code [out, in]}, default
 * initialisation U(−1/√fan_in, 1/√fan_in)), so a state dict saved here loads into the equivalent
 * {@code torch.nn} model with {@code load_state_dict(strict=True)} and vice versa, batch norm's
 * running statistics and int64 {@code num_batches_tracked} included (safetensors F32, F16, BF16,
 * I64 and U8 are read and written).
 */
package dev.bellman.nn;
