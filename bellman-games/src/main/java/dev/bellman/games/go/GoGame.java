package dev.bellman.games.go;

import dev.bellman.games.Game;
import java.util.Locale;

/**
 * Go on an N×N board (5 ≤ N ≤ 19) under area scoring in the Tromp-Taylor form: a player's score is the number of their
 * stones plus the empty points that reach only their stones; White gets {@code komi} (default 7.5) on top. Suicide is
 * illegal, repeating an earlier board position is illegal (positional superko; {@link KoRule#SIMPLE} forbids only the
 * immediate recapture of a single stone), and two passes in a row end the game. A game that reaches
 * {@link #maxGameLength()} moves (2·N·N, AlphaGo Zero's cap) also ends and is scored as it stands. Player 0 is Black.
 *
 * <p><b>Actions</b>: the point {@code row * N + column}, row 0 at the top (the observation's layout), then pass as
 * {@code N * N}. <b>Notation</b>: GTP coordinates, a column letter from {@code A} skipping {@code I} and a row number
 * from 1 at the bottom ({@code "D4"}), and {@code "pass"}; parsing ignores case.
 *
 * <p><b>Observation</b>: AlphaGo Zero's planes (Silver et al. 2017), shape {@code {2·H + 1, N, N}} for a history of
 * {@code H} positions (default 8): planes {@code 2k} and {@code 2k + 1} hold the stones of the player to move and of the
 * opponent {@code k} moves ago (all zero before the start), and the last plane is all ones when Black is to move.
 *
 * <p><b>Symmetries</b>: the 8 of the square; symmetry {@code k} transposes when {@code k ≥ 4}, then flips rows when
 * bit 0 is set and columns when bit 1 is set.
 *
 * <p><b>Serialized form</b>: the moves in GTP notation separated by spaces, preceded by setup stones when there are
 * any, for example {@code "AB[D4,F6] PL[W] C3 pass"}; see {@link GoState#serialize()}.
 */
public final class GoGame implements Game {
    /** The smallest supported board. */
    public static final int MIN_SIZE = 5;
    /** The largest supported board (GTP coordinates run out after T). */
    public static final int MAX_SIZE = 19;
    /** The default komi. */
    public static final double DEFAULT_KOMI = 7.5;
    /** The default number of past positions in the observation. */
    public static final int DEFAULT_HISTORY = 8;
    /** GTP column letters: A to T without I. */
    static final String COLUMNS = "ABCDEFGHJKLMNOPQRST";

    /** Which repetitions are illegal. */
    public enum KoRule {
        /** No move may recreate any earlier board position (whoever is to move). */
        POSITIONAL_SUPERKO,
        /** Only the immediate recapture of a single stone that just captured a single stone is illegal. */
        SIMPLE
    }

    /**
     * The rules and observation settings of one Go game.
     *
     * @param size the board size N, 5 to 19
     * @param komi the points added to White's score, finite, |komi| ≤ N·N
     * @param koRule positional superko or simple ko
     * @param history the number of past positions in the observation, at least 1
     */
    public record Config(int size, double komi, KoRule koRule, int history) {
        public Config {
            if (size < MIN_SIZE || size > MAX_SIZE) {
                throw new IllegalArgumentException("Go board size " + size + " is not supported: expected "
                        + MIN_SIZE + " to " + MAX_SIZE);
            }
            if (!Double.isFinite(komi) || Math.abs(komi) > size * size) {
                throw new IllegalArgumentException("komi " + komi + " is not usable on a " + size + "x" + size
                        + " board: expected a finite number between " + (-size * size) + " and " + size * size);
            }
            if (koRule == null) throw new IllegalArgumentException("ko rule must not be null: expected one of "
                    + java.util.Arrays.toString(KoRule.values()));
            if (history < 1) {
                throw new IllegalArgumentException("observation history " + history
                        + " is too short: expected at least 1 position");
            }
        }

        /** Size {@code size}, komi 7.5, positional superko, 8 positions of history. */
        public static Config of(int size) {
            return new Config(size, DEFAULT_KOMI, KoRule.POSITIONAL_SUPERKO, DEFAULT_HISTORY);
        }

        /** This configuration with another komi. */
        public Config withKomi(double newKomi) {
            return new Config(size, newKomi, koRule, history);
        }

        /** This configuration with another ko rule. */
        public Config withKoRule(KoRule rule) {
            return new Config(size, komi, rule, history);
        }

        /** This configuration with another observation history. */
        public Config withHistory(int positions) {
            return new Config(size, komi, koRule, positions);
        }
    }

    private final Config config;
    final int n;
    /** The padded board's width: one border column. */
    final int stride;
    final int[] neighbourOffsets;
    /** Padded point of each action point, and back. */
    final int[] toPadded;
    final int[] toAction;
    final GoZobrist zobrist;

    /** The registered id of the N×N game. */
    public static String id(int size) {
        return "Go" + size + "x" + size;
    }

    /** Go with {@link Config#of(int) the default rules} on a {@code size}×{@code size} board. */
    public GoGame(int size) {
        this(Config.of(size));
    }

    /** Go with the rules of {@code config}. */
    public GoGame(Config config) {
        this.config = config;
        n = config.size();
        stride = n + 1;
        neighbourOffsets = new int[] {-stride, -1, 1, stride};
        int padded = (n + 2) * stride + 1;
        toPadded = new int[n * n];
        toAction = new int[padded];
        java.util.Arrays.fill(toAction, -1);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int p = (r + 1) * stride + c;
                toPadded[r * n + c] = p;
                toAction[p] = r * n + c;
            }
        }
        zobrist = GoZobrist.forPoints(padded);
    }

    /** The rules and observation settings. */
    public Config config() {
        return config;
    }

    /** The board size N. */
    public int size() {
        return n;
    }

    /** The komi. */
    public double komi() {
        return config.komi();
    }

    /** The pass action, {@code N * N}. */
    public int passAction() {
        return n * n;
    }

    int paddedSize() {
        return toAction.length;
    }

    @Override
    public String id() {
        return id(n);
    }

    @Override
    public int numDistinctActions() {
        return n * n + 1;
    }

    @Override
    public int[] observationShape() {
        return new int[] {2 * config.history() + 1, n, n};
    }

    @Override
    public int maxGameLength() {
        return 2 * n * n;
    }

    @Override
    public GoState newInitialState() {
        return new GoState(this);
    }

    /** Moves in GTP notation separated by spaces or commas, for example {@code "D4 E5 pass"}. */
    @Override
    public GoState stateFromMoves(String moves) {
        if (moves == null) throw new IllegalArgumentException("Go moves must not be null");
        return GoState.parse(this, moves);
    }

    @Override
    public GoState deserialize(String serialized) {
        return stateFromMoves(serialized);
    }

    @Override
    public int numSymmetries() {
        return 8;
    }

    /** The (row, column) that symmetry {@code k} sends ({@code r}, {@code c}) to, as {@code row * N + column}. */
    int transformPoint(int k, int r, int c) {
        if (k >= 4) {
            int t = r;
            r = c;
            c = t;
        }
        if ((k & 1) != 0) r = n - 1 - r;
        if ((k & 2) != 0) c = n - 1 - c;
        return r * n + c;
    }

    @Override
    public void transformObservation(int k, float[] in, float[] out) {
        checkSymmetry(k);
        int plane = n * n;
        int planes = 2 * config.history() + 1;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int from = r * n + c;
                int to = transformPoint(k, r, c);
                for (int p = 0; p < planes; p++) out[p * plane + to] = in[p * plane + from];
            }
        }
    }

    @Override
    public int transformAction(int k, int action) {
        checkSymmetry(k);
        if (action < 0 || action > n * n) {
            throw new IllegalArgumentException("action " + action + " out of range [0, " + (n * n + 1) + ")");
        }
        if (action == n * n) return action;
        return transformPoint(k, action / n, action % n);
    }

    private static void checkSymmetry(int k) {
        if (k < 0 || k >= 8) throw new IllegalArgumentException("symmetry " + k + " out of range [0, 8)");
    }

    /** The GTP name of an action ({@code "D4"}, {@code "pass"}). */
    public String actionToString(int action) {
        if (action == n * n) return "pass";
        if (action < 0 || action > n * n) {
            throw new IllegalArgumentException("action " + action + " is not a move on a " + n + "x" + n
                    + " board: expected 0 to " + (n * n) + " (the last is pass)");
        }
        return COLUMNS.charAt(action % n) + Integer.toString(n - action / n);
    }

    /** The action of a GTP vertex or {@code "pass"}, ignoring case. */
    public int stringToAction(String move) {
        String m = move == null ? "" : move.strip().toUpperCase(Locale.ROOT);
        if (m.equals("PASS")) return n * n;
        if (m.length() >= 2) {
            int c = COLUMNS.indexOf(m.charAt(0));
            if (c >= 0 && c < n) {
                try {
                    int row = Integer.parseInt(m.substring(1));
                    if (row >= 1 && row <= n && m.charAt(1) != '+' && m.charAt(1) != '-') return (n - row) * n + c;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException("'" + move + "' is not a move on a " + n + "x" + n
                + " Go board: expected a column A to " + COLUMNS.charAt(n - 1) + " (no I) and a row 1 to " + n
                + ", for example D4, or pass");
    }

    @Override
    public String toString() {
        return id() + (config.komi() == DEFAULT_KOMI && config.koRule() == KoRule.POSITIONAL_SUPERKO ? ""
                : " (komi " + config.komi() + ", " + config.koRule() + ")");
    }
}
