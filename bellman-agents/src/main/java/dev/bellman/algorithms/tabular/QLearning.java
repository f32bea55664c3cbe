package dev.bellman.algorithms.tabular;

import dev.bellman.core.FiniteGuard;
import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;

/**
 * Tabular Q-learning (Watkins 1989; Sutton and Barto 2018, §6.5): off-policy TD control that learns q* while
 * behaving ε-greedily,
 * <pre>
 *   Q(S, A) ← Q(S, A) + α [R + γ max_a Q(S', a) − Q(S, A)]        (eq. 6.8)
 * </pre>
 * with the bootstrap term dropped when S' is terminal.
 *
 * <p>Symbols: {@code s} = S, {@code a} = A, {@code step.reward()} = R, {@code s2} = S', {@code alpha} = α,
 * {@code epsilon} = ε, {@code target} = R + γ max_a Q(S', a).
 *
 * <p>Implementation notes (Gymnasium semantics):
 * <ol>
 *   <li>Bootstrap unless {@code terminated}: on {@code truncated} (a time limit) the target keeps γ max Q(S', ·),
 *       because the MDP did not end there.</li>
 *   <li>The env is reset with {@code seed} once, then without a seed; exploration draws from a separate generator
 *       seeded with {@code seed}, so a run is reproducible.</li>
 *   <li>ε and α follow the linear schedules of {@link TdConfig}; greedy ties in the behaviour policy are broken at
 *       random ({@link EpsilonGreedy}).</li>
 * </ol>
 *
 * <p>Measured (seeded; asserted by {@code LearningOnEnvsTest}), budgets from {@link TdConfig#forEnv}:
 * <ul>
 *   <li>FrozenLake-v1 (4×4 slippery, 100-step limit): 200,000 steps, α 0.1 → 0.01, ε 1 → 0.1 over the first half,
 *       γ 0.99: greedy success 0.7474 / 0.7474 / 0.7476 (seeds 1–3) over 10,000 evaluation episodes; value
 *       iteration's policy scores 0.7476.</li>
 *   <li>Taxi-v3: 200,000 steps, α 0.1, ε 1 → 0.05 over the first half, γ 0.99: the greedy policy is optimal (exact
 *       expected return 7.93 from the model; 7.999 mean over 1,000 episodes with eval seed 0).</li>
 *   <li>CliffWalking-v0: 20,000 steps, α 0.5, ε 0.1, γ 1: greedy path along the cliff edge, 13 steps, return −13;
 *       online mean return during training about −53 (seeds 1–3: −53.67, −52.74, −52.05).</li>
 * </ul>
 */
public final class QLearning {
    private final TdConfig config;

    public QLearning(TdConfig config) {
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
        FiniteGuard guard = new FiniteGuard("q-learning", "rewards or initial-q too large?");
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
            double epsilon = config.epsilonAt(t);
            double alpha = config.learningRateAt(t);
            // 1. act ε-greedily
            int a = EpsilonGreedy.action(q, s, epsilon, rng);
            Step<Integer> step = env.step(a);
            int s2 = step.observation();
            log.step(step.reward());
            // 2. update (eq. 6.8): Q(S,A) ← Q(S,A) + α [R + γ max_a Q(S',a) − Q(S,A)]; no bootstrap when terminated
            double target = step.reward() + (step.terminated() ? 0.0 : config.gamma() * q.max(s2));
            q.set(s, a, q.get(s, a) + alpha * (target - q.get(s, a)));
            guard.check(t + 1, "q_value", q.get(s, a));
            // 3. next state, or a new episode
            if (step.terminated() || step.truncated()) {
                log.endEpisode(t + 1, epsilon);
                s = env.reset().observation();
            } else {
                s = s2;
            }
        }
        return log.result(q, config.totalTimesteps());
    }
}
