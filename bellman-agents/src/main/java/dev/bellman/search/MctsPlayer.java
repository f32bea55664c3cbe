package dev.bellman.search;

import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;

import java.util.function.Function;

/**
 * A {@link GamePlayer} that searches with an {@link Mcts} before every move and reuses its tree across moves (the
 * tree follows every move it is told of).
 */
public final class MctsPlayer implements GamePlayer {
    private final Mcts.Config config;
    private final Function<Game, Evaluator> evaluators;
    private final String name;
    private Game game;
    private Mcts mcts;
    private Evaluator evaluator;

    /**
     * @param evaluators makes the evaluator for a game (called once per game kind)
     * @param name the description for match reports, e.g. {@code "mcts:800"}
     */
    public MctsPlayer(Mcts.Config config, Function<Game, Evaluator> evaluators, String name) {
        this.config = config;
        this.evaluators = evaluators;
        this.name = name;
    }

    /** Pure UCT with one random rollout per leaf and exploration constant {@code c}: {@code "mcts:N"}. */
    public static MctsPlayer uct(int simulations, double c, long seed) {
        Mcts.Config cfg = Mcts.Config.greedy(Selection.uct(c), simulations, seed);
        return new MctsPlayer(cfg, g -> new RolloutEvaluator(g, 1, 1, seed ^ 0x9E3779B97F4A7C15L), "mcts:" + simulations);
    }

    @Override
    public void newGame(Game g) {
        if (game != g) {
            game = g;
            evaluator = evaluators.apply(g);
            mcts = new Mcts(g, config);
        }
        mcts.reset();
    }

    @Override
    public int chooseAction(State state) {
        if (mcts == null || game != state.game()) newGame(state.game());
        State s = state.copy();
        mcts.search(s, evaluator);
        return mcts.chooseAction(state.moveNumber());
    }

    @Override
    public void observeMove(State before, int action) {
        if (mcts != null) mcts.advance(action);
    }

    /** The search of the last move (visit counts, value). */
    public Mcts mcts() {
        return mcts;
    }

    @Override
    public String name() {
        return name;
    }
}
