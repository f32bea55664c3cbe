/**
 * Tabular reinforcement learning: finite MDPs, dynamic programming with exact expectations, and model-free TD control
 * from samples (Sutton and Barto 2018, chapters 3, 4 and 6).
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.bellman.algorithms.tabular.Mdp}: an MDP from arrays ({@code Mdp.fromArrays(P, R, terminal)}) or
 *       outcome by outcome; {@link dev.bellman.algorithms.tabular.EnvModels#mdp(dev.bellman.env.Env)} gives the MDP
 *       view of any env that exposes its model ({@link dev.bellman.env.TabularModel}, the toy-text envs).</li>
 *   <li>Planners, configured by {@link dev.bellman.algorithms.tabular.PlanningConfig} (γ, max-norm tolerance, sweep
 *       limit) and returning {@link dev.bellman.algorithms.tabular.PlanningResult} (values, Q, greedy policy,
 *       iterations, residual): {@link dev.bellman.algorithms.tabular.PolicyEvaluation} (§4.1),
 *       {@link dev.bellman.algorithms.tabular.ValueIteration} (§4.4),
 *       {@link dev.bellman.algorithms.tabular.QValueIteration} (eq. 3.20 as an update),
 *       {@link dev.bellman.algorithms.tabular.PolicyIteration} (§4.3).</li>
 *   <li>Learners, configured by {@link dev.bellman.algorithms.tabular.TdConfig} and returning
 *       {@link dev.bellman.algorithms.tabular.TdResult}: {@link dev.bellman.algorithms.tabular.QLearning} (§6.5),
 *       {@link dev.bellman.algorithms.tabular.Sarsa} (§6.4), {@link dev.bellman.algorithms.tabular.ExpectedSarsa}
 *       (§6.6). {@link dev.bellman.algorithms.tabular.MdpEnv} samples an array-built MDP for them.</li>
 *   <li>{@link dev.bellman.algorithms.tabular.QTable}: the learned table, its greedy policy, {@code save}/{@code load}
 *       (a documented text format with a CRC-32, written atomically) and {@code evaluate};
 *       {@link dev.bellman.algorithms.tabular.Evaluation} runs any deterministic policy for N seeded episodes.</li>
 *   <li>{@link dev.bellman.algorithms.tabular.TablePrinter}: values and greedy policy as a grid of arrows.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * Gymnasium semantics: an outcome or step with {@code terminated} does not bootstrap; {@code truncated} (a time
 * limit) does. Greedy policies break ties to the lowest action index (NumPy's argmax); the ε-greedy behaviour policy
 * breaks them at random. Envs are reset with the seed once, then without one.
 *
 * <h2>Measured results (seeded; the tests in {@code src/test} assert them)</h2>
 * <table>
 *   <caption>Budgets and results on the registered envs, with their time limits</caption>
 *   <tr><th>env</th><th>method and budget</th><th>result</th></tr>
 *   <tr><td>GridWorld-v0</td><td>policy evaluation, random policy, γ = 1</td>
 *       <td>0, −14, −20, −22 along the top row (figure 4.1)</td></tr>
 *   <tr><td>GridWorld-v0</td><td>value iteration, γ = 1</td><td>v* = −(distance to the nearest corner)</td></tr>
 *   <tr><td>FrozenLake-v1 (4×4, slippery)</td><td>value iteration, γ = 0.99, tolerance 1e-10 (571 sweeps)</td>
 *       <td>success 0.7476 over 10,000 episodes (eval seed 0)</td></tr>
 *   <tr><td>FrozenLake8x8-v1</td><td>value iteration, γ = 0.99 (662 sweeps)</td>
 *       <td>success 0.8649 over 10,000 episodes (γ = 1 gives 0: every state can avoid the holes forever, so all
 *       actions tie at value 1)</td></tr>
 *   <tr><td>FrozenLake-v1</td><td>Q-learning, {@code TdConfig.forEnv("FrozenLake-v1")}: 200,000 steps</td>
 *       <td>success 0.7474, 0.7474, 0.7476 (training seeds 1, 2, 3) over 10,000 episodes</td></tr>
 *   <tr><td>Taxi-v3</td><td>Q-learning, {@code TdConfig.forEnv("Taxi-v3")}: 200,000 steps</td>
 *       <td>greedy policy optimal from all 300 initial states (exact expected return 7.93); mean 7.999 over 1,000
 *       episodes (eval seed 0)</td></tr>
 *   <tr><td>CliffWalking-v0</td><td>Q-learning / SARSA / Expected SARSA, α 0.5, ε 0.1, γ 1, 20,000 steps</td>
 *       <td>greedy return −13 (13 steps) / −17 (17 steps) / −15; online mean return about −53 / −30 / −24</td></tr>
 * </table>
 * Taxi-v3's optimal expected return is 7.93 (computed from the model, and independently by breadth-first search in
 * {@code tools/tabular/taxi_optimal_return.py}), below Gymnasium's reward threshold of 8.0: a 1,000-episode mean of
 * an optimal policy lies above 8.0 only by sampling luck (for eval seeds 0–19 it ranged from 7.72 to 8.08).
 */
package dev.bellman.algorithms.tabular;
