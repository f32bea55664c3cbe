package dev.bellman.algorithms.alphazero;

import dev.bellman.games.Game;
import dev.bellman.games.State;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.search.Evaluator;
import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * The AlphaZero tower as an MCTS {@link Evaluator}: collects the leaves' observations and evaluates them in one
 * forward pass (batch norm in eval mode, no tape), softmax priors and tanh values. Boards that are not square
 * (Connect Four's 6 x 7) are zero-padded to the tower's square board, {@link #pad}.
 */
public final class NetEvaluator implements Evaluator {
    private final AlphaZeroTower tower;
    private final Game game;
    private final int numActions, inputSize, capacity;
    private final float[] input, observation;
    private long positions, calls;

    public NetEvaluator(Game game, AlphaZeroTower tower, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        this.game = game;
        this.tower = tower;
        this.numActions = game.numDistinctActions();
        int b = tower.config().boardSize();
        this.inputSize = tower.config().planes() * b * b;
        this.capacity = capacity;
        this.input = new float[capacity * inputSize];
        this.observation = new float[game.observationSize()];
    }

    /** The square board side the tower needs for {@code game}: the larger of the observation's height and width. */
    static int boardSize(Game game) {
        int[] s = game.observationShape();
        return Math.max(s[1], s[2]);
    }

    /** Copies observation {@code obs} ([C, H, W]) into {@code out} at {@code offset} as [C, b, b], zero-padded. */
    static void pad(Game game, float[] obs, float[] out, int offset, int b) {
        int[] s = game.observationShape();
        int c = s[0], h = s[1], w = s[2];
        if (h == b && w == b) {
            System.arraycopy(obs, 0, out, offset, c * h * w);
            return;
        }
        Arrays.fill(out, offset, offset + c * b * b, 0f);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) System.arraycopy(obs, (ch * h + y) * w, out, offset + (ch * b + y) * b, w);
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void add(int slot, State state) {
        state.observation(observation);
        pad(game, observation, input, slot * inputSize, tower.config().boardSize());
    }

    /** Evaluates one raw observation ({@link Game#observationShape()}) into slot 0 of {@code priors}/{@code values}. */
    public void evaluateObservation(float[] obs, float[] priors, float[] values) {
        pad(game, obs, input, 0, tower.config().boardSize());
        evaluate(1, priors, values);
    }

    @Override
    public void evaluate(int n, float[] priors, float[] values) {
        int b = tower.config().boardSize();
        boolean training = tower.isTraining();
        tower.eval();
        try (var ignored = Tensor.noGrad()) {
            AlphaZeroTower.Output out = tower.heads(Tensor.of(Arrays.copyOf(input, n * inputSize), n,
                    tower.config().planes(), b, b));
            float[] logits = out.policyLogits().toArray();
            float[] v = out.value().toArray();
            Evaluator.softmaxPriors(logits, n, numActions, priors);
            System.arraycopy(v, 0, values, 0, n);
        } finally {
            tower.train(training);
        }
        positions += n;
        calls++;
    }

    /** Positions evaluated so far. */
    public long positions() {
        return positions;
    }

    /** Forward passes so far. */
    public long calls() {
        return calls;
    }
}
