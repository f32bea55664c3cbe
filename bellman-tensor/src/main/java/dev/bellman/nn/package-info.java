/**
 * Neural-network building blocks on top of {@code dev.bellman.tensor}: modules with named
 * parameters, layers, initialisers, the seeded generator, and safetensors I/O.
 *
 * <p>Entry points: {@link dev.bellman.nn.Module} (named parameters in PyTorch's order and naming,
 * {@code copyFrom}/{@code polyakFrom} for target networks, {@code save}/{@code load});
 * {@link dev.bellman.nn.Linear}, {@link dev.bellman.nn.Conv2d}, {@link dev.bellman.nn.LayerNormModule},
 * {@link dev.bellman.nn.Activation}, {@link dev.bellman.nn.Sequential}, {@link dev.bellman.nn.Mlp};
 * the torsos {@link dev.bellman.nn.NatureCnn} (Mnih et al. 2015), {@link dev.bellman.nn.MinAtarCnn}
 * (Young and Tian 2019) and {@link dev.bellman.nn.ImpalaCnn} (Espeholt et al. 2018, residual), each of
 * which also reads 8-bit images ({@link dev.bellman.tensor.ByteImages}) without a float copy;
 * {@link dev.bellman.nn.Init} and {@link dev.bellman.nn.LayerInit}; {@link dev.bellman.nn.Rng};
 * {@link dev.bellman.nn.SafeTensors}.
 *
 * <p>Layouts and defaults follow PyTorch ({@code Linear.weight} is {@code [out, in]}, default
 * initialisation U(−1/√fan_in, 1/√fan_in)), so a state dict saved here loads into the equivalent
 * {@code torch.nn} model with {@code load_state_dict(strict=True)} and vice versa.
 */
package dev.bellman.nn;
