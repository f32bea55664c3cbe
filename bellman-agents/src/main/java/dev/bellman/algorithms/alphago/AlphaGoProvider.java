package dev.bellman.algorithms.alphago;

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
import dev.bellman.games.Games;
import dev.bellman.games.go.GoGame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers {@link AlphaGo} as {@code alphago}: trains on a Go game id ({@code Go9x9}, {@code Go{N}x{N}}) from the
 * expert SGF games of {@code --demos DIR} (the hyperparameter {@code demos}).
 */
public final class AlphaGoProvider implements GameAlgorithmProvider {
    @Override
    public String id() {
        return "alphago";
    }

    @Override
    public String description() {
        return "AlphaGo (Silver et al. 2016): SL and RL policy networks, rollout policy, value network and MCTS, on Go"
                + " from expert SGF games (--demos DIR)";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.DISCRETE);
    }

    @Override
    public boolean supportsGame(String gameId) {
        return gameId.startsWith("Go");
    }

    @Override
    public boolean supportsCheckpoints() {
        return true;
    }

    @Override
    public long defaultTotalTimesteps() {
        return 20_000;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.ofString("demos", "", "SGF file or directory of SGF files with the expert games (--demos)"),
                Hyperparameter.ofInt("blocks", 2, "residual blocks of the policy networks").atLeast(0),
                Hyperparameter.ofInt("channels", 32, "filters per convolution of the policy networks").atLeast(1),
                Hyperparameter.ofInt("value-blocks", 2, "residual blocks of the value network").atLeast(0),
                Hyperparameter.ofInt("value-channels", 32, "filters per convolution of the value network").atLeast(1),
                Hyperparameter.ofInt("value-hidden", 64, "width of the value head's hidden layer").atLeast(1),
                Hyperparameter.ofDouble("holdout", 0.1, "share of expert games held out for the accuracies").between(0, 0.99),
                Hyperparameter.ofInt("batch-size", 64, "positions per gradient step").atLeast(1),
                Hyperparameter.ofInt("sl-steps", 2000, "gradient steps of the SL policy network").atLeast(0),
                Hyperparameter.ofDouble("sl-learning-rate", 1e-3, "Adam's step size for the SL policy").positive(),
                Hyperparameter.ofDouble("weight-decay", 1e-4, "L2 regularisation (Adam weight_decay)").atLeast(0),
                Hyperparameter.ofBoolean("augment", true, "train each position under a random board symmetry"),
                Hyperparameter.ofInt("eval-interval", 250, "gradient steps between held-out measurements").atLeast(1),
                Hyperparameter.ofInt("rollout-epochs", 3, "SGD passes of the rollout policy over the expert positions")
                        .atLeast(0),
                Hyperparameter.ofDouble("rollout-learning-rate", 0.05, "SGD step of the rollout policy").positive(),
                Hyperparameter.ofDouble("rl-fraction", 0.5, "share of total-timesteps (self-play positions) for"
                        + " REINFORCE; the rest makes value-network data").between(0, 1),
                Hyperparameter.ofInt("rl-games-per-iteration", 16, "REINFORCE games per minibatch").atLeast(1),
                Hyperparameter.ofDouble("rl-learning-rate", 1e-4, "Adam's step size for the RL policy").positive(),
                Hyperparameter.ofInt("rl-pool-interval", 5, "iterations between snapshots added to the opponent pool")
                        .atLeast(1),
                Hyperparameter.ofInt("value-steps", 1000, "gradient steps of the value network").atLeast(0),
                Hyperparameter.ofDouble("value-learning-rate", 1e-3, "Adam's step size for the value network").positive(),
                Hyperparameter.ofDouble("lambda", 0.5, "rollout share of the leaf value (0: value net only, 1: rollouts"
                        + " only)").between(0, 1),
                Hyperparameter.ofInt("simulations", 200, "MCTS simulations per move of the trained program").atLeast(2),
                Hyperparameter.ofInt("mcts-batch-size", 8, "leaves per network call in the search").atLeast(1),
                Hyperparameter.ofDouble("c-puct", 5, "the search's exploration constant (the paper: 5)").positive());
    }

    /** The config a request resolves to (the same one {@link #train} runs). */
    public static AlphaGo.Config config(TrainRequest r) {
        Hyperparameters hp = r.hyperparameters();
        String demos = hp.getString("demos");
        return new AlphaGo.Config(demos.isEmpty() ? null : Path.of(demos), hp.getInt("blocks"), hp.getInt("channels"),
                hp.getInt("value-blocks"), hp.getInt("value-channels"), hp.getInt("value-hidden"), hp.getDouble("holdout"),
                hp.getInt("batch-size"), hp.getInt("sl-steps"), hp.getDouble("sl-learning-rate"),
                hp.getDouble("weight-decay"), hp.getBoolean("augment"), hp.getInt("eval-interval"),
                hp.getInt("rollout-epochs"), hp.getDouble("rollout-learning-rate"), hp.getDouble("rl-fraction"),
                hp.getInt("rl-games-per-iteration"), hp.getDouble("rl-learning-rate"), hp.getInt("rl-pool-interval"),
                hp.getInt("value-steps"), hp.getDouble("value-learning-rate"), hp.getDouble("lambda"),
                hp.getInt("simulations"), hp.getInt("mcts-batch-size"), hp.getDouble("c-puct"), r.totalTimesteps(),
                r.seed());
    }

    private static GoGame game(TrainRequest r) {
        if (!(Games.make(r.envId()) instanceof GoGame g)) {
            throw new IllegalArgumentException("alphago plays Go (Go9x9, Go{N}x{N}), not " + r.envId());
        }
        return g;
    }

    /**
     * Builds the config (every check), checks the game is Go and that {@code demos} exists, and sizes the three networks
     * with their gradients and Adam's moments, the opponent pool, and the value positions.
     */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        AlphaGo.Config c = config(request);
        GoGame game = game(request);
        if (!java.nio.file.Files.exists(c.demos())) {
            throw new IllegalArgumentException("demos " + c.demos() + " does not exist: expected an SGF file or a"
                    + " directory of them (write some with 'bellman go-records --out " + c.demos() + "')");
        }
        int n = game.size();
        long policy = new dev.bellman.nn.AlphaZeroTower(AlphaGo.towerConfig(n, c.blocks(), c.channels(), 1),
                new dev.bellman.nn.Rng(0)).numParameters();
        long value = new dev.bellman.nn.AlphaZeroTower(AlphaGo.towerConfig(n, c.valueBlocks(), c.valueChannels(),
                c.valueHidden()), new dev.bellman.nn.Rng(0)).numParameters();
        long rlIterations = Math.round(c.rlFraction() * c.totalPositions()) / c.rlGamesPerIteration() + 1;
        long valueGames = Math.round((1 - c.rlFraction()) * c.totalPositions()) / 2 + 1;
        return MemoryEstimate.builder()
                .floats("SL and RL policy networks (" + policy + " parameters each), gradients and Adam's moments (8 copies)",
                        8 * policy)
                .floats("opponent pool of RL snapshots (at most " + (rlIterations / c.rlPoolInterval() + 1) + ")",
                        (rlIterations / c.rlPoolInterval() + 1) * policy)
                .floats("value network (" + value + " parameters), gradients and Adam's moments (4 copies)", 4 * value)
                .bytes("value positions (at most one per game, " + valueGames + " games)", valueGames * (n * n + 32L))
                .build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return AlphaGo.train(game(request), config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return AlphaGoPolicy.load(directory, Games::make);
    }
}
