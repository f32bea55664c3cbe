package dev.bellman.algorithms.tabular;

import dev.bellman.core.FiniteGuard;
import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;

/**
 * Tabular SARSA (Rummery and Niranjan 1994; Sutton and Barto 2018, §6.4): on-policy TD control that learns the
 * action values of the ε-greedy policy it follows,
 * <pre>
 *   Q(S, A) ← Q(S, A) + α [R + γ Q(S', A') − Q(S, A)]        (eq. 6.7)
 * </pre>
 * where A' is the action the ε-greedy policy then takes in S'; Q(S', A') is taken as 0 when S' is terminal.
 *
 * <p>Symbols: {@code s} = S, {@code a} = A, {@code s2} = S', {@code a2} = A', {@code alpha} = α, {@code epsilon} = ε.
 *
 * <p>Implementation notes (Gymnasium semantics):
 * <ol>
 *   <li>Bootstrap unless {@code terminated}. On {@code truncated}, A' is drawn in S' for the target only; the next
 *       episode starts with a fresh action from its first state.</li>
 *   <li>A' is drawn with the ε of the next step, and it is the action then executed, so learning is on-policy.</li>
 *   <li>Seeding and schedules as in {@link QLearning}.</li>
 * </ol>
 *
 * <p>Measured (seeded; asserted by {@code LearningOnEnvsTest}): on CliffWalking-v0 with Sutton and Barto's example 6.6
 * settings (α 0.5, ε 0.1 constant, γ 1; 20,000 steps ≈ 880 episodes) the greedy path keeps away from the cliff
 * (17 steps, return −17) and the online mean return during training is about −30 (seeds 1–3: −29.48, −30.53,
 * −30.28) against Q-learning's −53, as in figure 6.4.
 */
public final class Sarsa {
    private final TdConfig config;

    public Sarsa(TdConfig config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    /** Trains on {@code env}, whose observations and actions must be {@code Discrete(n)} from 0. */
    public TdResult train(Env<Integer, Integer> env) {
        return train(env, EpisodeListener.NONE);
    }

    /** Trains on {@code env}, telling {@code listener} about every finished episode. */
    public TdResult train(Env<Integer, Integer> env, EpisodeListener listener) {
        return train(env, listener, null, TdCheckpoints.NONE);
    }

    /**
     * Trains, handing its state to {@code checkpoints} as it goes, or continues a run from {@code from}: then the
     * table, generator, episodes and loop position come from {@code from}, and the env is not reset (the caller
     * restores the env to the state it had when {@code from} was taken). A resumed run ends exactly as the
     * uninterrupted one.
     *
     * @param from a state from an earlier run with the same config and env, or null to start fresh
     * @throws dev.bellman.core.NonFiniteException when an updated Q value overflows (rewards or initial-q too large)
     */
    public TdResult train(Env<Integer, Integer> env, EpisodeListener listener, TdState from, TdCheckpoints checkpoints) {
        int numStates = EnvModels.numStates(env);
        int numActions = EnvModels.numActions(env);
        QTable q = QTable.filled(numStates, numActions, config.initialQ());
        Rng rng = new Rng(config.seed());
        FiniteGuard guard = new FiniteGuard("sarsa", "rewards or initial-q too large?");
        EpisodeLog log = new EpisodeLog(listener);

        long start = 0;
        int s;
        int a;
        if (from == null) {
            s = env.reset(config.seed()).observation();
            a = EpsilonGreedy.action(q, s, config.epsilonAt(0), rng);
        } else {
            from.checkFits(numStates, numActions, config);
            q = from.q().copy();
            rng.setState(from.rng());
            log.restore(from);
            s = from.state();
            start = from.timestep();
            a = from.action();
            if (a < 0) throw new IllegalArgumentException("a SARSA state needs the action chosen in its state but has none (-1)");
        }
        for (long t = start; t < config.totalTimesteps(); t++) {
            if (checkpoints.due(t, start)) checkpoints.sink().accept(log.state(t, q, rng.state(), s, a));
            double alpha = config.learningRateAt(t);
            // 1. act: A was chosen ε-greedily in S
            Step<Integer> step = env.step(a);
            int s2 = step.observation();
            log.step(step.reward());
            // 2. choose A' ε-greedily in S' (the action the policy will take)
            int a2 = EpsilonGreedy.action(q, s2, config.epsilonAt(t + 1), rng);
            // 3. update (eq. 6.7): Q(S,A) ← Q(S,A) + α [R + γ Q(S',A') − Q(S,A)]; no bootstrap when terminated
            double target = step.reward() + (step.terminated() ? 0.0 : config.gamma() * q.get(s2, a2));
            q.set(s, a, q.get(s, a) + alpha * (target - q.get(s, a)));
            guard.check(t + 1, "q_value", q.get(s, a));
            // 4. next pair, or a new episode
            if (step.terminated() || step.truncated()) {
                log.endEpisode(t + 1, config.epsilonAt(t));
                s = env.reset().observation();
                a = EpsilonGreedy.action(q, s, config.epsilonAt(t + 1), rng);
            } else {
                s = s2;
                a = a2;
            }
        }
        return log.result(q, config.totalTimesteps());
    }
}
