package dev.bellman.algorithms.alphazero;

import dev.bellman.core.Policy;
import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.search.Mcts;
import dev.bellman.search.Selection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A trained AlphaZero network with its search settings: {@link #act} takes a game {@link State} and returns the move of
 * a greedy PUCT search of {@link #simulations()} simulations (or, given a raw observation {@code float[]}, the arg max
 * of the network's policy over all actions). Saved as {@value #FILE}, the tower's state dict with the game, the tower
 * sizes and the search settings in its metadata.
 */
public final class AlphaZeroPolicy implements Policy, dev.bellman.search.SearchPolicy {
    /** The file {@link #save} writes. */
    public static final String FILE = "alphazero.safetensors";

    private final Game game;
    private final AlphaZeroTower tower;
    private final int simulations, batch, virtualLoss;
    private final double pbCBase, pbCInit, discount;

    AlphaZeroPolicy(Game game, AlphaZeroTower tower, int simulations, int batch, int virtualLoss, double pbCBase,
                    double pbCInit, double discount) {
        this.game = game;
        this.tower = tower;
        this.simulations = simulations;
        this.batch = batch;
        this.virtualLoss = virtualLoss;
        this.pbCBase = pbCBase;
        this.pbCInit = pbCInit;
        this.discount = discount;
        tower.eval();
    }

    public Game game() {
        return game;
    }

    public AlphaZeroTower tower() {
        return tower;
    }

    public int simulations() {
        return simulations;
    }

    /** The greedy, noiseless search this policy plays with, with {@code n} simulations. */
    public Mcts.Config search(int n, long seed) {
        return new Mcts.Config(Selection.puct(pbCBase, pbCInit, 0), n, batch, virtualLoss, 0.3, 0, 0, 0, true, seed,
                discount);
    }

    /** A network evaluator for searches with this policy's tower. */
    public NetEvaluator evaluator() {
        return new NetEvaluator(game, tower, batch);
    }

    /** A player searching with {@code n} simulations per move. */
    public GamePlayer player(int n, long seed) {
        return new dev.bellman.search.MctsPlayer(search(n, seed), g -> evaluator(), "alphazero:" + n);
    }

    @Override
    public Object act(Object observation) {
        if (observation instanceof State state) {
            Mcts mcts = new Mcts(game, search(simulations, 0));
            mcts.search(state.copy(), evaluator());
            return mcts.chooseAction(state.moveNumber());
        }
        if (observation instanceof float[] obs) {
            float[] priors = new float[game.numDistinctActions()];
            new NetEvaluator(game, tower, 1).evaluateObservation(obs, priors, new float[1]);
            int best = 0;
            for (int a = 1; a < priors.length; a++) if (priors[a] > priors[best]) best = a;
            return best;
        }
        throw new IllegalArgumentException("an AlphaZero policy acts on a game State or a float[] observation, not "
                + (observation == null ? "null" : observation.getClass().getSimpleName()));
    }

    @Override
    public void save(Path directory) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        AlphaZeroTower.Config t = tower.config();
        meta.put("game", game.id());
        meta.put("planes", Integer.toString(t.planes()));
        meta.put("board", Integer.toString(t.boardSize()));
        meta.put("blocks", Integer.toString(t.blocks()));
        meta.put("channels", Integer.toString(t.channels()));
        meta.put("actions", Integer.toString(t.actions()));
        meta.put("value_hidden", Integer.toString(t.valueHidden()));
        meta.put("simulations", Integer.toString(simulations));
        meta.put("mcts_batch_size", Integer.toString(batch));
        meta.put("virtual_loss", Integer.toString(virtualLoss));
        meta.put("pb_c_base", Double.toString(pbCBase));
        meta.put("pb_c_init", Double.toString(pbCInit));
        meta.put("discount", Double.toString(discount));
        tower.save(directory.resolve(FILE), meta);
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}; {@code games} resolves the game id. */
    public static AlphaZeroPolicy load(Path directory, Function<String, Game> games) throws IOException {
        Path file = directory.resolve(FILE);
        Map<String, String> m = SafeTensors.read(file).metadata();
        try {
            Game game = games.apply(m.get("game"));
            AlphaZeroTower.Config t = new AlphaZeroTower.Config(Integer.parseInt(m.get("planes")),
                    Integer.parseInt(m.get("board")), Integer.parseInt(m.get("blocks")), Integer.parseInt(m.get("channels")),
                    Integer.parseInt(m.get("actions")), Integer.parseInt(m.get("value_hidden")));
            AlphaZeroTower tower = new AlphaZeroTower(t, new Rng(0));
            tower.load(file);
            return new AlphaZeroPolicy(game, tower, Integer.parseInt(m.get("simulations")),
                    Integer.parseInt(m.get("mcts_batch_size")), Integer.parseInt(m.get("virtual_loss")),
                    Double.parseDouble(m.get("pb_c_base")), Double.parseDouble(m.get("pb_c_init")),
                    Double.parseDouble(m.getOrDefault("discount", "1.0"))); // networks saved before the discount: 1
        } catch (RuntimeException e) {
            throw new IOException("cannot load " + file + ": its metadata " + m + " does not describe an AlphaZero network ("
                    + e.getMessage() + ")", e);
        }
    }
}
