package dev.bellman.cli;

import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;

/**
 * A Go engine reached over GTP ({@link GtpClient}) as a {@link GamePlayer}: {@code boardsize}, {@code clear_board} and
 * {@code komi} at each new game, {@code genmove} for its own moves, {@code play} for every other move it is told of.
 * {@code resign} becomes {@link GamePlayer#RESIGN}. A move that Bellman's rules refuse (GNU Go knows only simple ko,
 * so it may repeat a position that positional superko forbids) is taken back ({@code undo}) and played as a pass;
 * {@link #replacedMoves()} counts them.
 */
final class GtpPlayer implements GamePlayer, AutoCloseable {
    private final String commandLine;
    private final String name;
    private GtpClient client;
    private int ownMove = Integer.MIN_VALUE;
    private int replaced;

    GtpPlayer(String commandLine, String name) {
        this.commandLine = commandLine;
        this.name = name;
    }

    private GtpClient client() {
        if (client == null) client = new GtpClient(commandLine);
        return client;
    }

    @Override
    public void newGame(Game game) {
        if (!(game instanceof GoGame g)) {
            throw new UserError("player '" + name + "' is a GTP engine and plays Go only, but the game is " + game.id()
                    + ".");
        }
        try {
            client().send("boardsize " + g.size());
            client().send("clear_board");
            client().send("komi " + g.komi());
        } catch (GtpClient.Failure e) {
            throw new UserError("the GTP engine '" + commandLine + "' refused a " + g.id() + " game: " + e.getMessage());
        }
        ownMove = Integer.MIN_VALUE;
    }

    @Override
    public int chooseAction(State state) {
        GoState s = (GoState) state;
        String colour = s.mover() == 0 ? "black" : "white";
        String r;
        try {
            r = client().send("genmove " + colour);
        } catch (GtpClient.Failure e) {
            throw new UserError("the GTP engine '" + commandLine + "' failed 'genmove " + colour + "': " + e.getMessage());
        }
        if (r.equalsIgnoreCase("resign")) return RESIGN;
        int action;
        try {
            action = s.game().stringToAction(r);
        } catch (IllegalArgumentException e) {
            throw new UserError("the GTP engine '" + commandLine + "' answered 'genmove " + colour + "' with '" + r
                    + "', which is not a move on " + s.game().id() + ".");
        }
        if (!s.isLegal(action)) {
            client().send("undo");
            replaced++;
            ownMove = Integer.MIN_VALUE;
            return s.game().passAction();
        }
        ownMove = action;
        return action;
    }

    @Override
    public void observeMove(State before, int action) {
        if (action == ownMove) {
            ownMove = Integer.MIN_VALUE;
            return;
        }
        GoState s = (GoState) before;
        String move = "play " + (s.mover() == 0 ? "black " : "white ") + s.game().actionToString(action);
        try {
            client().send(move);
        } catch (GtpClient.Failure e) {
            throw new UserError("the GTP engine '" + commandLine + "' refused '" + move + "': " + e.getMessage());
        }
    }

    /** The engine's {@code final_score} of the current position, or {@code "?"} when it has none. */
    String finalScore() {
        try {
            return client().send("final_score");
        } catch (GtpClient.Failure e) {
            return "?";
        }
    }

    /** How many of the engine's moves were illegal under Bellman's rules and replaced by a pass. */
    int replacedMoves() {
        return replaced;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (client != null) client.close();
        client = null;
    }
}
