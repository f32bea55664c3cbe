/**
 * Vector environments: N copies of one environment stepped together with batches in primitive arrays, following
 * Gymnasium 1.x's {@code gymnasium.vector} semantics.
 *
 * <p>Entry points: {@link dev.bellman.env.vector.VectorEnvs} ({@code make(id, numEnvs, mode)}, {@code sync},
 * {@code threaded}: from registry ids), {@link dev.bellman.env.vector.VectorEnv} (the interface, with {@code reset(seed)} seeding copy
 * {@code i} with {@code seed + i}), {@link dev.bellman.env.vector.SyncVectorEnv} (sequential),
 * {@link dev.bellman.env.vector.ThreadedVectorEnv} (a fixed thread pool with a fixed slot assignment, identical
 * results), {@link dev.bellman.env.vector.CartPoleVectorEnv} (CartPole natively batched, structure of arrays),
 * {@link dev.bellman.env.vector.AutoresetMode} and the result holder {@link dev.bellman.env.vector.VectorStep}
 * (reused between calls; it also carries per-copy episode returns and lengths for logging). Copies with a uint8
 * {@link dev.bellman.env.ByteBox} observation space are carried as bytes ({@code VectorStep.byteObservations()}),
 * with a float view converted on first use.
 */
package dev.bellman.env.vector;
