package dev.bellman.algorithms.muzero;

import dev.bellman.core.Policy;
import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.search.LatentTree;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The greedy player of a {@link MuZeroGame} run: {@link #act} takes a game {@link State} and returns the most visited
 * legal move (lowest on ties) of a noise-free two-player latent search of the training's number of simulations from
 * {@code h(o)}. Saved as {@link MuZeroPolicy#FILE} with the game's id in the metadata (besides the network sizes and
 * search settings {@link MuZeroPolicy} records).
 */
public final class MuZeroGamePolicy implements Policy {
    private final Game game;
    private final MuZero.Networks net;
    private final LatentTree tree;
    private final MuZero.Inference inference;
    private final int[] visits;
    private final boolean[] legal;
    private final float[] observation;

    MuZeroGamePolicy(Game game, MuZero.Networks net) {
        MuZero.Architecture a = net.arch;
        if (a.obsSize() != game.observationSize() || a.numActions() != game.numDistinctActions()) {
            throw new IllegalArgumentException("a MuZero network for " + a.obsSize() + " observations and " + a.numActions()
                    + " actions does not fit " + game.id() + " (" + game.observationSize() + " and "
                    + game.numDistinctActions() + ")");
        }
        this.game = game;
        this.net = net;
        this.tree = new LatentTree(a.numActions(), a.latentSize(), a.simulations(), a.pbCBase(), a.pbCInit(), a.discount(), true);
        tree.setKnownBounds(-1, 1);
        this.inference = new MuZero.Inference(net);
        this.visits = new int[a.numActions()];
        this.legal = new boolean[a.numActions()];
        this.observation = new float[a.obsSize()];
    }

    public Game game() {
        return game;
    }

    /** The simulations of each search (the training's). */
    public int simulations() {
        return net.arch.simulations();
    }

    /** The most visited legal move of a noise-free search from {@code state} (left unchanged). */
    public int move(State state) {
        if (state.isTerminal()) throw new IllegalArgumentException("the game is over:\n" + state);
        state.observation(observation);
        state.legalActionsMask(legal);
        MuZero.search(tree, inference, observation, legal, net.arch.simulations(), 1, 0, new Rng(0));
        tree.rootVisits(visits);
        return MuZero.argmax(visits);
    }

    /** The root value of the last {@link #move} search, from the view of the player who was to move. */
    public double lastRootValue() {
        return tree.rootValue();
    }

    /** This policy as a match player. */
    public GamePlayer player() {
        return new GamePlayer() {
            @Override
            public int chooseAction(State state) {
                return move(state);
            }

            @Override
            public String name() {
                return "muzero:" + simulations();
            }
        };
    }

    @Override
    public Object act(Object observation) {
        if (observation instanceof State state) return move(state);
        throw new IllegalArgumentException("a MuZero policy for " + game.id() + " acts on a game State, not "
                + (observation == null ? "null" : observation.getClass().getSimpleName()));
    }

    @Override
    public void save(Path directory) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(MuZeroPolicy.metadata(net.arch));
        meta.put("game", game.id());
        net.save(directory.resolve(MuZeroPolicy.FILE), meta);
    }

    /** Restores a policy that {@link #save} wrote into {@code directory}; {@code games} resolves the game id. */
    public static MuZeroGamePolicy load(Path directory, Function<String, Game> games) throws IOException {
        Path file = directory.resolve(MuZeroPolicy.FILE);
        String id = SafeTensors.read(file).metadata().get("game");
        if (id == null) throw new IOException(file + " was written by a MuZero run on an env, not on a game");
        Game game;
        try {
            game = games.apply(id);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot load " + file + ": " + e.getMessage(), e);
        }
        return new MuZeroGamePolicy(game, MuZeroPolicy.load(directory).networks());
    }
}
