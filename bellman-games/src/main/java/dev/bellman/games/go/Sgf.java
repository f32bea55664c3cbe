package dev.bellman.games.go;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Go game records in SGF (Smart Game Format, FF[4], {@code GM[1]}): {@link #read} takes the main line of the first
 * game in a file (the first variation wherever there are several), {@link #write} writes one record, and
 * {@link #fromState}/{@link Record#toState} convert to and from {@link GoState}.
 *
 * <p>Read: {@code SZ} (square boards 5 to 19), {@code KM}, {@code RE}, {@code PL}, the setup stones {@code AB} and
 * {@code AW} (single points or compressed rectangles such as {@code [aa:cc]}) in the nodes before the first move, moves
 * {@code B[..]}/{@code W[..]} with pass as {@code []} or {@code [tt]}, comments {@code C[..]} of the root and of every
 * move node, and the game-info texts {@code PB PW BR WR DT EV GN RU}. Other properties are skipped. Malformed input
 * fails with an {@link IllegalArgumentException} naming the position in the text and what was expected.
 */
public final class Sgf {
    private static final List<String> INFO = List.of("PB", "PW", "BR", "WR", "DT", "EV", "GN", "RU");

    private Sgf() {
    }

    /**
     * One move: {@code player} 0 (Black) or 1 (White), {@code action} a point ({@code row * N + column}, row 0 at the
     * top) or {@code N * N} for pass, and its comment ({@code ""} for none).
     */
    public record Move(int player, int action, String comment) {
    }

    /**
     * One game record.
     *
     * @param size the board size
     * @param komi the komi ({@code KM}; 0 when the file has none)
     * @param result the result ({@code RE}, for example {@code "B+3.5"} or {@code "W+R"}); {@code ""} when absent
     * @param setupBlack black setup stones (handicap, {@code AB}) as actions
     * @param setupWhite white setup stones ({@code AW}) as actions
     * @param playerToMove {@code PL}: 0 or 1, or -1 when the file does not say
     * @param moves the main line's moves
     * @param comment the root node's comment ({@code ""} for none)
     * @param info game-info texts (player names {@code PB}/{@code PW}, date {@code DT}, ...), in file order
     */
    public record Record(int size, double komi, String result, int[] setupBlack, int[] setupWhite, int playerToMove,
            List<Move> moves, String comment, Map<String, String> info) {
        public Record {
            if (size < GoGame.MIN_SIZE || size > GoGame.MAX_SIZE) {
                throw new IllegalArgumentException("SGF board size " + size + " is not supported: expected "
                        + GoGame.MIN_SIZE + " to " + GoGame.MAX_SIZE);
            }
            result = result == null ? "" : result;
            comment = comment == null ? "" : comment;
            setupBlack = setupBlack.clone();
            setupWhite = setupWhite.clone();
            moves = List.copyOf(moves);
            info = Map.copyOf(info);
        }

        /** The player who moves first: {@code PL}, else the colour of the first move, else White after black handicap stones. */
        public int firstPlayer() {
            if (playerToMove >= 0) return playerToMove;
            if (!moves.isEmpty()) return moves.get(0).player();
            return setupBlack.length > 0 && setupWhite.length == 0 ? 1 : 0;
        }

        /**
         * Replays the record on a {@link GoGame} of its size and komi under {@code koRule}. Throws
         * {@link IllegalArgumentException} naming the move when moves do not alternate or one is illegal.
         */
        public GoState toState(GoGame.KoRule koRule) {
            GoGame game = new GoGame(new GoGame.Config(size, komi, koRule, GoGame.DEFAULT_HISTORY));
            GoState state = game.newInitialState();
            if (setupBlack.length > 0 || setupWhite.length > 0 || firstPlayer() != 0) {
                state.setup(setupBlack, setupWhite, firstPlayer());
            }
            for (int i = 0; i < moves.size(); i++) {
                Move m = moves.get(i);
                String name = (m.player() == 0 ? "B" : "W") + "[" + game.actionToString(m.action()) + "]";
                if (state.isTerminal()) {
                    throw new IllegalArgumentException("SGF move " + (i + 1) + " " + name
                            + " comes after the end of the game (" + state.outcomeString() + ")");
                }
                if (m.player() != state.mover()) {
                    throw new IllegalArgumentException("SGF move " + (i + 1) + " " + name + " is played by "
                            + (m.player() == 0 ? "Black" : "White") + " but " + (state.mover() == 0 ? "Black" : "White")
                            + " is to move: only records with alternating moves can be replayed");
                }
                try {
                    state.apply(m.action());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("SGF move " + (i + 1) + " " + name + ": " + e.getMessage(), e);
                }
            }
            return state;
        }
    }

    /** The record of {@code state}: setup, moves, komi and, when the game is over, the area-scoring result. */
    public static Record fromState(GoState state) {
        List<Move> moves = new ArrayList<>();
        int player = state.firstPlayer();
        for (int a : state.history()) {
            moves.add(new Move(player, a, ""));
            player = 1 - player;
        }
        GoGame game = state.game();
        return new Record(game.size(), game.komi(), state.resultString(), state.setupBlack(), state.setupWhite(),
                state.firstPlayer() == 1 ? 1 : -1, moves, "", Map.of());
    }

    // ------------------------------------------------------------------ writing

    /** The record as SGF FF[4] text, one game tree without variations. */
    public static String write(Record r) {
        StringBuilder sb = new StringBuilder("(;GM[1]FF[4]CA[UTF-8]AP[Bellman]SZ[").append(r.size()).append(']');
        sb.append("KM[").append(GoState.formatPoints(r.komi())).append(']');
        if (!r.result().isEmpty()) sb.append("RE[").append(escape(r.result())).append(']');
        for (String key : INFO) {
            String v = r.info().get(key);
            if (v != null) sb.append(key).append('[').append(escape(v)).append(']');
        }
        if (r.playerToMove() >= 0) sb.append("PL[").append(r.playerToMove() == 0 ? 'B' : 'W').append(']');
        appendPoints(sb, "AB", r.setupBlack(), r.size());
        appendPoints(sb, "AW", r.setupWhite(), r.size());
        if (!r.comment().isEmpty()) sb.append("C[").append(escape(r.comment())).append(']');
        int i = 0;
        for (Move m : r.moves()) {
            if (i++ % 10 == 0) sb.append('\n');
            sb.append(';').append(m.player() == 0 ? 'B' : 'W').append('[').append(point(m.action(), r.size()))
                    .append(']');
            if (!m.comment().isEmpty()) sb.append("C[").append(escape(m.comment())).append(']');
        }
        return sb.append(")\n").toString();
    }

    private static void appendPoints(StringBuilder sb, String key, int[] points, int size) {
        if (points.length == 0) return;
        sb.append(key);
        for (int a : points) sb.append('[').append(point(a, size)).append(']');
    }

    private static String point(int action, int size) {
        if (action == size * size) return "";
        return "" + (char) ('a' + action % size) + (char) ('a' + action / size);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("]", "\\]");
    }

    // ------------------------------------------------------------------ reading

    /** Reads the main line of the first game in {@code text}. */
    public static Record read(String text) {
        Parser p = new Parser(text);
        List<Map<String, List<String>>> nodes = new ArrayList<>();
        p.skipToTree();
        p.tree(nodes, true);
        if (nodes.isEmpty()) throw new IllegalArgumentException("SGF has no nodes: expected (;GM[1]SZ[..]...)");
        Map<String, List<String>> root = nodes.get(0);
        String gm = one(root, "GM", "1");
        if (!gm.strip().equals("1")) {
            throw new IllegalArgumentException("SGF game type GM[" + gm + "] is not Go: expected GM[1]");
        }
        int size = parseSize(one(root, "SZ", "19"));
        double komi = 0;
        String km = one(root, "KM", "");
        if (!km.isBlank()) {
            try {
                komi = Double.parseDouble(km.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SGF komi KM[" + km + "] is not a number");
            }
        }
        String result = one(root, "RE", "");
        Map<String, String> info = new LinkedHashMap<>();
        for (String key : INFO) if (root.containsKey(key)) info.put(key, one(root, key, ""));
        int pl = -1;
        List<Integer> black = new ArrayList<>(), white = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        String rootComment = "";
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, List<String>> node = nodes.get(i);
            boolean hasMove = node.containsKey("B") || node.containsKey("W");
            if (node.containsKey("AB") || node.containsKey("AW") || node.containsKey("AE")) {
                if (!moves.isEmpty()) {
                    throw new IllegalArgumentException("SGF node " + (i + 1) + " places setup stones after move "
                            + moves.size() + ": only setup before the first move is supported");
                }
                if (node.containsKey("AE")) {
                    throw new IllegalArgumentException("SGF node " + (i + 1) + " removes stones (AE): not supported");
                }
                for (String v : node.getOrDefault("AB", List.of())) expand(v, size, black);
                for (String v : node.getOrDefault("AW", List.of())) expand(v, size, white);
            }
            if (node.containsKey("PL") && moves.isEmpty()) {
                String v = one(node, "PL", "").strip().toUpperCase(Locale.ROOT);
                if (!v.equals("B") && !v.equals("W")) {
                    throw new IllegalArgumentException("SGF PL[" + v + "] in node " + (i + 1) + ": expected B or W");
                }
                pl = v.equals("B") ? 0 : 1;
            }
            String comment = one(node, "C", "");
            if (hasMove) {
                if (node.containsKey("B") && node.containsKey("W")) {
                    throw new IllegalArgumentException("SGF node " + (i + 1) + " has both a B and a W move");
                }
                int player = node.containsKey("B") ? 0 : 1;
                String v = one(node, player == 0 ? "B" : "W", "");
                moves.add(new Move(player, parseMove(v, size, i + 1), comment));
            } else if (moves.isEmpty()) {
                rootComment = join(rootComment, comment);
            } else if (!comment.isEmpty()) { // a comment on a node without a move belongs to the last move
                Move last = moves.remove(moves.size() - 1);
                moves.add(new Move(last.player(), last.action(), join(last.comment(), comment)));
            }
        }
        return new Record(size, komi, result, black.stream().mapToInt(Integer::intValue).toArray(),
                white.stream().mapToInt(Integer::intValue).toArray(), pl, moves, rootComment, info);
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a + "\n" + b;
    }

    private static String one(Map<String, List<String>> node, String key, String otherwise) {
        List<String> v = node.get(key);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    private static int parseSize(String v) {
        String s = v.strip();
        try {
            if (s.contains(":")) {
                String[] parts = s.split(":");
                int w = Integer.parseInt(parts[0].strip()), h = Integer.parseInt(parts[1].strip());
                if (w != h) {
                    throw new IllegalArgumentException("SGF board SZ[" + v + "] is not square: only square boards "
                            + GoGame.MIN_SIZE + " to " + GoGame.MAX_SIZE + " are supported");
                }
                return w;
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SGF board size SZ[" + v + "] is not a number");
        }
    }

    private static int parseMove(String v, int size, int node) {
        String s = v.strip();
        if (s.isEmpty() || (s.equals("tt") && size <= 19)) return size * size;
        return parsePoint(s, size, "move in node " + node);
    }

    private static int parsePoint(String s, int size, String where) {
        if (s.length() != 2) {
            throw new IllegalArgumentException("SGF point [" + s + "] (" + where + ") is not two letters a.."
                    + (char) ('a' + size - 1));
        }
        int c = s.charAt(0) - 'a', r = s.charAt(1) - 'a';
        if (c < 0 || c >= size || r < 0 || r >= size) {
            throw new IllegalArgumentException("SGF point [" + s + "] (" + where + ") is off the " + size + "x" + size
                    + " board: expected letters a.." + (char) ('a' + size - 1));
        }
        return r * size + c;
    }

    private static void expand(String v, int size, List<Integer> out) {
        String s = v.strip();
        if (s.contains(":")) {
            String[] parts = s.split(":");
            int a = parsePoint(parts[0], size, "setup"), b = parsePoint(parts[1], size, "setup");
            for (int r = Math.min(a / size, b / size); r <= Math.max(a / size, b / size); r++) {
                for (int c = Math.min(a % size, b % size); c <= Math.max(a % size, b % size); c++) out.add(r * size + c);
            }
        } else {
            out.add(parsePoint(s, size, "setup"));
        }
    }

    /** A recursive-descent reader of SGF's tree syntax. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            if (s == null) throw new IllegalArgumentException("SGF text must not be null");
            this.s = s;
        }

        void skipToTree() {
            int start = s.indexOf('(');
            if (start < 0) throw new IllegalArgumentException("SGF has no game tree: expected text starting with '('");
            i = start;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private IllegalArgumentException error(String expected) {
            String near = s.substring(Math.max(0, i - 10), Math.min(s.length(), i + 10)).replace('\n', ' ');
            return new IllegalArgumentException("malformed SGF at character " + i + " (near '" + near + "'): expected "
                    + expected);
        }

        void tree(List<Map<String, List<String>>> nodes, boolean keep) {
            ws();
            if (i >= s.length() || s.charAt(i) != '(') throw error("'('");
            i++;
            ws();
            if (i >= s.length() || s.charAt(i) != ';') throw error("';' starting a node");
            while (true) {
                ws();
                if (i < s.length() && s.charAt(i) == ';') {
                    i++;
                    Map<String, List<String>> node = node();
                    if (keep) nodes.add(node);
                } else {
                    break;
                }
            }
            boolean first = true;
            while (true) {
                ws();
                if (i < s.length() && s.charAt(i) == '(') {
                    tree(nodes, keep && first);
                    first = false;
                } else {
                    break;
                }
            }
            ws();
            if (i >= s.length() || s.charAt(i) != ')') throw error("')' closing a game tree");
            i++;
        }

        private Map<String, List<String>> node() {
            Map<String, List<String>> props = new LinkedHashMap<>();
            while (true) {
                ws();
                int start = i;
                while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
                if (start == i) return props;
                String id = s.substring(start, i).replaceAll("[a-z]", ""); // FF[3] allows lower-case letters
                List<String> values = new ArrayList<>();
                ws();
                if (i >= s.length() || s.charAt(i) != '[') throw error("'[' after property " + id);
                while (i < s.length() && s.charAt(i) == '[') {
                    i++;
                    StringBuilder v = new StringBuilder();
                    while (true) {
                        if (i >= s.length()) throw error("']' closing the value of " + id);
                        char c = s.charAt(i++);
                        if (c == '\\') {
                            if (i >= s.length()) throw error("a character after '\\'");
                            char e = s.charAt(i++);
                            if (e == '\n' || e == '\r') continue; // a soft line break
                            v.append(e);
                        } else if (c == ']') {
                            break;
                        } else {
                            v.append(c);
                        }
                    }
                    values.add(v.toString());
                    ws();
                }
                props.computeIfAbsent(id, k -> new ArrayList<>()).addAll(values);
            }
        }
    }
}
