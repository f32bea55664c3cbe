/**
 * Shared run plumbing of Bellman's algorithms: the algorithm registry the command line reads, and the
 * small interfaces an algorithm plugs into.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link dev.bellman.core.AlgorithmProvider}: the service-provider interface. One implementation
 *       per algorithm (id such as {@code q-learning}, description, supported spaces, hyperparameters,
 *       train and load). Found through {@link java.util.ServiceLoader}: list the class in
 *       {@code META-INF/services/dev.bellman.core.AlgorithmProvider} of any jar on the class path.</li>
 *   <li>{@link dev.bellman.core.Algorithms}: the registry ({@code get("q-learning")}, {@code all()},
 *       {@code supporting(env)}), with "did you mean" suggestions for unknown ids.</li>
 *   <li>{@link dev.bellman.core.MetricsSink}: where an algorithm sends {@code (globalStep, key, value)}
 *       with CleanRL's keys ({@code charts/episodic_return}, ...).</li>
 *   <li>{@link dev.bellman.core.Hyperparameter} / {@link dev.bellman.core.Hyperparameters}: declared and
 *       resolved hyperparameters, kebab-case as CleanRL's flags, validated with messages that name the
 *       value and what was expected.</li>
 *   <li>{@link dev.bellman.core.MemoryEstimate}: what {@code AlgorithmProvider.preflight} returns, the heap a run
 *       needs part by part, checked before anything is created.</li>
 *   <li>{@link dev.bellman.core.Policy}: what training returns; acts greedily and saves itself.</li>
 *   <li>{@link dev.bellman.core.Evaluation}: mean and standard deviation of greedy-policy returns.</li>
 * </ul>
 *
 * <p>Glossary: a <em>step</em> is one environment transition (summed over vector copies); an
 * <em>episode return</em> is the undiscounted sum of rewards of one episode.
 */
package dev.bellman.core;
