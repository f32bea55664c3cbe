/**
 * Replay storage for off-policy algorithms (DQN family, DDPG, TD3, SAC), in preallocated primitive
 * arrays with no object per transition.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link dev.bellman.core.replay.ReplayBuffer}: fixed capacity, wrap-around, uniform sampling into
 *       a reusable {@link dev.bellman.core.replay.ReplayBuffer.Batch}; discrete or continuous actions;
 *       stores {@code terminated} (not {@code done}) so truncated transitions bootstrap.</li>
 *   <li>{@link dev.bellman.core.replay.ByteReplayBuffer}: for uint8 observations ({@code ByteBox}: images, 0/1
 *       planes), each observation stored once as bytes or bits; batches of bytes a first convolution reads as
 *       {@code ByteImages}.</li>
 *   <li>{@link dev.bellman.core.replay.PrioritizedReplayBuffer} (over a {@link dev.bellman.core.replay.SumTree})
 *       and {@link dev.bellman.core.replay.NStepAccumulator}.</li>
 * </ul>
 * Each saves its full state into a checkpoint's {@link dev.bellman.core.TrainingState} ({@code save(writer, prefix)})
 * and puts it back ({@code restore(reader, prefix)}) for exact resumption.
 */
package dev.bellman.core.replay;
