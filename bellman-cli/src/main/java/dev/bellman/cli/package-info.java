/**
 * The {@code bellman} command (picocli): {@code train} (optionally {@code --tensorboard}, see
 * {@code TensorBoardWriter}), {@code eval}, {@code play}, {@code list envs|algos}, {@code plot},
 * {@code robustness} ({@code RobustnessCommand}, {@code RobustnessPlot}; {@code Randomization} turns {@code --randomize}
 * and {@code randomize:} config blocks into the env kwarg) and {@code bench learn|envs} ({@code BenchLearnCommand}, {@code Suites}, {@code Aggregate}). Entry point {@link dev.bellman.cli.Main}; {@code Main.run(args, out, err)} runs it
 * in-process and returns the exit code (0 success, 1 failure inside Bellman, 2 bad input; {@code Failures} maps every
 * exception to one paragraph and its code). {@code Preflight} runs the algorithm's checks and the memory estimate
 * before {@code train} creates anything.
 *
 * <p>Algorithms come from the registry in {@code dev.bellman.core} (no switch per algorithm here);
 * per-env tuned hyperparameters from {@code hyperparams/<algo>.yml} resources; the run directory
 * layout is described in {@code RunDir}.
 */
package dev.bellman.cli;
