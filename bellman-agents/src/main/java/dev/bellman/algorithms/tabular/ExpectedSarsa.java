package dev.bellman.algorithms.tabular;

import dev.bellman.core.FiniteGuard;
import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;

/**
 * Tabular Expected SARSA (van Seijen et al. 2009; Sutton and Barto 2018, §6.6): SARSA with the sampled next action
 * replaced by its expectation under the ε-greedy policy,
 * <pre>
 *   Q(S, A) ← Q(S, A) + α [R + γ Σ_a π(a|S') Q(S', a) − Q(S, A)]        (eq. 6.9)
 * </pre>
 * where Σ_a π(a|S') Q(S', a) = (1 − ε) max_a Q(S', a) + ε · mean_a Q(S', a) for the ε-greedy π; the expectation is
 * taken as 0 when S' is terminal.
 *
 * <p>Symbols: {@code s} = S, {@code a} = A, {@code s2} = S', {@code alpha} = α, {@code epsilon} = ε.
 *
 * <p>Implementation notes: bootstrap unless {@code terminated} (so also on {@code truncated}); the expectation uses
 * the ε of the next step; seeding and schedules as in {@link QLearning}.
 *
 * <p>Measured (seeded; asserted by {@code LearningOnEnvsTest}): on CliffWalking-v0 (α 0.5, ε 0.1, γ 1, 20,000
 * steps) the greedy path takes 15 steps (return −15) and the online mean return is about −24 (seeds 1–3: −22.94,
 * −25.53, −23.56), above both SARSA's and Q-learning's, as in figure 6.3 of the book.
 */
public final class ExpectedSarsa {
    private final TdConfig config;

    public ExpectedSarsa(TdConfig config) {
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
        FiniteGuard guard = new FiniteGuard("expected-sarsa", "rewards or initial-q too large?");
        EpisodeLog log = new EpisodeLog(listener);

        long start = 0;
        int s;
        if (from == null) {
            s = env.reset(config.seed()).observation();
        } else {
            from.checkFits(numStates, numActions, config);
            q = from.q().copy();
            rng.setState(from.rng());
            log.restore(from);
            s = from.state();
            start = from.timestep();
        }
        for (long t = start; t < config.totalTimesteps(); t++) {
            if (checkpoints.due(t, start)) checkpoints.sink().accept(log.state(t, q, rng.state(), s, -1));
            double alpha = config.learningRateAt(t);
            // 1. act ε-greedily
            int a = EpsilonGreedy.action(q, s, config.epsilonAt(t), rng);
            Step<Integer> step = env.step(a);
            int s2 = step.observation();
            log.step(step.reward());
            // 2. update (eq. 6.9): Q(S,A) ← Q(S,A) + α [R + γ Σ_a π(a|S') Q(S',a) − Q(S,A)]; no bootstrap when terminated
            double expected = EpsilonGreedy.expectedValue(q, s2, config.epsilonAt(t + 1));
            double target = step.reward() + (step.terminated() ? 0.0 : config.gamma() * expected);
            q.set(s, a, q.get(s, a) + alpha * (target - q.get(s, a)));
            guard.check(t + 1, "q_value", q.get(s, a));
            // 3. next state, or a new episode
            if (step.terminated() || step.truncated()) {
                log.endEpisode(t + 1, config.epsilonAt(t));
                s = env.reset().observation();
            } else {
                s = s2;
            }
        }
        return log.result(q, config.totalTimesteps());
    }
}
