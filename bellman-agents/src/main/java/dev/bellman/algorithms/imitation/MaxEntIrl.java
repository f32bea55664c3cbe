package dev.bellman.algorithms.imitation;

import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.demos.Column;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;
import dev.bellman.env.TabularModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Maximum-entropy inverse RL (Ziebart, Maas, Bagnell &amp; Dey 2008, "Maximum entropy inverse reinforcement
 * learning", Algorithm 1) on a tabular MDP with known dynamics ({@link TabularModel}).
 *
 * <p>The reward is linear in state features, r_θ(s) = θ·φ(s) (with one-hot φ the reward is tabular, one free value per
 * state). Trajectories ζ have probability ∝ exp(Σ_{s∈ζ} r_θ(s)) under the dynamics; θ maximises the demonstrations'
 * likelihood, whose gradient is the gap between feature counts:
 * <pre>
 *   ∇L(θ) = f̃ − Σ_s D_s φ(s),   f̃ = 1/|demos| Σ_ζ Σ_{s∈ζ} φ(s)
 * </pre>
 * where D_s is the expected state visitation frequency under the maximum-entropy policy. Both are computed by dynamic
 * programming over a horizon T:
 * <ol>
 *   <li>Backward pass (soft value iteration, the log-domain form of the paper's partition functions Z):
 *       Q_t(s,a) = Σ_{s'} P(s'|s,a) [r(s') + V_{t+1}(s') · (1 − terminated)], V_t(s) = log Σ_a exp Q_t(s,a),
 *       V_T = 0, and the local action probabilities π_t(a|s) = exp(Q_t(s,a) − V_t(s)).</li>
 *   <li>Forward pass: D_{s,0} = the initial distribution; D_{s',t+1} = Σ_{s,a} D_{s,t}^{alive} π_t(a|s) P(s'|s,a), where
 *       only mass that did not terminate stays alive; D_s = Σ_t D_{s,t}.</li>
 * </ol>
 * θ follows gradient ascent with step {@code learningRate}. The recovered policy acts greedily on Q_0.
 *
 * <p>Implementation notes. Deviations: the reward of a transition is that of the state it enters (and the initial
 * state's), so terminal states carry reward; the horizon T defaults to the longest demonstration; the step is plain
 * gradient ascent on the mean feature-count gap (the paper does not fix an optimiser); an L2 penalty
 * {@code l2Coef · ||θ||²} is optional.
 */
public final class MaxEntIrl {
    private MaxEntIrl() {}

    /**
     * Hyperparameters.
     *
     * @param iterations gradient steps on θ
     * @param learningRate the gradient-ascent step
     * @param horizon T of the dynamic programmes; 0 for the longest demonstration's length
     * @param l2Coef coefficient of the L2 penalty on θ
     */
    public record Config(int iterations, double learningRate, int horizon, double l2Coef) {
        public Config {
            if (iterations <= 0) throw new IllegalArgumentException("iterations must be positive but was " + iterations);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (horizon < 0) throw new IllegalArgumentException("horizon must be >= 0 (0 = longest demo) but was " + horizon);
            if (!(l2Coef >= 0)) throw new IllegalArgumentException("l2Coef must be >= 0 but was " + l2Coef);
        }

        /** 200 steps of 0.1, horizon from the demonstrations, no penalty. */
        public static Config defaults() {
            return new Config(200, 0.1, 0, 0.0);
        }
    }

    /** One-hot state features: a tabular reward. */
    public static double[][] tabularFeatures(int numStates) {
        double[][] f = new double[numStates][numStates];
        for (int s = 0; s < numStates; s++) f[s][s] = 1;
        return f;
    }

    /**
     * Grid features for a {@code rows x cols} grid (states {@code row * cols + col}): a one-hot of the row and one of
     * the column, so the reward is r(s) = θ_row + θ_col, linear with {@code rows + cols} parameters.
     */
    public static double[][] gridFeatures(int rows, int cols) {
        double[][] f = new double[rows * cols][rows + cols];
        for (int s = 0; s < rows * cols; s++) {
            f[s][s / cols] = 1;
            f[s][rows + s % cols] = 1;
        }
        return f;
    }

    /** What training recovered. */
    public record Result(double[] theta, double[] reward, double[][] q, RewardPolicy policy) {}

    /** Learns θ from {@code demos} on {@code model} with features {@code phi[s][k]}. */
    public static Result train(TabularModel model, Dataset demos, double[][] phi, Config c, MetricsSink sink) {
        Objects.requireNonNull(model, "model");
        int nS = model.numStates();
        if (phi.length != nS) {
            throw new IllegalArgumentException("features must have one row per state (" + nS + ") but had " + phi.length);
        }
        int k = phi[0].length;
        // empirical feature counts f~ (every observation of every demonstration, the last included)
        double[] fEmp = new double[k];
        int longest = 0;
        for (Episode e : demos.episodes()) {
            if (!(e.observations() instanceof Column.Longs obs)) {
                throw new IllegalArgumentException("maxent-irl needs Discrete observations (states) but the dataset has "
                        + e.observations().dtype());
            }
            for (long s : obs.data()) {
                if (s < 0 || s >= nS) throw new IllegalArgumentException("demonstrated state " + s + " is outside [0, " + nS + ")");
                for (int j = 0; j < k; j++) fEmp[j] += phi[(int) s][j];
            }
            longest = Math.max(longest, e.steps());
        }
        int nEp = demos.totalEpisodes();
        if (nEp == 0) throw new IllegalArgumentException("maxent-irl needs at least one demonstration");
        for (int j = 0; j < k; j++) fEmp[j] /= nEp;
        int horizon = c.horizon() > 0 ? c.horizon() : Math.max(1, longest);
        double[] theta = new double[k];
        double[] reward = new double[nS];
        SoftPlan plan = null;
        for (int it = 1; it <= c.iterations(); it++) {
            rewardOf(phi, theta, reward);
            plan = softPlan(model, reward, horizon);
            double[] visits = visitation(model, plan.policy, horizon);
            double gapNorm = 0;
            for (int j = 0; j < k; j++) {
                double expected = 0;
                for (int s = 0; s < nS; s++) expected += visits[s] * phi[s][j];
                double g = fEmp[j] - expected - 2 * c.l2Coef() * theta[j];
                gapNorm += g * g;
                theta[j] += c.learningRate() * g;
            }
            sink.record(it, "losses/feature_gap", Math.sqrt(gapNorm));
        }
        rewardOf(phi, theta, reward);
        plan = softPlan(model, reward, horizon);
        return new Result(theta, reward.clone(), plan.q0, new RewardPolicy(reward.clone(), greedy(plan.q0)));
    }

    private static void rewardOf(double[][] phi, double[] theta, double[] out) {
        for (int s = 0; s < phi.length; s++) {
            double r = 0;
            for (int j = 0; j < theta.length; j++) r += phi[s][j] * theta[j];
            out[s] = r;
        }
    }

    private record SoftPlan(double[][][] policy, double[][] q0) {}

    /** The backward pass: π_t(a|s) for t = 0..T-1 and Q_0. */
    private static SoftPlan softPlan(TabularModel model, double[] reward, int horizon) {
        int nS = model.numStates(), nA = model.numActions();
        double[][][] pi = new double[horizon][nS][nA];
        double[] v = new double[nS]; // V_T = 0
        double[][] q = new double[nS][nA];
        for (int t = horizon - 1; t >= 0; t--) {
            double[] vNext = v;
            v = new double[nS];
            q = new double[nS][nA];
            for (int s = 0; s < nS; s++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < nA; a++) {
                    double x = 0;
                    for (TabularModel.Transition tr : model.transitions(s, a)) {
                        x += tr.probability() * (reward[tr.nextState()] + (tr.terminated() ? 0 : vNext[tr.nextState()]));
                    }
                    q[s][a] = x;
                    max = Math.max(max, x);
                }
                double z = 0;
                for (int a = 0; a < nA; a++) z += Math.exp(q[s][a] - max);
                v[s] = max + Math.log(z);
                for (int a = 0; a < nA; a++) pi[t][s][a] = Math.exp(q[s][a] - v[s]);
            }
        }
        return new SoftPlan(pi, q);
    }

    /** The forward pass: expected visits per state over the horizon, the initial state included. */
    private static double[] visitation(TabularModel model, double[][][] pi, int horizon) {
        int nS = model.numStates(), nA = model.numActions();
        double[] alive = model.initialStateDistribution();
        double[] visits = alive.clone();
        for (int t = 0; t < horizon; t++) {
            double[] next = new double[nS];
            for (int s = 0; s < nS; s++) {
                if (alive[s] == 0) continue;
                for (int a = 0; a < nA; a++) {
                    double w = alive[s] * pi[t][s][a];
                    if (w == 0) continue;
                    for (TabularModel.Transition tr : model.transitions(s, a)) {
                        double m = w * tr.probability();
                        visits[tr.nextState()] += m;
                        if (!tr.terminated()) next[tr.nextState()] += m;
                    }
                }
            }
            alive = next;
        }
        return visits;
    }

    /** Greedy actions of a Q table (ties to the lowest action). */
    static int[] greedy(double[][] q) {
        int[] a = new int[q.length];
        for (int s = 0; s < q.length; s++) {
            int best = 0;
            for (int b = 1; b < q[s].length; b++) if (q[s][b] > q[s][best]) best = b;
            a[s] = best;
        }
        return a;
    }

    /**
     * The policy recovered by MaxEnt IRL: greedy on the soft Q values of the learned reward. Saves the action table
     * ({@value #POLICY_FILE}, one action per line) and the reward ({@value #REWARD_FILE}, one value per state).
     */
    public static final class RewardPolicy implements Policy {
        static final String POLICY_FILE = "policy.txt";
        static final String REWARD_FILE = "reward.txt";
        private final double[] reward;
        private final int[] actions;

        RewardPolicy(double[] reward, int[] actions) {
            this.reward = reward;
            this.actions = actions;
        }

        /** The learned reward per state; a copy. */
        public double[] reward() {
            return reward.clone();
        }

        /** The greedy action per state; a copy. */
        public int[] actions() {
            return actions.clone();
        }

        @Override
        public Object act(Object observation) {
            if (!(observation instanceof Integer s) || s < 0 || s >= actions.length) {
                throw new IllegalArgumentException("observation must be a state in [0, " + actions.length + ") but was "
                        + observation);
            }
            return actions[s];
        }

        @Override
        public void save(Path directory) throws IOException {
            StringBuilder p = new StringBuilder(), r = new StringBuilder();
            for (int a : actions) p.append(a).append('\n');
            for (double x : reward) r.append(String.format(Locale.ROOT, "%.17g%n", x));
            write(directory.resolve(POLICY_FILE), p.toString());
            write(directory.resolve(REWARD_FILE), r.toString());
        }

        private static void write(Path file, String text) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        static RewardPolicy load(Path directory) throws IOException {
            List<String> p = Files.readAllLines(directory.resolve(POLICY_FILE));
            List<String> r = Files.readAllLines(directory.resolve(REWARD_FILE));
            List<Integer> acts = new ArrayList<>();
            for (String line : p) if (!line.isBlank()) acts.add(Integer.parseInt(line.strip()));
            double[] rew = r.stream().filter(l -> !l.isBlank()).mapToDouble(l -> Double.parseDouble(l.strip())).toArray();
            return new RewardPolicy(rew, acts.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
