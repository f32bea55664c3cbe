/**
 * The environment API with Gymnasium's semantics: {@link dev.bellman.env.Env} ({@code reset}/{@code step} returning
 * {@link dev.bellman.env.Reset} and {@link dev.bellman.env.Step} with separate {@code terminated}/{@code truncated}),
 * the sealed {@link dev.bellman.env.Space} family, the registry {@link dev.bellman.env.Envs} with
 * {@link dev.bellman.env.EnvSpec} and the {@link dev.bellman.env.EnvRegistration} service-provider interface,
 * {@link dev.bellman.env.NpRandom} (NumPy-compatible seeding) and {@link dev.bellman.env.NpRandomState} (NumPy's legacy
 * {@code RandomState}, for MinAtar), {@link dev.bellman.env.EnvChecker}, and
 * {@link dev.bellman.env.Snapshottable} (exact state capture of an env and its wrappers, for training checkpoints), and
 * {@link dev.bellman.env.HasPhysicalParameters} (an env's physical constants, declared for domain randomization;
 * {@link dev.bellman.env.PhysicalParameterTable} keeps their values for an implementation).
 *
 * <p>Entry points: {@code Envs.make("CartPole-v1")}, {@code env.reset(seed)}, {@code env.step(action)},
 * {@code EnvChecker.check(env)}.
 */
package dev.bellman.env;
