package dev.bellman.algorithms.muzero;

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
import dev.bellman.env.Envs;
import dev.bellman.games.Game;
import dev.bellman.games.Games;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers MuZero as {@code muzero}: on single-agent envs with Box or uint8 image (MinAtar) observations and Discrete
 * actions ({@link MuZero})
 * and on the two-player games of {@code bellman-games} ({@link MuZeroGame}), a game id given as the env meaning the
 * game.
 */
public final class MuZeroProvider implements GameAlgorithmProvider {
    @Override
    public String id() {
        return "muzero";
    }

    @Override
    public String description() {
        return "MuZero (Schrittwieser et al. 2020): MCTS in a learned latent model, K-step unrolled training";
    }

    /** Envs too, besides games. */
    @Override
    public boolean trainsOnEnvs() {
        return true;
    }

    /** Whether {@code id} (an env id or a game id) names a game: then {@link #train} runs {@link MuZeroGame}. */
    static boolean isGame(String id) {
        return Games.exists(id);
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.DISCRETE);
    }

    @Override
    public long defaultTotalTimesteps() {
        return 100_000;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.ofInt("hidden-size", 64, "width of the hidden layer of each of the five networks").atLeast(1),
                Hyperparameter.ofInt("latent-size", 16, "size of the latent state").atLeast(1),
                Hyperparameter.ofInt("support-size", 20, "S of the value head's support -S..S (2S + 1 atoms)").atLeast(1),
                Hyperparameter.ofInt("reward-support-size", 5, "S of the reward head's support").atLeast(1),
                Hyperparameter.ofInt("simulations", 25, "search simulations per env step").atLeast(1),
                Hyperparameter.ofInt("unroll-steps", 5, "K, model steps unrolled in training").atLeast(1),
                Hyperparameter.ofInt("td-steps", 50, "n of the n-step value target").atLeast(1),
                Hyperparameter.ofDouble("discount", 0.997, "the discount factor gamma").between(0, 1),
                Hyperparameter.ofDouble("pb-c-base", 19652, "pUCT c2 (MuZero pseudocode)").positive(),
                Hyperparameter.ofDouble("pb-c-init", 1.25, "pUCT c1 (MuZero pseudocode)").atLeast(0),
                Hyperparameter.ofDouble("dirichlet-alpha", 0.25, "concentration of the root Dirichlet noise").positive(),
                Hyperparameter.ofDouble("dirichlet-fraction", 0.25, "share of the root prior replaced by noise").between(0, 1),
                Hyperparameter.ofInt("replay-size", 100_000, "positions kept for training").atLeast(1),
                Hyperparameter.ofInt("batch-size", 128, "positions per gradient step").atLeast(1),
                Hyperparameter.ofLong("learning-starts", 1000, "env steps before the first gradient step").atLeast(0),
                Hyperparameter.ofInt("train-frequency", 10, "env steps between training phases").atLeast(1),
                Hyperparameter.ofInt("gradient-steps", 1, "Adam steps per training phase").atLeast(0),
                Hyperparameter.ofDouble("learning-rate", 0.005, "Adam's step size").positive(),
                Hyperparameter.ofDouble("weight-decay", 1e-4, "L2 regularisation (Adam weight_decay)").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", 5, "gradient norm clipping threshold (0 = off)").atLeast(0),
                Hyperparameter.ofDouble("value-loss-weight", 1.0, "c_v, weight of the value loss").atLeast(0),
                Hyperparameter.ofDouble("priority-alpha", 0.5, "prioritised replay exponent alpha (0 = uniform)").between(0, 1),
                Hyperparameter.ofDouble("priority-beta", 1.0, "importance-sampling exponent beta").between(0, 1),
                Hyperparameter.ofDouble("reanalyse-fraction", 0, "share of each batch whose policy and bootstrap value"
                        + " targets a fresh search with the current network recomputes (MuZero Reanalyze; 0 = off)").between(0, 1),
                Hyperparameter.ofInt("temperature-moves", 3, "two-player games only: self-play moves sampled from the visit"
                        + " counts at temperature 1, then the most visited").atLeast(0),
                Hyperparameter.ofBoolean("augment", true, "two-player games only: train each sample under a random board"
                        + " symmetry"),
                Hyperparameter.ofBoolean("anneal-lr", false, "two-player games only: anneal the learning rate linearly to 0"
                        + " over the budget"));
    }

    /** The config a request resolves to (the same one {@link #train} runs). */
    public static MuZero.Config config(TrainRequest r) {
        Hyperparameters hp = r.hyperparameters();
        return new MuZero.Config(r.totalTimesteps(), hp.getInt("hidden-size"), hp.getInt("latent-size"),
                hp.getInt("support-size"), hp.getInt("reward-support-size"), hp.getInt("simulations"),
                hp.getInt("unroll-steps"), hp.getInt("td-steps"), hp.getDouble("discount"), hp.getDouble("pb-c-base"),
                hp.getDouble("pb-c-init"), hp.getDouble("dirichlet-alpha"), hp.getDouble("dirichlet-fraction"),
                hp.getInt("replay-size"), hp.getInt("batch-size"), hp.getLong("learning-starts"),
                hp.getInt("train-frequency"), hp.getInt("gradient-steps"), hp.getDouble("learning-rate"),
                hp.getDouble("weight-decay"), hp.getDouble("max-grad-norm"), hp.getDouble("value-loss-weight"),
                hp.getDouble("priority-alpha"), hp.getDouble("priority-beta"), hp.getDouble("reanalyse-fraction"), r.seed());
    }

    /** Builds the config (every check) and sizes the replay, the search tree and the networks with Adam's moments. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        MuZero.Config c = config(request);
        long obs, actions;
        int[] chw = null;
        if (env == null || isGame(request.envId())) {
            Game game = Games.make(request.envId());
            obs = game.observationSize();
            actions = game.numDistinctActions();
        } else {
            obs = env.observationSpace().flatDim();
            actions = env.actionSpace() instanceof dev.bellman.env.Discrete d ? d.n() : 1;
            chw = MuZero.imageShape(env.observationSpace());
        }
        long in = c.latentSize() + actions, h = c.hiddenSize();
        long representation = chw == null ? (obs + 1) * h + (h + 1) * c.latentSize()
                // the MinAtar torso (3x3 convolution of 16 filters, fully connected 128) and a linear layer to the latent
                : (chw[0] * 9L + 1) * 16 + (16L * (chw[1] - 2) * (chw[2] - 2) + 1) * 128 + 129L * c.latentSize();
        long params = representation + (in + 1) * h + (h + 1) * c.latentSize()
                + (in + 1) * h + (h + 1) * (2L * c.rewardSupportSize() + 1) + (c.latentSize() + 1) * h + (h + 1) * actions
                + (c.latentSize() + 1) * h + (h + 1) * (2L * c.supportSize() + 1);
        return MemoryEstimate.builder()
                .floats("MuZero networks (" + params + " parameters), gradients and Adam's two moments (4 copies)", 4 * params)
                .floats("replay (replay-size " + c.replaySize() + " x (observation " + obs + " + policy " + actions + " + 6))",
                        c.replaySize() * (obs + actions + 6))
                .floats("search tree latents ((simulations + 1) x actions x latent-size)",
                        (c.simulations() + 2L) * actions * c.latentSize())
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        MuZero.Config c = config(request);
        if (isGame(request.envId())) {
            return MuZeroGame.train(Games.make(request.envId()), c, request.hyperparameters().getInt("temperature-moves"),
                    request.hyperparameters().getBoolean("augment"), request.hyperparameters().getBoolean("anneal-lr"),
                    sink, checkpoints);
        }
        try (Env<Object, Object> env = request.envKwargs().isEmpty()
                ? Envs.make(request.envId()) : Envs.make(request.envId(), request.envKwargs())) {
            return MuZero.train(env, c, sink, checkpoints);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        if (dev.bellman.nn.SafeTensors.read(directory.resolve(MuZeroPolicy.FILE)).metadata().containsKey("game")) {
            return MuZeroGamePolicy.load(directory, Games::make);
        }
        return MuZeroPolicy.load(directory);
    }
}
