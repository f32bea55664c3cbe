/**
 * Policy-gradient algorithms for {@code Box} observations and {@code Discrete} (categorical) or {@code Box}
 * (diagonal Gaussian) actions, one file and one visible training loop each:
 * <ul>
 *   <li>{@link dev.bellman.algorithms.pg.Reinforce} (Williams 1992), Monte Carlo policy gradient over complete
 *       episodes, optional learned baseline and weight normalisation — provider id {@code reinforce};</li>
 *   <li>{@link dev.bellman.algorithms.pg.A2c}, synchronous advantage actor-critic (SB3 defaults) — {@code a2c};</li>
 *   <li>{@link dev.bellman.algorithms.pg.A3c} (Mnih et al. 2016), asynchronous worker threads updating shared
 *       parameters in a fixed round-robin order, so reproducible — {@code a3c};</li>
 *   <li>{@link dev.bellman.algorithms.pg.Trpo} (Schulman et al. 2015), conjugate gradient on exact Fisher-vector
 *       products and a KL-constrained backtracking line search — {@code trpo}.</li>
 * </ul>
 * Entry points: each algorithm's {@code train(Config, MetricsSink)} returning a
 * {@link dev.bellman.algorithms.pg.NetworkPolicy} (greedy actions; saved as one safetensors file with its architecture
 * in the metadata, restored by {@link dev.bellman.algorithms.pg.NetworkPolicy#load}), and the providers
 * ({@code ReinforceProvider}, {@code A2cProvider}, {@code A3cProvider}, {@code TrpoProvider}) the registry and CLI use.
 * Every loop also has {@code train(Config, MetricsSink, Checkpoints)}, which checkpoints between updates and resumes
 * to the bit (each class's "Checkpoints: what is saved"; files written by {@link dev.bellman.core.RunCheckpoint}).
 *
 * <p>Shared plumbing (package-private): {@code PolicyNet} (tanh MLP trunk, policy head, log-std, optional value head),
 * {@code ActionSpec} (action space, clipping before stepping), {@code Rollout} ({@code [numSteps][numEnvs]} storage
 * collected under {@code SAME_STEP} autoreset), {@code ConjugateGradient}. Checkpoint files and
 * the algorithm/config check on resume come from {@link dev.bellman.core.RunCheckpoint}. Returns and GAE come from
 * {@link dev.bellman.core.returns.Returns}; Fisher-vector products from
 * {@link dev.bellman.distributions.FisherVectorProduct}.
 *
 * <p>Glossary: a <em>rollout</em> is {@code numSteps} vector steps of {@code numEnvs} copies; the <em>batch</em> is
 * the whole rollout; a <em>minibatch</em> is one gradient slice of it (TRPO's critic).
 */
package dev.bellman.algorithms.pg;
