/**
 * Environment wrappers, one concern each, as {@code gymnasium.wrappers}: {@link dev.bellman.env.wrappers.TimeLimit},
 * {@link dev.bellman.env.wrappers.OrderEnforcing}, {@link dev.bellman.env.wrappers.PassiveChecker} (the three
 * {@code Envs.make} applies), episode statistics, action clipping and rescaling, observation and reward
 * normalization, transforms, frame stacking, flattening and GIF recording;
 * {@link dev.bellman.env.wrappers.CartPoleContinuousAction} gives CartPole a continuous push.
 *
 * <h2>Pixels</h2>
 * Gymnasium 1.x's image wrappers, with its names and semantics, on {@code uint8} images ({@code byte[]} observations in
 * a {@link dev.bellman.env.ByteBox}): {@link dev.bellman.env.wrappers.AddRenderObservation} (observations from
 * {@code render()}, so any env that renders can be learned from pixels),
 * {@link dev.bellman.env.wrappers.GrayscaleObservation}, {@link dev.bellman.env.wrappers.ResizeObservation} (area
 * interpolation, bit-exact with OpenCV's INTER_AREA), {@link dev.bellman.env.wrappers.FrameStackObservation}
 * ({@code [stack, ...]}, "reset" or "zero" padding) and {@link dev.bellman.env.wrappers.AtariPreprocessing} (no-op
 * reset, frame skip with max-pooling, grayscale, resize to 84×84, optional scaling and terminal on life loss, the last
 * for envs implementing {@link dev.bellman.env.HasLives}). {@link dev.bellman.env.wrappers.ImageOps} holds their
 * arithmetic. Pinned to Gymnasium and OpenCV outputs recorded by {@code tools/fixtures/pixel_wrappers.py}.
 * {@link dev.bellman.env.wrappers.FrameStack} is the older float-only stack ({@code padding_type="reset"}).
 *
 * <h2>Sim-to-real</h2>
 * {@link dev.bellman.env.wrappers.DomainRandomization} resamples an env's physical parameters
 * ({@link dev.bellman.env.HasPhysicalParameters}) from {@link dev.bellman.env.wrappers.ParameterDistribution}s at every
 * reset; {@link dev.bellman.env.wrappers.ObservationNoise}, {@link dev.bellman.env.wrappers.ActionNoise},
 * {@link dev.bellman.env.wrappers.ActionDelay} and {@link dev.bellman.env.wrappers.ActuatorLatency} add the usual
 * sim-to-real gaps (sensor noise, actuator noise, latency, actuator dynamics). Each draws from its own generator,
 * seeded from the episode's reset seed and continued by unseeded resets.
 */
package dev.bellman.env.wrappers;
