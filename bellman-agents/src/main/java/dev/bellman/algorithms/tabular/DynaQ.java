package dev.bellman.algorithms.tabular;

import dev.bellman.core.FiniteGuard;
import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import java.util.Arrays;

/**
 * Tabular Dyna-Q and Dyna-Q+ (Sutton 1990; Sutton and Barto 2018, §8.2–8.3): one-step Q-learning on every real
 * transition, a model that remembers the last outcome of every tried (S, A), and {@code n} planning updates per real
 * step on transitions drawn from that model,
 * <pre>
 *   (d) Q(S, A) ← Q(S, A) + α [R + γ max_a Q(S', a) − Q(S, A)]                 (direct RL, eq. 6.8)
 *   (e) Model(S, A) ← R, S'                                                    (deterministic model)
 *   (f) n times: S ← a random previously observed state, A ← a random action previously taken in S,
 *       R, S' ← Model(S, A);  Q(S, A) ← Q(S, A) + α [R + γ max_a Q(S', a) − Q(S, A)]
 * </pre>
 * (the tabular Dyna-Q box of §8.2). Dyna-Q+ ({@code kappa > 0}, §8.3) plans with the bonus reward
 * {@code R + κ √τ}, τ the number of real steps since (S, A) was last tried, and lets planning consider every action of
 * a visited state: an action never tried is modelled as leading back to S with reward 0 (the book's footnote).
 * With {@code planningSteps = 0} this is exactly one-step tabular Q-learning with a constant ε and α.
 *
 * <p>Symbols: {@code planningSteps} = n, {@code learningRate} = α, {@code gamma} = γ, {@code epsilon} = ε,
 * {@code kappa} = κ, {@code lastTried} = the step at which (S, A) was last taken.
 *
 * <p>Implementation notes:
 * <ol>
 *   <li>Bootstrap unless {@code terminated} (a truncation keeps γ max Q(S', ·)); the model stores the termination
 *       flag with R and S'.</li>
 *   <li>Planning draws S uniformly over the states observed so far and A uniformly over the actions tried in S (the
 *       book's "random previously observed state / action taken in S"); Dyna-Q+ draws A over all actions.</li>
 *   <li>The behaviour policy is ε-greedy with ties broken at random ({@link EpsilonGreedy}), as the book's figures
 *       need: with Q = 0 everywhere the first episode is a random walk.</li>
 *   <li>The env is reset with {@code seed} once; every random draw (behaviour and planning) comes from one generator
 *       seeded with {@code seed}.</li>
 * </ol>
 *
 * <p>Measured (asserted by {@code DynaQTest}, figure {@code dyna-maze-fig8.2.png} written by it): on
 * {@code DynaMaze-v0} with the book's α 0.1, γ 0.95, ε 0.1, the greedy policy follows a 14-step shortest path after
 * fewer episodes the more planning steps are taken, as in Figure 8.2: mean over seeds 1–10 of the first episode count
 * after which it does, 12.8 (n = 50), 30.2 (n = 5), 41.8 (n = 0, Q-learning). The figure is committed as
 * {@code docs/img/dyna-maze-fig8.2.png}. On {@code ShortcutMaze-v0} (change after 3,000 steps, 6,000 steps, seeds 1–3)
 * Dyna-Q+ with κ = 0.001 takes the 10-step shortcut and Dyna-Q keeps the 16-step way round (Figure 8.5).
 */
public final class DynaQ {

    /**
     * Hyperparameters (defaults: the book's Figure 8.2 settings).
     *
     * @param totalTimesteps real env steps, positive
     * @param planningSteps  planning updates n per real step, {@code >= 0} (0: plain Q-learning)
     * @param learningRate   step size α in (0, 1]
     * @param gamma          discount factor γ in [0, 1]
     * @param epsilon        exploration probability ε in [0, 1]
     * @param kappa          Dyna-Q+ exploration bonus κ, {@code >= 0} (0: Dyna-Q)
     * @param seed           seed of the env's first reset and of every random draw
     */
    public record Config(long totalTimesteps, int planningSteps, double learningRate, double gamma, double epsilon,
                         double kappa, long seed) {
        public Config {
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (planningSteps < 0) throw new IllegalArgumentException("planningSteps must be >= 0 but was " + planningSteps);
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new IllegalArgumentException("learningRate must be in (0, 1] but was " + learningRate);
            }
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("epsilon must be in [0, 1] but was " + epsilon);
            if (!(kappa >= 0 && Double.isFinite(kappa))) {
                throw new IllegalArgumentException("kappa must be finite and >= 0 but was " + kappa);
            }
        }

        /** The book's Figure 8.2 settings: n = 50, α 0.1, γ 0.95, ε 0.1, κ 0 (Dyna-Q), 100,000 steps, seed 1. */
        public static Config defaults() {
            return new Config(100_000, 50, 0.1, 0.95, 0.1, 0.0, 1);
        }

        public Config withPlanningSteps(int n) {
            return new Config(totalTimesteps, n, learningRate, gamma, epsilon, kappa, seed);
        }

        public Config withKappa(double k) {
            return new Config(totalTimesteps, planningSteps, learningRate, gamma, epsilon, k, seed);
        }

        public Config withSeed(long s) {
            return new Config(totalTimesteps, planningSteps, learningRate, gamma, epsilon, kappa, s);
        }

        public Config withTotalTimesteps(long t) {
            return new Config(t, planningSteps, learningRate, gamma, epsilon, kappa, seed);
        }
    }

    private final Config config;

    public DynaQ(Config config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    /** Trains for {@code totalTimesteps} real steps on {@code env} ({@code Discrete} observations and actions). */
    public TdResult train(Env<Integer, Integer> env, EpisodeListener listener) {
        return train(env, listener, Integer.MAX_VALUE);
    }

    /**
     * Trains until {@code totalTimesteps} real steps or {@code maxEpisodes} finished episodes, whichever comes first,
     * telling {@code listener} about every finished episode.
     */
    public TdResult train(Env<Integer, Integer> env, EpisodeListener listener, int maxEpisodes) {
        if (maxEpisodes <= 0) throw new IllegalArgumentException("maxEpisodes must be positive but was " + maxEpisodes);
        int nS = EnvModels.numStates(env), nA = EnvModels.numActions(env);
        QTable q = new QTable(nS, nA);
        Rng rng = new Rng(config.seed());
        FiniteGuard guard = new FiniteGuard("dyna-q", "rewards or kappa too large?");
        EpisodeLog log = new EpisodeLog(listener);
        // the model: last outcome of each tried (s, a); lastTried = -1 for a pair never tried
        int[] modelNext = new int[nS * nA];
        double[] modelReward = new double[nS * nA];
        boolean[] modelTerminated = new boolean[nS * nA];
        long[] lastTried = new long[nS * nA];
        Arrays.fill(lastTried, -1);
        // observed states and the actions tried in each, in first-seen order (for uniform, reproducible draws)
        int[] observed = new int[nS];
        int numObserved = 0;
        int[][] tried = new int[nS][nA];
        int[] numTried = new int[nS];
        boolean plus = config.kappa() > 0;
        double alpha = config.learningRate(), gamma = config.gamma();

        int s = env.reset(config.seed()).observation();
        long t = 0;
        int episodes = 0;
        for (; t < config.totalTimesteps() && episodes < maxEpisodes; t++) {
            // (a)-(c) act ε-greedily in the real env
            int a = EpsilonGreedy.action(q, s, config.epsilon(), rng);
            Step<Integer> step = env.step(a);
            int s2 = step.observation();
            log.step(step.reward());
            // (d) direct RL: one-step Q-learning
            double target = step.reward() + (step.terminated() ? 0.0 : gamma * q.max(s2));
            q.set(s, a, q.get(s, a) + alpha * (target - q.get(s, a)));
            guard.check(t + 1, "q_value", q.get(s, a));
            // (e) model learning (deterministic: the last outcome)
            int i = s * nA + a;
            if (numTried[s] == 0) observed[numObserved++] = s;
            if (lastTried[i] < 0) tried[s][numTried[s]++] = a;
            modelNext[i] = s2;
            modelReward[i] = step.reward();
            modelTerminated[i] = step.terminated();
            lastTried[i] = t;
            // (f) planning: n simulated one-step Q-learning updates
            for (int k = 0; k < config.planningSteps(); k++) {
                int ps = observed[rng.nextInt(numObserved)];
                int pa = plus ? rng.nextInt(nA) : tried[ps][rng.nextInt(numTried[ps])];
                int j = ps * nA + pa;
                boolean known = lastTried[j] >= 0;
                int pNext = known ? modelNext[j] : ps;
                double r = known ? modelReward[j] : 0.0;
                if (plus) r += config.kappa() * Math.sqrt(t + 1 - (known ? lastTried[j] + 1 : 0));
                boolean term = known && modelTerminated[j];
                double y = r + (term ? 0.0 : gamma * q.max(pNext));
                q.set(ps, pa, q.get(ps, pa) + alpha * (y - q.get(ps, pa)));
                guard.check(t + 1, "planned_q_value", q.get(ps, pa));
            }
            if (step.terminated() || step.truncated()) {
                log.endEpisode(t + 1, config.epsilon());
                episodes++;
                s = env.reset().observation();
            } else {
                s = s2;
            }
        }
        return log.result(q, t);
    }

    /**
     * The length of the greedy path from {@code start} to termination in a deterministic env given as
     * {@code next(s, a)} and {@code terminal(s)}, or -1 when the greedy policy loops or exceeds {@code maxSteps}.
     * Ties go to the lowest action ({@link QTable#greedyAction}).
     */
    public static int greedyPathLength(QTable q, int start, java.util.function.IntBinaryOperator next,
                                       java.util.function.IntPredicate terminal, int maxSteps) {
        int s = start;
        for (int k = 0; k < maxSteps; k++) {
            if (terminal.test(s)) return k;
            s = next.applyAsInt(s, q.greedyAction(s));
        }
        return terminal.test(s) ? maxSteps : -1;
    }
}
