/**
 * The DQN family: Deep Q-Networks (Mnih et al. 2015) with Double DQN, the dueling head, prioritized
 * replay and n-step returns as toggles.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link dev.bellman.algorithms.dqn.Dqn}: {@code Dqn.train(envId | vectorEnv, Dqn.Config, MetricsSink)}
 *       returns a {@link dev.bellman.algorithms.dqn.QPolicy}; {@code Dqn.Config.cleanRl()} is CleanRL's
 *       {@code dqn.py} configuration. The class Javadoc lists the equations and the deviations from Mnih et
 *       al. 2015.</li>
 *   <li>{@link dev.bellman.algorithms.dqn.QPolicy}: the greedy policy; saves and loads as one safetensors
 *       file with its architecture in the metadata.</li>
 *   <li>{@link dev.bellman.algorithms.dqn.DqnProvider}: the {@code dqn} id for the command line; tuned
 *       per-env values in {@code hyperparams/dqn.yml}.</li>
 * </ul>
 * Package-private blocks with their own tests: {@code MlpQKernel} (fused MLP Q-network forward/backward,
 * checked against autodiff). Replay storage lives in {@code dev.bellman.core.replay}.
 */
package dev.bellman.algorithms.dqn;
