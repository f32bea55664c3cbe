package dev.bellman.cli;

import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.RandomPlayer;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.SolverPlayer;
import dev.bellman.games.tictactoe.MinimaxPlayer;
import dev.bellman.games.tictactoe.TicTacToe;
import dev.bellman.games.go.GoGame;
import dev.bellman.search.Mcts;
import dev.bellman.search.MctsPlayer;
import dev.bellman.search.Selection;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place where player specs of {@code bellman arena} and {@code bellman play --opponent} are parsed: {@code random},
 * {@code mcts:N} (pure UCT, N simulations, one random rollout per leaf), {@code solver} / {@code solver:DEPTH} (Connect
 * Four's exact solver, or its depth-limited search; on Tic-tac-toe {@code solver} is the minimax player), {@code minimax}
 * (Tic-tac-toe), {@code human} (a person at the terminal) and a run directory of a trained AlphaZero run,
 * {@code RUN_DIR[:sims=N]}; for Go also any GTP engine, {@code gtp:COMMAND}, and GNU Go, {@code gnugo:LEVEL}
 * ({@link GtpPlayer}). On Go, {@code mcts:N} rolls out with {@link dev.bellman.games.go.GoPlayouts}.
 *
 * <p>Each form is a {@link Kind}; a new kind of player (a GTP engine for Go, say) is one more entry in {@link #KINDS}.
 */
final class PlayerSpecs {
    private PlayerSpecs() {}

    /** Where a {@code human} player reads its moves and prints its board. */
    record Terminal(BufferedReader in, PrintWriter out) {}

    /**
     * What a kind needs to build a player: the game, the player's seed, the terminal (for {@code human}), and where the
     * command ({@code command}, e.g. {@code "arena"}) notes that a run directory holds a stopped run's policy
     * ({@code err}; null: no notes).
     */
    record Context(Game game, long seed, Terminal terminal, PrintWriter err, String command) {}

    /** One form of player spec. */
    interface Kind {
        /** The form as shown in messages, e.g. {@code "mcts:N"}. */
        String form();

        /** The player for {@code spec}, or empty when {@code spec} is not of this form; a {@link UserError} when it is but is bad. */
        Optional<GamePlayer> parse(String spec, Context context);
    }

    /** The forms, tried in order; a spec no keyword form takes is read as a run directory (last). */
    static final List<Kind> KINDS = List.of(
            keyword("random", "random", c -> new RandomPlayer(c.seed())),
            keyword("human", "human", c -> {
                if (c.terminal() == null) throw new UserError("player 'human' needs a terminal; 'bellman arena' plays"
                        + " unattended, use 'bellman play --run-dir D --opponent human' to play a trained run.");
                return new HumanPlayer(c.terminal().in(), c.terminal().out());
            }),
            keyword("minimax", "minimax (TicTacToe)", c -> {
                requireGame(c.game(), TicTacToe.ID, "minimax");
                return new MinimaxPlayer(c.seed());
            }),
            new Kind() {
                @Override
                public String form() {
                    return "mcts:N";
                }

                @Override
                public Optional<GamePlayer> parse(String spec, Context c) {
                    if (!spec.equals("mcts") && !spec.startsWith("mcts:")) return Optional.empty();
                    int n = number(spec, spec.startsWith("mcts:") ? spec.substring(5) : "", "mcts:N", "simulations", 2);
                    if (c.game() instanceof GoGame) { // Go playouts: uniform random moves end only at the move cap
                        return Optional.of(new MctsPlayer(Mcts.Config.greedy(Selection.uct(Math.sqrt(2)), n, c.seed()),
                                g -> new GoSearch.PlayoutEvaluator((GoGame) g, c.seed() ^ 0x9E3779B97F4A7C15L),
                                "mcts:" + n));
                    }
                    return Optional.of(MctsPlayer.uct(n, Math.sqrt(2), c.seed()));
                }
            },
            new Kind() {
                @Override
                public String form() {
                    return "solver, solver:DEPTH (ConnectFour; solver on TicTacToe is minimax)";
                }

                @Override
                public Optional<GamePlayer> parse(String spec, Context c) {
                    if (!spec.equals("solver") && !spec.startsWith("solver:")) return Optional.empty();
                    if (c.game().id().equals(TicTacToe.ID)) {
                        if (!spec.equals("solver")) throw new UserError("player '" + spec + "': TicTacToe's solver is"
                                + " exact minimax and takes no depth; use 'solver' or 'minimax'.");
                        return Optional.of(new MinimaxPlayer(c.seed()));
                    }
                    requireGame(c.game(), ConnectFour.ID, "solver");
                    if (spec.equals("solver")) return Optional.of(SolverPlayer.perfect(c.seed()));
                    int depth = number(spec, spec.substring(7), "solver:DEPTH", "depth", 1);
                    return Optional.of(SolverPlayer.depthLimited(depth, c.seed()));
                }
            },
            new Kind() {
                @Override
                public String form() {
                    return "gtp:COMMAND (a Go engine over GTP)";
                }

                @Override
                public Optional<GamePlayer> parse(String spec, Context c) {
                    if (!spec.startsWith("gtp:")) return Optional.empty();
                    String command = spec.substring(4).strip();
                    if (command.isEmpty()) throw new UserError("player '" + spec + "': expected gtp:COMMAND, the command"
                            + " line of a GTP engine, e.g. 'gtp:gnugo --mode gtp --level 5'.");
                    return Optional.of(new GtpPlayer(command, "gtp:" + command));
                }
            },
            new Kind() {
                @Override
                public String form() {
                    return "gnugo:LEVEL (GNU Go 0-10 over GTP)";
                }

                @Override
                public Optional<GamePlayer> parse(String spec, Context c) {
                    if (!spec.equals("gnugo") && !spec.startsWith("gnugo:")) return Optional.empty();
                    int level = spec.equals("gnugo") ? 10 : number(spec, spec.substring(6), "gnugo:N", "level", 0);
                    if (level > 10) throw new UserError("player '" + spec + "': GNU Go's level must be 0 to 10 but was "
                            + level + ".");
                    String exe = GtpClient.gnugo();
                    if (exe == null) throw new UserError("player '" + spec + "': GNU Go is not installed (no gnugo on"
                            + " the PATH nor /usr/games/gnugo); install the Debian package gnugo.");
                    return Optional.of(new GtpPlayer(exe + " --mode gtp --level " + level + " --seed " + c.seed()
                            + " --chinese-rules --capture-all-dead", "gnugo:" + level));
                }
            },
            new Kind() {
                @Override
                public String form() {
                    return "RUN_DIR[:sims=N] (a trained alphazero or alphago run)";
                }

                @Override
                public Optional<GamePlayer> parse(String spec, Context c) {
                    return runDir(spec, c);
                }
            });

    /** The valid forms, for messages. */
    static String forms() {
        List<String> f = new ArrayList<>();
        for (Kind k : KINDS) f.add(k.form());
        return String.join(", ", f);
    }

    /**
     * The player for {@code spec} in {@code game}; a {@link UserError} naming the spec and the valid forms when it is
     * bad. A run directory that holds a stopped run's policy is noted on {@code err} as {@code bellman COMMAND: note:
     * ...} (none when {@code err} is null).
     */
    static GamePlayer parse(String spec, Game game, long seed, Terminal terminal, PrintWriter err, String command) {
        if (spec == null || spec.isBlank()) {
            throw new UserError("a player spec is empty; expected one of: " + forms() + ".");
        }
        Context c = new Context(game, seed, terminal, err, command);
        for (Kind k : KINDS) {
            Optional<GamePlayer> p = k.parse(spec.strip(), c);
            if (p.isPresent()) return p.get();
        }
        throw new UserError("player '" + spec + "' is not a player spec nor a run directory; expected one of: " + forms()
                + ".");
    }

    /** The game a spec implies (a run directory's game), or empty for specs that play any game. */
    static Optional<String> impliedGame(String spec) {
        RunSpec r = RunSpec.split(spec);
        if (isKeyword(spec) || !Files.isDirectory(r.dir())) return Optional.empty();
        EvalCommand.Loaded run = EvalCommand.load(r.dir());
        return Optional.of(run.envId());
    }

    private static boolean isKeyword(String spec) {
        String s = spec.strip();
        return s.equals("random") || s.equals("human") || s.equals("minimax") || s.equals("mcts") || s.startsWith("mcts:")
                || s.equals("solver") || s.startsWith("solver:") || s.startsWith("gtp:") || s.equals("gnugo")
                || s.startsWith("gnugo:");
    }

    /** A run directory spec split into the directory and the optional simulation count. */
    record RunSpec(Path dir, Integer sims) {
        static RunSpec split(String spec) {
            int i = spec.lastIndexOf(":sims=");
            if (i < 0) return new RunSpec(Path.of(spec), null);
            String n = spec.substring(i + 6);
            int sims;
            try {
                sims = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new UserError("player '" + spec + "': sims must be an integer but was '" + n + "'; expected"
                        + " RUN_DIR:sims=N, e.g. runs/c4:sims=800.");
            }
            if (sims < 2) throw new UserError("player '" + spec + "': sims must be at least 2 but was " + sims + ".");
            return new RunSpec(Path.of(spec.substring(0, i)), sims);
        }
    }

    private static Optional<GamePlayer> runDir(String spec, Context c) {
        RunSpec r = RunSpec.split(spec);
        if (!Files.isDirectory(r.dir())) return Optional.empty();
        EvalCommand.Loaded run = EvalCommand.load(r.dir());
        if (run.policy() instanceof dev.bellman.algorithms.muzero.MuZeroGamePolicy mz) { // its training's simulations
            if (!mz.game().id().equals(c.game().id())) {
                throw new UserError("player '" + spec + "' was trained on " + mz.game().id() + ", but the game is "
                        + c.game().id() + ".");
            }
            if (r.sims() != null) {
                throw new UserError("player '" + spec + "' is a muzero run, which searches with its training's "
                        + mz.simulations() + " simulations; drop ':sims=" + r.sims() + "'.");
            }
            noteIfStopped(c, run, r.dir());
            GamePlayer inner = mz.player();
            String name = r.dir().getFileName() + ":sims=" + mz.simulations();
            return Optional.of(new GamePlayer() {
                @Override
                public int chooseAction(dev.bellman.games.State state) {
                    return inner.chooseAction(state);
                }

                @Override
                public String name() {
                    return name;
                }
            });
        }
        if (!(run.policy() instanceof dev.bellman.search.SearchPolicy policy)) {
            throw new UserError("player '" + spec + "' is a run of " + run.algo() + " on " + run.envId()
                    + "; a player must be a game run (--algo alphazero, alphago or muzero) or one of: " + forms() + ".");
        }
        if (!policy.game().id().equals(c.game().id())) {
            throw new UserError("player '" + spec + "' was trained on " + policy.game().id() + ", but the game is "
                    + c.game().id() + ".");
        }
        noteIfStopped(c, run, r.dir());
        int sims = r.sims() != null ? r.sims() : policy.simulations();
        GamePlayer inner = policy.player(sims, c.seed());
        String name = r.dir().getFileName() + ":sims=" + sims;
        return Optional.of(new GamePlayer() { // the run's name in reports instead of "alphazero:N"
            @Override
            public int chooseAction(dev.bellman.games.State state) {
                return inner.chooseAction(state);
            }

            @Override
            public void newGame(Game game) {
                inner.newGame(game);
            }

            @Override
            public void observeMove(dev.bellman.games.State before, int action) {
                inner.observeMove(before, action);
            }

            @Override
            public String name() {
                return name;
            }
        });
    }

    private static void noteIfStopped(Context c, EvalCommand.Loaded run, Path dir) {
        if (c.err() != null) EvalCommand.noteIfStopped(c.err(), c.command(), run, dir);
    }

    private static void requireGame(Game game, String id, String spec) {
        if (!game.id().equals(id)) {
            throw new UserError("player '" + spec + "' plays " + id + " only, but the game is " + game.id() + ".");
        }
    }

    private static int number(String spec, String digits, String form, String what, int min) {
        int n;
        try {
            n = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new UserError("player '" + spec + "': expected " + form + " with " + what + " N an integer >= " + min
                    + ", e.g. " + form.replace("N", "100").replace("DEPTH", "8") + ".");
        }
        if (n < min) throw new UserError("player '" + spec + "': " + what + " must be at least " + min + " but was " + n + ".");
        return n;
    }

    private static Kind keyword(String word, String form, java.util.function.Function<Context, GamePlayer> make) {
        return new Kind() {
            @Override
            public String form() {
                return form;
            }

            @Override
            public Optional<GamePlayer> parse(String spec, Context c) {
                return spec.equals(word) ? Optional.of(make.apply(c)) : Optional.empty();
            }
        };
    }
}
