/**
 * Proximal Policy Optimization (Schulman et al. 2017) after CleanRL: {@link dev.bellman.algorithms.ppo.Ppo} for
 * discrete actions ({@code ppo.py}), {@link dev.bellman.algorithms.ppo.PpoContinuous} for Box actions
 * ({@code ppo_continuous_action.py}), and {@link dev.bellman.algorithms.ppo.PpoProvider}, the {@code ppo} entry of
 * the algorithm registry, which picks one by the env's action space.
 *
 * <p>Entry points: {@code Ppo.train(vectorEnv, Ppo.Config, sink)} and {@code PpoContinuous.train(...)} return a
 * trained {@link dev.bellman.core.Policy}; returns and advantages come from {@link dev.bellman.core.returns.Returns}.
 * Both also take a {@link dev.bellman.core.Checkpoints} to save their training state between iterations and resume
 * from it ({@code PpoProvider.supportsCheckpoints()} is true).
 * Discrete PPO also takes a torso ({@code Ppo.train(vectorEnv, config, torso, sink, checkpoints)}; hyperparameter
 * {@code torso}): CleanRL's separate MLPs, or on image observations a CNN trunk shared by the actor and critic heads
 * as in CleanRL's {@code ppo_atari.py}, whose rollout keeps uint8 frames as bytes.
 * Glossary: the <em>batch</em> is the whole rollout ({@code numEnvs × numSteps} transitions), a <em>minibatch</em> one
 * gradient step's slice of it, an <em>iteration</em> one rollout and its update.
 */
package dev.bellman.algorithms.ppo;
