/**
 * Returns and advantages over a rollout stored step-major as {@code [numSteps][numEnvs]} primitive arrays, shared by
 * every on-policy algorithm (PPO, A2C, A3C, REINFORCE, TRPO) and IMPALA.
 *
 * <p>Entry point: {@link dev.bellman.core.returns.Returns}: generalized advantage estimation
 * ({@code gae}, Schulman et al. 2016) and discounted returns ({@code discounted}), each in three layouts:
 * <ul>
 *   <li>explicit successor values ({@code gae(rewards, values, nextValues, ...)}): the core formula;</li>
 *   <li>{@code SAME_STEP} autoreset ({@code gaeSameStep}, {@code discountedSameStep}): the row after an
 *       episode end already holds the reset observation, so the value of the final observation of a truncated
 *       episode is passed explicitly as {@code finalValues[t][i]};</li>
 *   <li>{@code NEXT_STEP} autoreset ({@code gaeNextStep}): the row after an episode end holds the final
 *       observation and is the reset step, which is no experience: it gets a zero advantage and is marked invalid.</li>
 * </ul>
 *
 * <p>{@link dev.bellman.core.returns.VTrace} (Espeholt et al. 2018): V-trace targets and policy-gradient advantages for
 * off-policy segments (IMPALA), in the {@code SAME_STEP} layout, with the importance weights truncated at ρ̄ and c̄.
 *
 * <p>Termination versus truncation (Gymnasium; Pardo et al. 2018, "Time Limits in Reinforcement Learning"): a
 * terminated transition has no future, so nothing is bootstrapped; a truncated one was cut by a limit outside the
 * MDP, so the value of its final observation is bootstrapped. Either way the advantage recursion stops there.
 *
 * <p>Glossary: a <em>rollout</em> is {@code numSteps} vector steps of {@code numEnvs} copies; row {@code t} holds the
 * observation {@code s_t} the action was chosen in, the reward {@code r_t} and the flags returned by that step.
 */
package dev.bellman.core.returns;
