package dev.bellman.algorithms.alphago;

import dev.bellman.games.State;
import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.search.Evaluator;
import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * AlphaGo's leaf evaluation (Silver et al. 2016, Methods, "Search algorithm") as an MCTS {@link Evaluator}: the priors
 * are the SL policy network's move probabilities p_sigma(a|s), and the value mixes the value network with one rollout
 * of the fast rollout policy, {@code V(s_L) = (1 - lambda) v_theta(s_L) + lambda z_L}. With {@code lambda = 0} no
 * rollout is played (network value only); with {@code lambda = 1} the value network is not evaluated (rollouts only,
 * priors still from p_sigma).
 */
final class AlphaGoEvaluator implements Evaluator {
    private final GoGame game;
    private final AlphaZeroTower policyNet, valueNet;
    private final RolloutPolicy rollout;
    private final double lambda;
    private final int capacity, numActions, inputSize;
    private final float[] input, rolloutValues;
    private final Rng rng;

    /**
     * @param lambda the mixing weight of the rollout outcome, in [0, 1]
     * @param seed the rollouts' generator
     */
    AlphaGoEvaluator(GoGame game, AlphaZeroTower policyNet, AlphaZeroTower valueNet, RolloutPolicy rollout,
                     double lambda, int capacity, long seed) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be in [0, 1] but was " + lambda);
        this.game = game;
        this.policyNet = policyNet;
        this.valueNet = valueNet;
        this.rollout = rollout;
        this.lambda = lambda;
        this.capacity = capacity;
        this.numActions = game.numDistinctActions();
        this.inputSize = Board.PLANES * game.size() * game.size();
        this.input = new float[capacity * inputSize];
        this.rolloutValues = new float[capacity];
        this.rng = new Rng(seed);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void add(int slot, State state) {
        GoState s = (GoState) state;
        Board.of(s).planes(input, slot * inputSize);
        if (lambda > 0) {
            GoState copy = s.copy();
            rolloutValues[slot] = (float) rollout.rollout(copy, s.mover(), rng);
        }
    }

    @Override
    public void evaluate(int n, float[] priors, float[] values) {
        int size = game.size();
        Tensor x = Tensor.of(Arrays.copyOf(input, n * inputSize), n, Board.PLANES, size, size);
        float[] logits = forward(policyNet, x).policyLogits().toArray();
        float[] v = lambda < 1 ? forward(valueNet, x).value().toArray() : null;
        Evaluator.softmaxPriors(logits, n, numActions, priors);
        for (int i = 0; i < n; i++) {
            // AlphaGo's leaf value: V(s_L) = (1 - lambda) v_theta(s_L) + lambda z_L
            double net = v == null ? 0 : v[i];
            double z = lambda > 0 ? rolloutValues[i] : 0;
            values[i] = (float) ((1 - lambda) * net + lambda * z);
        }
    }

    /** Both heads of {@code net} on {@code x} in eval mode without a tape. */
    static AlphaZeroTower.Output forward(AlphaZeroTower net, Tensor x) {
        boolean training = net.isTraining();
        net.eval();
        try (var ignored = Tensor.noGrad()) {
            return net.heads(x);
        } finally {
            net.train(training);
        }
    }
}
