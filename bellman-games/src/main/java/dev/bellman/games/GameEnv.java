package dev.bellman.games;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A {@link Game} against a fixed opponent, as a single-agent {@link Env}: the agent plays one side, the opponent's
 * moves happen inside {@link #reset} and {@link #step}, so that any single-agent algorithm can learn to beat a fixed
 * player.
 *
 * <h2>Description</h2>
 * Each episode is one game from the empty board. The agent plays {@link Side#FIRST}, {@link Side#SECOND}, or, with
 * {@link Side#ALTERNATE}, the first player in episodes started with an even seed and the second with an odd one
 * (an unseeded reset switches sides from the episode before; the first unseeded episode uses the seed given at
 * construction). When the opponent moves first, it moves inside {@code reset}. The opponent is told every move
 * ({@link GamePlayer#observeMove}), its own and the agent's, and {@link GamePlayer#newGame} at each reset.
 *
 * <h2>Action space</h2> {@code Discrete(game.numDistinctActions())}: the game's action ids. Only the legal ones may be
 * played: {@code info.get("action_mask")} (a {@code byte[]}, 1 where legal, the convention of Gymnasium's Taxi) marks
 * them in the info of every reset and step. <b>An illegal action throws {@link IllegalArgumentException}</b> naming
 * it, the position and the legal actions, and leaves the game unchanged; it is a bug in the agent (mask its policy),
 * not a move the environment punishes.
 *
 * <h2>Observation space</h2> {@code Box(0, 1, game.observationShape())}: {@link State#observation} from the agent's
 * point of view while the game goes on. The final observation of an episode is the terminal board as
 * {@link State#observation} gives it there (from the point of view of the player who would move next).
 *
 * <h2>Rewards</h2> at the end of the game, +1 when the agent won, -1 when it lost, 0 for a draw; 0 on other steps.
 *
 * <h2>Starting state</h2> the empty board, after the opponent's first move when the agent plays second.
 *
 * <h2>Episode end</h2> {@code terminated} when the game is over; never truncated (games are at most
 * {@link Game#maxGameLength()} moves long).
 *
 * <h2>Arguments</h2> the game, the opponent, the side, and the seed for {@link Side#ALTERNATE}.
 *
 * <h2>Seeding</h2> a fixed {@link GamePlayer} opponent is not reseeded by {@code reset(seed)}: its own generator runs
 * on across episodes, so the same seeds give the same episodes from construction on, but {@code reset(7)} twice on one
 * instance replays only against a deterministic opponent. Pass an opponent factory ({@code seed -> new
 * RandomPlayer(seed)}) to have every seeded reset replay exactly. Because illegal actions throw, Gymnasium-style
 * checkers that step with unmasked random actions do not apply.
 *
 * <h2>Version history</h2> v0: first version. Not in the {@code Envs} registry (game ids name games there); build it
 * with {@link #make(String, GamePlayer, long)}.
 */
public final class GameEnv implements Env<float[], Integer> {

    /** Which side the agent plays. */
    public enum Side {
        /** Always the first player (player 0). */
        FIRST,
        /** Always the second player (player 1). */
        SECOND,
        /** The first player after an even reset seed, the second after an odd one; unseeded resets switch sides. */
        ALTERNATE
    }

    private final Game game;
    private final LongFunction<? extends GamePlayer> opponents;
    private GamePlayer opponent;
    private final Side side;
    private final Box observationSpace;
    private final Discrete actionSpace;
    private State state;
    private int agent = -1;
    private long nextSeedForSide;
    private boolean over;

    /**
     * The environment for {@code game} against {@code opponent}, the agent on {@code side}; {@code seed} picks the
     * agent's side in unseeded episodes of {@link Side#ALTERNATE} (ignored otherwise).
     */
    public GameEnv(Game game, GamePlayer opponent, Side side, long seed) {
        this(game, fixed(opponent), side, seed);
    }

    /**
     * The environment for {@code game} against an opponent built by {@code opponents} from the reset seed at every
     * seeded reset (and from {@code seed} at a first, unseeded one), so that {@code reset(s)} replays the same episode
     * even against a randomized opponent, as Gymnasium's contract asks; unseeded resets keep the current opponent.
     */
    public GameEnv(Game game, LongFunction<? extends GamePlayer> opponents, Side side, long seed) {
        if (game == null) throw new IllegalArgumentException("game must not be null");
        if (opponents == null) throw new IllegalArgumentException("opponent must not be null");
        if (side == null) throw new IllegalArgumentException("side must not be null");
        this.game = game;
        this.opponents = opponents;
        this.side = side;
        this.nextSeedForSide = seed;
        this.observationSpace = new Box(0f, 1f, game.observationShape());
        this.actionSpace = new Discrete(game.numDistinctActions());
    }

    /**
     * The registered game {@code gameId} against {@code opponent}, the agent alternating sides as
     * {@link Side#ALTERNATE} with {@code seed}. Throws {@link IllegalArgumentException} naming the closest game ids for
     * an unknown id.
     */
    public static GameEnv make(String gameId, GamePlayer opponent, long seed) {
        return new GameEnv(Games.make(gameId), opponent, Side.ALTERNATE, seed);
    }

    /** Like {@link #make(String, GamePlayer, long)}, the opponent rebuilt from each reset seed (see the constructor). */
    public static GameEnv make(String gameId, LongFunction<? extends GamePlayer> opponents, long seed) {
        return new GameEnv(Games.make(gameId), opponents, Side.ALTERNATE, seed);
    }

    private static LongFunction<GamePlayer> fixed(GamePlayer opponent) {
        if (opponent == null) throw new IllegalArgumentException("opponent must not be null");
        return seed -> opponent;
    }

    /** The game being played. */
    public Game game() {
        return game;
    }

    /** The agent's player number in the current episode (0 or 1); -1 before the first reset. */
    public int agentPlayer() {
        return agent;
    }

    /** A copy of the current position (null before the first reset). */
    public State state() {
        return state == null ? null : state.copy();
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        if (seed != null || opponent == null) {
            opponent = opponents.apply(seed != null ? seed : nextSeedForSide);
            if (opponent == null) throw new IllegalStateException("the opponent factory returned null");
        }
        agent = switch (side) {
            case FIRST -> 0;
            case SECOND -> 1;
            case ALTERNATE -> {
                long s = seed != null ? seed : nextSeedForSide;
                nextSeedForSide = s + 1;
                yield (int) (s & 1);
            }
        };
        state = game.newInitialState();
        over = false;
        opponent.newGame(game);
        if (state.currentPlayer() != agent) opponentMove();
        return new Reset<>(observation(), Map.of("action_mask", mask(), "agent_player", agent));
    }

    @Override
    public Step<float[]> step(Integer action) {
        if (state == null) throw new IllegalStateException("step() before reset()");
        if (over) throw new IllegalStateException("step() after the game ended; call reset() first");
        if (action == null || !state.isLegal(action)) {
            throw new IllegalArgumentException("illegal action " + action + " in " + game.id() + " at position '"
                    + state.serialize() + "'; legal actions: " + Arrays.toString(state.legalActions())
                    + " (info's action_mask marks them)");
        }
        State before = state.copy();
        state.apply(action);
        opponent.observeMove(before, action);
        if (!state.isTerminal()) opponentMove();
        double reward = 0;
        if (state.isTerminal()) {
            over = true;
            reward = state.returnFor(agent);
        }
        return new Step<>(observation(), reward, over, false, Map.of("action_mask", mask(), "agent_player", agent));
    }

    private void opponentMove() {
        State view = state.copy();
        int move = opponent.chooseAction(view);
        if (!state.isLegal(move)) {
            throw new IllegalStateException("opponent " + opponent.name() + " chose illegal action " + move + " in "
                    + game.id() + " at position '" + state.serialize() + "'");
        }
        State before = state.copy();
        state.apply(move);
        opponent.observeMove(before, move);
    }

    private float[] observation() {
        float[] out = new float[game.observationSize()];
        state.observation(out);
        return out;
    }

    private byte[] mask() {
        boolean[] legal = new boolean[game.numDistinctActions()];
        state.legalActionsMask(legal);
        byte[] out = new byte[legal.length];
        for (int i = 0; i < legal.length; i++) out[i] = (byte) (legal[i] ? 1 : 0);
        return out;
    }

    @Override
    public Space<float[]> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "GameEnv(" + game.id() + " vs " + (opponent == null ? "?" : opponent.name()) + ", agent " + side + ")";
    }
}
