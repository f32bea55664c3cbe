package dev.bellman.games.connectfour;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Connect Four positions with the exact score of every move: the benchmark set on which a player's moves are checked
 * against {@link ConnectFourSolver} (is the move optimal? does it keep the game-theoretic outcome?).
 *
 * <p><b>Sampling</b> ({@link #sample}): positions alternate between two sources. {@code random}: a game of uniformly
 * random moves by both sides. {@code lookahead}: a game where each side plays, with probability 0.9, a best move of a
 * {@value #LOOKAHEAD_DEPTH}-ply depth-limited solver search ({@link ConnectFourSolver#analyzeDepth}; among equally
 * scored moves it prefers centre columns, drawn with weights 1, 2, 3, 4, 3, 2, 1), and otherwise a uniformly random
 * move: a decent player with deviations, so its games reach the middle and end game with sensible boards. Each game is
 * played to its end; one position is then drawn uniformly from its positions with at least {@code minStones} stones
 * that are not over; a game too short for that is discarded, as is a position already in the set (or its mirror
 * image). {@link #draw} gives these positions in order, fixed by the seed (a shorter draw is the start of a longer
 * one); {@link #score} then scores every move of each by {@link ConnectFourSolver#analyze}, from the most stones to the
 * fewest, with one solver whose table and book of exact scores serve every position.
 *
 * <p><b>File format</b> ({@link #write}, {@link #read}): UTF-8 text; lines starting with {@code #} are comments; each
 * other line is {@code MOVES<TAB>SOURCE<TAB>S1,S2,...,S7}, the moves in the usual notation (columns from 1), the source
 * ({@code random} or {@code lookahead}) and the score of each column from the mover's side in Pons's units, {@code -}
 * for a full column.
 */
public final class ConnectFourPositions {
    /** The plies of the depth-limited search of the {@code lookahead} player. */
    public static final int LOOKAHEAD_DEPTH = 5;
    /**
     * The committed set ({@value}), written by
     * {@code bellman solve --game ConnectFour --sample 1000 --seed 1 --min-stones 12}.
     */
    public static final String BUILT_IN = "connect4-positions.tsv";
    /**
     * The committed set drawn at all depths ({@value}): the draw of
     * {@code bellman solve --game ConnectFour --sample 1000 --seed 1 --min-stones 0} (every stone count from the empty
     * board on), less the drawn positions with fewer stones than its header's {@code --skip-below}, which this
     * machine's CPU could not score in the time it had (docs/cli.md, "Connect Four against the solver").
     */
    public static final String ALL_DEPTHS = "connect4-positions-all-depths.tsv";
    private static final int[] CENTRE_WEIGHTS = {1, 2, 3, 4, 3, 2, 1};

    private ConnectFourPositions() {
    }

    /**
     * One position and its move scores.
     *
     * @param moves the moves from the empty board, columns from 1
     * @param source how it was sampled ({@code random} or {@code lookahead})
     * @param scores the exact score of each column from the mover's side, null for a full column
     */
    public record Position(String moves, String source, Integer[] scores) {
        public Position {
            if (scores.length != ConnectFour.WIDTH) {
                throw new IllegalArgumentException("a position needs 7 scores but '" + moves + "' has " + scores.length);
            }
            scores = scores.clone();
        }

        /** The stones on the board. */
        public int stones() {
            return moves.length();
        }

        /** The score of the best move. */
        public int bestScore() {
            int best = Integer.MIN_VALUE;
            for (Integer s : scores) if (s != null) best = Math.max(best, s);
            return best;
        }

        /** True when {@code column} (0-based) scores as well as the best move. */
        public boolean isOptimal(int column) {
            return scores[column] != null && scores[column] == bestScore();
        }

        /** True when {@code column} (0-based) keeps the outcome of the best move: win, draw or loss alike. */
        public boolean keepsOutcome(int column) {
            return scores[column] != null && Integer.signum(scores[column]) == Integer.signum(bestScore());
        }

        @Override
        public Integer[] scores() {
            return scores.clone();
        }
    }

    /**
     * {@code count} positions sampled as the class comment describes, from generator {@code seed}, each with at least
     * {@code minStones} stones; {@code solver} scores them (and is reused across positions), {@code progress} hears the
     * number done after each one.
     */
    public static List<Position> sample(int count, long seed, int minStones, ConnectFourSolver solver,
                                        IntConsumer progress) {
        return score(draw(count, seed, minStones), solver, (done, p) -> progress.accept(done));
    }

    /**
     * A position drawn but not yet scored.
     *
     * @param moves the moves from the empty board, columns from 1
     * @param source {@code random} or {@code lookahead}
     */
    public record Drawn(String moves, String source) {
        /** The stones on the board. */
        public int stones() {
            return moves.length();
        }
    }

    /**
     * The positions {@link #sample} scores, in its order, unscored: deterministic in {@code seed} (the lookahead
     * player's search is depth-limited and does not depend on any solver's state).
     */
    public static List<Drawn> draw(int count, long seed, int minStones) {
        if (count < 1) throw new IllegalArgumentException("count must be positive but was " + count);
        if (minStones < 0 || minStones >= ConnectFour.CELLS) {
            throw new IllegalArgumentException("minStones must be in 0.." + (ConnectFour.CELLS - 1) + " but was " + minStones);
        }
        ConnectFour game = new ConnectFour();
        SplittableRandom rng = new SplittableRandom(seed);
        ConnectFourSolver lookahead = new ConnectFourSolver(10);
        Set<Long> seen = new HashSet<>();
        List<Drawn> out = new ArrayList<>();
        while (out.size() < count) {
            boolean random = out.size() % 2 == 0;
            ConnectFourState s = game.newInitialState();
            while (!s.isTerminal()) {
                s.apply(random || rng.nextDouble() < 0.1 ? randomMove(s, rng) : lookaheadMove(s, lookahead, rng));
            }
            int last = s.moveNumber() - 1; // the final position is over
            if (last < minStones) continue;
            int stones = minStones + rng.nextInt(last - minStones + 1);
            ConnectFourState p = game.stateFromMoves(s.serialize().substring(0, stones));
            if (!seen.add(ConnectFourSolver.canonicalKey(p.currentStones(), p.occupied()))) continue;
            out.add(new Drawn(p.serialize(), random ? "random" : "lookahead"));
        }
        return out;
    }

    /** Hears each position as soon as it is scored, with the number scored so far. */
    @FunctionalInterface
    public interface ScoredListener {
        void scored(int done, Position position);
    }

    /**
     * Scores every move of each drawn position with {@code solver} and returns them in the order of {@code drawn}.
     * They are scored from the most stones to the fewest (ties in the order of {@code drawn}): the solver keeps the
     * exact score of every position it solves ({@link ConnectFourSolver}'s book), and a position with fewer stones
     * often reaches, within a few moves, positions solved before it, so its search stops there.
     */
    public static List<Position> score(List<Drawn> drawn, ConnectFourSolver solver, ScoredListener listener) {
        ConnectFour game = new ConnectFour();
        Integer[] order = new Integer[drawn.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(drawn.get(b).stones(), drawn.get(a).stones()));
        Position[] out = new Position[drawn.size()];
        int done = 0;
        for (int i : order) {
            Drawn d = drawn.get(i);
            out[i] = new Position(d.moves(), d.source(), solver.analyze(game.stateFromMoves(d.moves())));
            listener.scored(++done, out[i]);
        }
        return List.of(out);
    }

    private static int randomMove(ConnectFourState s, SplittableRandom rng) {
        int[] legal = s.legalActions();
        return legal[rng.nextInt(legal.length)];
    }

    private static int lookaheadMove(ConnectFourState s, ConnectFourSolver solver, SplittableRandom rng) {
        Integer[] scores = solver.analyzeDepth(s, LOOKAHEAD_DEPTH);
        int best = Integer.MIN_VALUE;
        for (Integer v : scores) if (v != null) best = Math.max(best, v);
        int total = 0;
        for (int c = 0; c < scores.length; c++) if (scores[c] != null && scores[c] == best) total += CENTRE_WEIGHTS[c];
        int pick = rng.nextInt(total);
        for (int c = 0; c < scores.length; c++) {
            if (scores[c] == null || scores[c] != best) continue;
            pick -= CENTRE_WEIGHTS[c];
            if (pick < 0) return c;
        }
        throw new AssertionError("no move chosen in " + s.serialize());
    }

    /** Writes {@code positions} in the file format of the class comment, after {@code header} as comment lines. */
    public static void write(List<Position> positions, List<String> header, Appendable out) throws IOException {
        for (String h : header) out.append("# ").append(h).append('\n');
        for (Position p : positions) {
            out.append(p.moves()).append('\t').append(p.source()).append('\t');
            Integer[] scores = p.scores();
            for (int c = 0; c < scores.length; c++) {
                out.append(c == 0 ? "" : ",").append(scores[c] == null ? "-" : scores[c].toString());
            }
            out.append('\n');
        }
    }

    /** Reads positions in the file format of the class comment; a malformed line fails naming its number. */
    public static List<Position> read(Reader in) throws IOException {
        ConnectFour game = new ConnectFour();
        List<Position> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(in);
        int number = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] parts = line.split("\t", -1);
            try {
                if (parts.length != 3) throw new IllegalArgumentException("expected 3 tab-separated fields but found " + parts.length);
                String[] fields = parts[2].split(",", -1);
                if (fields.length != ConnectFour.WIDTH) {
                    throw new IllegalArgumentException("expected 7 comma-separated scores but found " + fields.length);
                }
                ConnectFourState state = game.stateFromMoves(parts[0]);
                Integer[] scores = new Integer[ConnectFour.WIDTH];
                for (int c = 0; c < fields.length; c++) {
                    scores[c] = fields[c].equals("-") ? null : Integer.valueOf(fields[c].strip());
                    if ((scores[c] == null) == state.isLegal(c)) {
                        throw new IllegalArgumentException("column " + (c + 1) + " is " + (state.isLegal(c) ? "open" : "full")
                                + " but its score is '" + fields[c] + "'");
                    }
                }
                if (state.isTerminal()) throw new IllegalArgumentException("the game is over");
                out.add(new Position(parts[0], parts[1], scores));
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + number + " ('" + line + "'): " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The committed benchmark set of 12 to 41 stones ({@value #BUILT_IN}), the default of {@code eval-solver}. */
    public static List<Position> builtIn() {
        return resource(BUILT_IN);
    }

    /** The committed set drawn at all depths ({@value #ALL_DEPTHS}); see that constant. */
    public static List<Position> allDepths() {
        return resource(ALL_DEPTHS);
    }

    private static List<Position> resource(String name) {
        try (InputStream in = ConnectFourPositions.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " next to ConnectFourPositions");
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in positions " + name + ": " + e.getMessage(), e);
        }
    }
}
