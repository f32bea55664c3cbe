/**
 * Evolution strategies: gradient-free search over the parameters of a deterministic policy, one file and one
 * visible loop each:
 * <ul>
 *   <li>{@link dev.bellman.algorithms.es.EvolutionStrategies} (Salimans et al. 2017), OpenAI-ES: mirrored
 *       sampling, centred-rank fitness shaping, weight decay and Adam on the estimated gradient, optional
 *       observation normalisation, optional action noise in training episodes, a tanh MLP — provider id
 *       {@code es};</li>
 *   <li>{@link dev.bellman.algorithms.es.Ars} (Mania et al. 2018), Augmented Random Search V1/V2 and the top-b
 *       variants V1-t/V2-t on linear policies — {@code ars}.</li>
 * </ul>
 * Entry points: each algorithm's {@code train(Config, MetricsSink[, Checkpoints])} returning a
 * {@link dev.bellman.algorithms.es.FlatPolicy} (saved as one safetensors file with its architecture and
 * observation normalisation, restored by {@link dev.bellman.algorithms.es.FlatPolicy#load}), and the providers
 * {@code EsProvider} and {@code ArsProvider}.
 *
 * <p>Shared plumbing (package-private): {@code NoiseTable} (the seeded table of standard-normal floats that members
 * index by offset), {@code Evaluator} (one episode per member over {@code -Dbellman.threads} threads with results at
 * the member's index, identical for any thread count), {@code ObsStat} (observation sums merged in member order).
 * Checkpoint files and the algorithm/config check on resume come from {@link dev.bellman.core.RunCheckpoint}.
 *
 * <p>Glossary: a <em>member</em> is one perturbed parameter vector evaluated for one episode; a mirrored
 * <em>pair</em> (ARS: a <em>direction</em>) is θ + σε and θ − σε; an <em>iteration</em> evaluates the population
 * and updates once.
 */
package dev.bellman.algorithms.es;
