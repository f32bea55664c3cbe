package dev.bellman.algorithms.alphago;

import dev.bellman.core.Policy;
import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.games.go.GoGame;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.search.Evaluator;
import dev.bellman.search.Mcts;
import dev.bellman.search.MctsPlayer;
import dev.bellman.search.SearchPolicy;
import dev.bellman.search.Selection;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The AlphaGo program a run produces: the SL policy network p_sigma (priors), the value network v_theta, the rollout
 * policy p_pi and the search settings (simulations, lambda, c_puct). {@link #act} on a game {@link State} searches with
 * {@link AlphaGoEvaluator}; on a raw {@code float[]} of {@link Board#PLANES} planes it returns p_sigma's arg max. Saved
 * as three files: {@value #POLICY_FILE} (p_sigma, with the game and the search settings in its metadata),
 * {@value #VALUE_FILE} and {@value #ROLLOUT_FILE} (p_pi's weights). The RL policy p_rho is not part of the program, as
 * in the paper, where the SL policy gave the stronger search priors; the run keeps it as {@value #RL_FILE} for study.
 */
public final class AlphaGoPolicy implements Policy, SearchPolicy {
    /** p_sigma. */
    public static final String POLICY_FILE = "alphago_policy.safetensors";
    /** v_theta. */
    public static final String VALUE_FILE = "alphago_value.safetensors";
    /** p_pi. */
    public static final String ROLLOUT_FILE = "alphago_rollout.safetensors";
    /** p_rho. */
    public static final String RL_FILE = "alphago_rl_policy.safetensors";

    private final GoGame game;
    private final AlphaZeroTower policyNet, valueNet, rlNet;
    private final RolloutPolicy rollout;
    private final int simulations, batch;
    private final double lambda, cPuct;

    AlphaGoPolicy(GoGame game, AlphaZeroTower policyNet, AlphaZeroTower valueNet, AlphaZeroTower rlNet,
                  RolloutPolicy rollout, int simulations, int batch, double lambda, double cPuct) {
        this.game = game;
        this.policyNet = policyNet;
        this.valueNet = valueNet;
        this.rlNet = rlNet;
        this.rollout = rollout;
        this.simulations = simulations;
        this.batch = batch;
        this.lambda = lambda;
        this.cPuct = cPuct;
        policyNet.eval();
        valueNet.eval();
    }

    @Override
    public Game game() {
        return game;
    }

    @Override
    public int simulations() {
        return simulations;
    }

    /** The mixing weight of rollouts in the leaf value. */
    public double lambda() {
        return lambda;
    }

    /**
     * The greedy search with {@code n} simulations: PUCT with AlphaGo's constant {@code c_puct} (AlphaZero's formula
     * with a very large {@code pb_c_base}), no noise, leaves batched {@code batch} at a time with one virtual loss.
     */
    @Override
    public Mcts.Config search(int n, long seed) {
        return new Mcts.Config(Selection.puct(1e12, cPuct, 0), n, batch, 1, 0.3, 0, 0, 0, true, seed, 1);
    }

    /** An evaluator with this policy's networks, rollouts seeded by {@code seed}. */
    public Evaluator evaluator(long seed) {
        return new AlphaGoEvaluator(game, policyNet, valueNet, rollout, lambda, batch, seed);
    }

    @Override
    public Evaluator evaluator() {
        return evaluator(0);
    }

    @Override
    public GamePlayer player(int n, long seed) {
        return new MctsPlayer(search(n, seed), g -> evaluator(seed), "alphago:" + n);
    }

    @Override
    public Object act(Object observation) {
        if (observation instanceof State state) {
            Mcts mcts = new Mcts(game, search(simulations, 0));
            mcts.search(state.copy(), evaluator());
            return mcts.chooseAction(state.moveNumber());
        }
        if (observation instanceof float[] planes) {
            int n = game.size();
            float[] logits = AlphaGoEvaluator.forward(policyNet, Tensor.of(planes, 1, Board.PLANES, n, n))
                    .policyLogits().toArray();
            int best = 0;
            for (int a = 1; a < logits.length; a++) if (logits[a] > logits[best]) best = a;
            return best;
        }
        throw new IllegalArgumentException("an AlphaGo policy acts on a Go State or a float[] of " + Board.PLANES
                + " input planes, not " + (observation == null ? "null" : observation.getClass().getSimpleName()));
    }

    @Override
    public void save(Path directory) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        AlphaZeroTower.Config t = policyNet.config();
        meta.put("game", game.id());
        meta.put("komi", Double.toString(game.komi()));
        meta.put("blocks", Integer.toString(t.blocks()));
        meta.put("channels", Integer.toString(t.channels()));
        meta.put("value_blocks", Integer.toString(valueNet.config().blocks()));
        meta.put("value_channels", Integer.toString(valueNet.config().channels()));
        meta.put("value_hidden", Integer.toString(valueNet.config().valueHidden()));
        meta.put("simulations", Integer.toString(simulations));
        meta.put("mcts_batch_size", Integer.toString(batch));
        meta.put("lambda", Double.toString(lambda));
        meta.put("c_puct", Double.toString(cPuct));
        policyNet.save(directory.resolve(POLICY_FILE), meta);
        valueNet.save(directory.resolve(VALUE_FILE), Map.of("game", game.id()));
        if (rlNet != null) rlNet.save(directory.resolve(RL_FILE), Map.of("game", game.id()));
        SafeTensors.save(directory.resolve(ROLLOUT_FILE),
                Map.of("weights", Tensor.of(rollout.weights.clone(), rollout.weights.length)), Map.of("game", game.id()));
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}; {@code games} resolves the game id. */
    public static AlphaGoPolicy load(Path directory, Function<String, Game> games) throws IOException {
        Path file = directory.resolve(POLICY_FILE);
        Map<String, String> m = SafeTensors.read(file).metadata();
        try {
            Game g = games.apply(m.get("game"));
            if (!(g instanceof GoGame go0)) throw new IllegalArgumentException(m.get("game") + " is not Go");
            GoGame go = new GoGame(go0.config().withKomi(Double.parseDouble(m.get("komi"))));
            int n = go.size();
            AlphaZeroTower policy = new AlphaZeroTower(AlphaGo.towerConfig(n, Integer.parseInt(m.get("blocks")),
                    Integer.parseInt(m.get("channels")), 1), new Rng(0));
            policy.load(file);
            AlphaZeroTower value = new AlphaZeroTower(AlphaGo.towerConfig(n, Integer.parseInt(m.get("value_blocks")),
                    Integer.parseInt(m.get("value_channels")), Integer.parseInt(m.get("value_hidden"))), new Rng(0));
            value.load(directory.resolve(VALUE_FILE));
            RolloutPolicy rollout = new RolloutPolicy(n);
            float[] w = SafeTensors.load(directory.resolve(ROLLOUT_FILE)).get("weights").toArray();
            if (w.length != rollout.weights.length) {
                throw new IllegalArgumentException("the rollout policy has " + w.length + " weights, expected "
                        + rollout.weights.length);
            }
            System.arraycopy(w, 0, rollout.weights, 0, w.length);
            return new AlphaGoPolicy(go, policy, value, null, rollout, Integer.parseInt(m.get("simulations")),
                    Integer.parseInt(m.get("mcts_batch_size")), Double.parseDouble(m.get("lambda")),
                    Double.parseDouble(m.get("c_puct")));
        } catch (RuntimeException e) {
            throw new IOException("cannot load the AlphaGo run in " + directory + ": " + e.getMessage() + " (metadata "
                    + m + ")", e);
        }
    }
}
