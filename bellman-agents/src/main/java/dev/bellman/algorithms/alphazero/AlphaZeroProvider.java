package dev.bellman.algorithms.alphazero;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.GameAlgorithmProvider;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.games.Game;
import dev.bellman.games.Games;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Registers {@link AlphaZero} as {@code alphazero}: trains on a game id (TicTacToe, ConnectFour) given as the env. */
public final class AlphaZeroProvider implements GameAlgorithmProvider {
    @Override
    public String id() {
        return "alphazero";
    }

    @Override
    public String description() {
        return "AlphaZero (Silver et al. 2018): MCTS self-play with a residual policy-value net, on two-player games";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.DISCRETE);
    }

    @Override
    public long defaultTotalTimesteps() {
        return 20_000;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.ofInt("blocks", 2, "residual blocks of the AlphaZero tower").atLeast(0),
                Hyperparameter.ofInt("channels", 32, "filters per convolution of the tower").atLeast(1),
                Hyperparameter.ofInt("value-hidden", 64, "width of the value head's hidden layer").atLeast(1),
                Hyperparameter.ofInt("simulations", 50, "MCTS simulations per self-play move").atLeast(2),
                Hyperparameter.ofInt("mcts-batch-size", 8, "leaves per game collected for one network call").atLeast(1),
                Hyperparameter.ofInt("virtual-loss", 1, "virtual losses per pending search path").atLeast(0),
                Hyperparameter.ofInt("parallel-games", 8, "self-play games run together (their leaves share network calls)")
                        .atLeast(1),
                Hyperparameter.ofInt("games-per-iteration", 32, "self-play games between training phases").atLeast(1),
                Hyperparameter.ofDouble("pb-c-base", 19652, "PUCT pb_c_base (AlphaZero pseudocode)").positive(),
                Hyperparameter.ofDouble("pb-c-init", 1.25, "PUCT pb_c_init (AlphaZero pseudocode)").atLeast(0),
                Hyperparameter.ofDouble("dirichlet-alpha", 0.3, "concentration of the root Dirichlet noise").positive(),
                Hyperparameter.ofDouble("dirichlet-fraction", 0.25, "share of the root prior replaced by noise").between(0, 1),
                Hyperparameter.ofInt("temperature-moves", 3, "self-play moves sampled at temperature 1, then greedy")
                        .atLeast(0),
                Hyperparameter.ofInt("replay-size", 20_000, "positions kept for training").atLeast(1),
                Hyperparameter.ofInt("batch-size", 64, "positions per gradient step").atLeast(1),
                Hyperparameter.ofInt("train-steps", 50, "gradient steps per iteration").atLeast(0),
                Hyperparameter.ofDouble("learning-rate", 1e-3, "Adam's step size").positive(),
                Hyperparameter.ofDouble("weight-decay", 1e-4, "L2 regularisation (Adam weight_decay)").atLeast(0),
                Hyperparameter.ofBoolean("anneal-lr", false, "anneal the learning rate linearly to 0 over the budget"),
                Hyperparameter.ofBoolean("augment", true, "train each sample under a random board symmetry"),
                Hyperparameter.ofBoolean("gating", false, "replace the self-play network only when the new one wins a match"),
                Hyperparameter.ofInt("gating-games", 20, "games per gating match").atLeast(1),
                Hyperparameter.ofDouble("gating-threshold", 0.55, "score (wins + draws/2) a new network needs").between(0, 1),
                Hyperparameter.ofInt("eval-interval", 5, "iterations between evaluation matches (0: none)").atLeast(0),
                Hyperparameter.ofInt("eval-games", 20, "games against each evaluation opponent").atLeast(0),
                Hyperparameter.ofInt("eval-simulations", 100, "simulations of the network's search in evaluation and gating")
                        .atLeast(2),
                Hyperparameter.ofInt("eval-mcts-simulations", 200, "simulations of the pure UCT evaluation opponent")
                        .atLeast(2),
                Hyperparameter.ofInt("solver-eval-positions", 0, "ConnectFour: solver-scored positions whose move accuracy"
                        + " is measured at every evaluation (0: none)").atLeast(0),
                Hyperparameter.ofInt("solver-eval-simulations", 0, "simulations of the search measured on those positions"
                        + " (0: the raw policy only)").atLeast(0),
                Hyperparameter.ofDouble("discount", 1.0, "factor per ply of the value target and the search's backup"
                        + " (1: undiscounted outcome; below 1 prefers faster wins and slower losses)")
                        .withRange(new Hyperparameter.Range(0, false, 1, true)),
                Hyperparameter.ofDouble("q-weight", 0.0, "weight of the self-play search's root value q in the value"
                        + " target (1 - q-weight) z + q-weight q (0: the outcome z alone)").between(0, 1),
                Hyperparameter.ofInt("snapshot-interval", 0, "iterations between snapshots of the playing network in"
                        + " RUN_DIR/snapshots/step-N, players for arena and ladder (0: none)").atLeast(0));
    }

    /** The config a request resolves to (the same one {@link #train} runs). */
    public static AlphaZero.Config config(TrainRequest r) {
        Hyperparameters hp = r.hyperparameters();
        return new AlphaZero.Config(hp.getInt("blocks"), hp.getInt("channels"), hp.getInt("value-hidden"),
                hp.getInt("simulations"), hp.getInt("mcts-batch-size"), hp.getInt("virtual-loss"),
                hp.getInt("parallel-games"), hp.getInt("games-per-iteration"), hp.getDouble("pb-c-base"),
                hp.getDouble("pb-c-init"), hp.getDouble("dirichlet-alpha"), hp.getDouble("dirichlet-fraction"),
                hp.getInt("temperature-moves"), hp.getInt("replay-size"), hp.getInt("batch-size"), hp.getInt("train-steps"),
                hp.getDouble("learning-rate"), hp.getDouble("weight-decay"), hp.getBoolean("anneal-lr"),
                hp.getBoolean("augment"),
                hp.getBoolean("gating"), hp.getInt("gating-games"), hp.getDouble("gating-threshold"),
                hp.getInt("eval-interval"), hp.getInt("eval-games"), hp.getInt("eval-simulations"),
                hp.getInt("eval-mcts-simulations"), hp.getInt("solver-eval-positions"),
                hp.getInt("solver-eval-simulations"), hp.getDouble("discount"), hp.getDouble("q-weight"),
                hp.getInt("snapshot-interval"), r.totalTimesteps(), r.seed());
    }

    /** Builds the config (every check), resolves the game, and sizes the replay and the networks with Adam's moments. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        AlphaZero.Config c = config(request);
        Game game = Games.make(request.envId());
        AlphaZero.solverSet(game, c); // solver-eval-positions: only on ConnectFour, at most the built-in set
        long obs = game.observationSize(), actions = game.numDistinctActions();
        long params = new dev.bellman.nn.AlphaZeroTower(c.tower(game), new dev.bellman.nn.Rng(0)).numParameters();
        return MemoryEstimate.builder()
                .floats("AlphaZero tower (" + params + " parameters), its gradients, Adam's two moments and the best"
                        + " network kept for gating (5 copies)", 5 * params)
                .floats("replay (replay-size " + c.replaySize() + " x (observation " + obs + " + policy " + actions + " + 1))",
                        c.replaySize() * (obs + actions + 1))
                .build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return AlphaZero.train(Games.make(request.envId()), config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return AlphaZeroPolicy.load(directory, Games::make);
    }
}
