package dev.bellman.cli;

import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import dev.bellman.games.go.Sgf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A Go Text Protocol (GTP version 2) engine over a {@link GoState}: the standard commands, GNU Go's {@code all_legal}
 * and {@code list_stones}, {@code loadsgf}/{@code printsgf}, and clock handling ({@code time_settings},
 * {@code time_left}) that gives each {@code genmove} a share of the time left.
 *
 * <p>Input follows the protocol's preprocessing: control characters other than tab and newline are dropped, tabs
 * become spaces, everything after {@code #} is a comment and empty lines are skipped. A command may start with a
 * numeric id, which the response repeats ({@code =7 ...} / {@code ?7 ...}). Every error, malformed input included,
 * is a {@code ?} response; no input ends the engine except {@code quit} or the end of the stream.
 *
 * <p>{@code play} and {@code genmove} for the colour that is not to move insert a pass for the other colour (GTP lets
 * a controller play either colour at any time); {@code undo} takes such a pass back with the move. A move that would
 * end the game that way (two passes) is refused.
 */
final class GtpEngine {
    static final List<String> COMMANDS = List.of("protocol_version", "name", "version", "known_command",
            "list_commands", "quit", "boardsize", "clear_board", "komi", "play", "genmove", "undo", "showboard",
            "final_score", "time_settings", "time_left", "loadsgf", "printsgf", "all_legal", "list_stones");

    private final GoSearch search;
    private final GoGame.KoRule koRule;
    private GoGame game;
    private GoState state;
    /** For each GTP move, how many moves of {@link #state} it made (1, or 2 with an inserted pass). */
    private final Deque<Integer> undoStack = new ArrayDeque<>();
    private final Clock clock = new Clock();
    private boolean quit;

    GtpEngine(GoSearch search, int size, double komi, GoGame.KoRule koRule) {
        this.search = search;
        this.koRule = koRule;
        this.game = new GoGame(new GoGame.Config(size, komi, koRule, GoGame.DEFAULT_HISTORY));
        this.state = game.newInitialState();
    }

    /** The position (for tests; do not change it). */
    GoState state() {
        return state;
    }

    boolean quitRequested() {
        return quit;
    }

    /** Reads commands until {@code quit} or the end of {@code in}, answering each on {@code out}. */
    void run(BufferedReader in, PrintWriter out) throws IOException {
        String line;
        while (!quit && (line = in.readLine()) != null) {
            String response = handle(line);
            if (response == null) continue;
            out.print(response);
            out.flush();
        }
    }

    /** The full response to one input line (ending with the empty line), or null when the line holds no command. */
    String handle(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '#') break;
            if (c == '\t') sb.append(' ');
            else if (c >= 32 && c != 127) sb.append(c);
        }
        String line = sb.toString().strip();
        if (line.isEmpty()) return null;
        String[] words = line.split(" +");
        String id = "";
        int first = 0;
        if (words[0].chars().allMatch(Character::isDigit)) {
            id = words[0];
            first = 1;
            if (words.length == 1) return "?" + id + " no command after the id\n\n";
        }
        String command = words[first];
        String[] args = java.util.Arrays.copyOfRange(words, first + 1, words.length);
        try {
            return "=" + id + format(execute(command, args));
        } catch (GtpError e) {
            return "?" + id + " " + e.getMessage() + "\n\n";
        } catch (RuntimeException e) { // never end the session over one command
            return "?" + id + " internal error in '" + command + "': " + e + "\n\n";
        }
    }

    private static String format(String result) {
        String body = result.replaceAll("\n[ \t]*(?=\n)", "").stripTrailing(); // no empty line inside a response
        return " " + body + "\n\n";
    }

    /** A GTP failure response. */
    static final class GtpError extends RuntimeException {
        GtpError(String message) {
            super(message, null, false, false);
        }
    }

    private String execute(String command, String[] args) {
        switch (command) {
            case "protocol_version": return "2";
            case "name": return "Bellman";
            case "version": return Version.VERSION;
            case "known_command": return Boolean.toString(args.length > 0 && COMMANDS.contains(args[0]));
            case "list_commands": return String.join("\n", COMMANDS);
            case "quit":
                quit = true;
                return "";
            case "boardsize": {
                int n = integer(args, 0, "boardsize N");
                if (n < GoGame.MIN_SIZE || n > GoGame.MAX_SIZE || (search.size() != 0 && n != search.size())) {
                    throw new GtpError("unacceptable size");
                }
                if (Math.abs(game.komi()) > n * n) throw new GtpError("unacceptable size: komi " + game.komi()
                        + " does not fit a " + n + "x" + n + " board");
                game = new GoGame(new GoGame.Config(n, game.komi(), koRule, GoGame.DEFAULT_HISTORY));
                clearBoard();
                return "";
            }
            case "clear_board":
                clearBoard();
                return "";
            case "komi": {
                double k = number(args, 0, "komi FLOAT");
                if (!Double.isFinite(k) || Math.abs(k) > game.size() * game.size()) {
                    throw new GtpError("komi " + args[0] + " is not usable: expected a number within +-"
                            + game.size() * game.size());
                }
                game = new GoGame(game.config().withKomi(k));
                state = replay(state, game);
                return "";
            }
            case "play": {
                int colour = colour(args, 0, "play COLOR VERTEX");
                if (args.length < 2) throw new GtpError("syntax error: expected play COLOR VERTEX");
                int action = vertex(args[1]);
                play(colour, action);
                return "";
            }
            case "genmove": return genmove(colour(args, 0, "genmove COLOR"));
            case "undo": {
                if (undoStack.isEmpty()) throw new GtpError("cannot undo");
                for (int i = undoStack.pop(); i > 0; i--) state.undo();
                return "";
            }
            case "showboard": return "\n" + state + "\nBlack captured " + state.captures(0) + ", White captured "
                    + state.captures(1) + "; " + (state.mover() == 0 ? "Black" : "White") + " to move";
            case "final_score": return scoreString(state.score());
            case "time_settings":
                clock.settings(integer(args, 0, "time_settings MAIN BYO_YOMI STONES"),
                        integer(args, 1, "time_settings MAIN BYO_YOMI STONES"),
                        integer(args, 2, "time_settings MAIN BYO_YOMI STONES"));
                return "";
            case "time_left": {
                int c = colour(args, 0, "time_left COLOR TIME STONES");
                clock.left(c, integer(args, 1, "time_left COLOR TIME STONES"),
                        integer(args, 2, "time_left COLOR TIME STONES"));
                return "";
            }
            case "loadsgf": return loadSgf(args);
            case "printsgf": {
                String sgf = Sgf.write(Sgf.fromState(state)).strip();
                if (args.length == 0) return "\n" + sgf;
                try {
                    Files2.writeString(Path.of(args[0]), sgf + "\n");
                } catch (IOException | RuntimeException e) {
                    throw new GtpError("cannot write " + args[0] + ": " + e.getMessage());
                }
                return "";
            }
            case "all_legal": {
                int c = colour(args, 0, "all_legal COLOR");
                GoState s = positionFor(c);
                List<String> out = new ArrayList<>();
                if (s != null) {
                    for (int a = 0; a < game.passAction(); a++) if (s.isLegal(a)) out.add(game.actionToString(a));
                }
                return String.join(" ", out);
            }
            case "list_stones": {
                int c = colour(args, 0, "list_stones COLOR");
                List<String> out = new ArrayList<>();
                int want = c == 0 ? GoState.BLACK : GoState.WHITE;
                for (int a = 0; a < game.passAction(); a++) if (state.colourAt(a) == want) out.add(game.actionToString(a));
                return String.join(" ", out);
            }
            default:
                throw new GtpError("unknown command");
        }
    }

    private void clearBoard() {
        state = game.newInitialState();
        undoStack.clear();
        clock.reset();
    }

    /** The position as {@code colour} would see it if it moved now (a pass inserted when the other side is to move). */
    private GoState positionFor(int colour) {
        if (state.isTerminal()) return null;
        if (state.mover() == colour) return state;
        if (state.consecutivePasses() > 0) return null;
        GoState s = state.copy();
        s.apply(game.passAction());
        return s;
    }

    private void play(int colour, int action) {
        if (state.isTerminal()) throw new GtpError("illegal move: the game is over (two passes)");
        int made = 0;
        if (state.mover() != colour) {
            if (state.consecutivePasses() > 0) {
                throw new GtpError("illegal move: " + (colour == 0 ? "White" : "Black") + " is to move after a pass");
            }
            state.apply(game.passAction());
            made++;
        }
        if (!state.isLegal(action)) {
            if (made > 0) state.undo();
            throw new GtpError("illegal move");
        }
        state.apply(action);
        undoStack.push(made + 1);
    }

    private String genmove(int colour) {
        if (state.isTerminal()) return "pass";
        GoState s = positionFor(colour);
        if (s == null) throw new GtpError("cannot move for " + (colour == 0 ? "black" : "white")
                + ": the other colour is to move after a pass");
        long start = System.nanoTime();
        GoSearch.Choice choice = search.choose(s, clock.budgetNanos(colour, s));
        clock.spent(colour, System.nanoTime() - start);
        if (choice.resign()) return "resign";
        play(colour, choice.action());
        return game.actionToString(choice.action());
    }

    private String loadSgf(String[] args) {
        if (args.length < 1) throw new GtpError("syntax error: expected loadsgf FILE [MOVE_NUMBER]");
        Integer upTo = args.length > 1 ? integer(args, 1, "loadsgf FILE [MOVE_NUMBER]") : null;
        Sgf.Record r;
        try {
            r = Sgf.read(Files.readString(Path.of(args[0])));
        } catch (IOException | RuntimeException e) {
            throw new GtpError("cannot load file " + args[0] + ": " + e.getMessage());
        }
        if (upTo != null && upTo >= 1 && upTo - 1 < r.moves().size()) {
            r = new Sgf.Record(r.size(), r.komi(), "", r.setupBlack(), r.setupWhite(), r.playerToMove(),
                    r.moves().subList(0, upTo - 1), r.comment(), r.info());
        }
        GoState s;
        try {
            s = r.toState(koRule);
        } catch (RuntimeException e) {
            throw new GtpError("cannot load file " + args[0] + ": " + e.getMessage());
        }
        game = s.game();
        state = s;
        undoStack.clear();
        for (int i = 0; i < s.moveNumber(); i++) undoStack.push(1);
        clock.reset();
        return s.mover() == 0 ? "black" : "white";
    }

    /** {@code s}'s setup and moves replayed in {@code g} (after a komi change). */
    private static GoState replay(GoState s, GoGame g) {
        GoState out = g.newInitialState();
        if (s.setupBlack().length > 0 || s.setupWhite().length > 0 || s.firstPlayer() != 0) {
            out.setup(s.setupBlack(), s.setupWhite(), s.firstPlayer());
        }
        for (int a : s.history()) out.apply(a);
        return out;
    }

    static String scoreString(double score) {
        if (score == 0) return "0";
        double v = Math.abs(score);
        return (score > 0 ? "B+" : "W+") + (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
    }

    private int vertex(String v) {
        try {
            return game.stringToAction(v);
        } catch (IllegalArgumentException e) {
            throw new GtpError("invalid coordinate '" + v + "'");
        }
    }

    private static int colour(String[] args, int i, String usage) {
        if (args.length <= i) throw new GtpError("syntax error: expected " + usage);
        switch (args[i].toLowerCase(Locale.ROOT)) {
            case "b": case "black": return 0;
            case "w": case "white": return 1;
            default: throw new GtpError("invalid color '" + args[i] + "': expected b, black, w or white");
        }
    }

    private static int integer(String[] args, int i, String usage) {
        if (args.length <= i) throw new GtpError("syntax error: expected " + usage);
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new GtpError("syntax error: '" + args[i] + "' is not an integer; expected " + usage);
        }
    }

    private static double number(String[] args, int i, String usage) {
        if (args.length <= i) throw new GtpError("syntax error: expected " + usage);
        try {
            return Double.parseDouble(args[i]);
        } catch (NumberFormatException e) {
            throw new GtpError("syntax error: '" + args[i] + "' is not a number; expected " + usage);
        }
    }

    /**
     * The clocks of both colours under Canadian byo-yomi ({@code time_settings MAIN BYO STONES}): a move may use the
     * time left over the moves still expected (half the empty points, at least 10), or, in byo-yomi, the period's
     * time over its stones; 80% of that, less 50 ms for the pipe. No settings, or byo-yomi time with 0 stones, means
     * no clock.
     */
    static final class Clock {
        private int mainTime, byoTime, byoStones;
        private boolean set;
        private final double[] left = new double[2];
        private final int[] stonesLeft = new int[2];

        void settings(int main, int byo, int stones) {
            if (main < 0 || byo < 0 || stones < 0) throw new GtpError("syntax error: times and stones must be >= 0");
            mainTime = main;
            byoTime = byo;
            byoStones = stones;
            set = !(byo > 0 && stones == 0);
            reset();
        }

        void reset() {
            for (int c = 0; c < 2; c++) {
                left[c] = mainTime > 0 ? mainTime : byoTime;
                stonesLeft[c] = mainTime > 0 ? 0 : byoStones;
            }
        }

        void left(int colour, int seconds, int stones) {
            if (seconds < 0 || stones < 0) throw new GtpError("syntax error: time and stones must be >= 0");
            left[colour] = seconds;
            stonesLeft[colour] = stones;
        }

        void spent(int colour, long nanos) {
            if (!set) return;
            left[colour] -= nanos / 1e9;
            if (stonesLeft[colour] > 0 && --stonesLeft[colour] == 0) { // a new byo-yomi period
                left[colour] = byoTime;
                stonesLeft[colour] = byoStones;
            } else if (stonesLeft[colour] == 0 && left[colour] <= 0 && byoStones > 0) { // main time used up
                left[colour] = byoTime;
                stonesLeft[colour] = byoStones;
            }
        }

        /** The time for one move of {@code colour} in {@code s}, or 0 for no clock. */
        long budgetNanos(int colour, GoState s) {
            if (!set) return 0;
            double seconds;
            if (stonesLeft[colour] > 0) {
                seconds = left[colour] / stonesLeft[colour];
            } else {
                int empty = 0;
                int n2 = s.game().passAction();
                for (int a = 0; a < n2; a++) if (s.colourAt(a) == GoState.EMPTY) empty++;
                seconds = left[colour] / Math.max(10, empty / 2);
            }
            return Math.max(1_000_000L, (long) ((seconds * 0.8 - 0.05) * 1e9));
        }
    }
}
