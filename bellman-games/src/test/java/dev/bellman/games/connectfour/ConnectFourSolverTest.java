package dev.bellman.games.connectfour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.games.RandomPlayer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class ConnectFourSolverTest {
    private static final ConnectFour GAME = new ConnectFour();

    record Line(String moves, int score) {
    }

    static List<Line> fixture() throws IOException {
        List<Line> out = new ArrayList<>();
        try (var in = ConnectFourSolverTest.class.getResourceAsStream("/connect4/positions.txt")) {
            if (in == null) throw new IllegalStateException("missing test resource connect4/positions.txt");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.strip().split("\\s+");
                out.add(new Line(parts[0], Integer.parseInt(parts[1])));
            }
        }
        return out;
    }

    /**
     * Every position of the fixture written by tools/fixtures/connect4_positions.py, whose plain Python negamax shares
     * nothing with this solver but the score convention.
     */
    @Test
    void solve_agreesWithIndependentScriptOnEveryFixturePosition() throws IOException {
        List<Line> lines = fixture();
        assertTrue(lines.size() >= 150, "fixture has only " + lines.size() + " positions");
        ConnectFourSolver solver = new ConnectFourSolver(20);
        List<String> wrong = new ArrayList<>();
        for (Line line : lines) {
            int score = solver.solve(GAME.stateFromMoves(line.moves()));
            if (score != line.score()) wrong.add(line.moves() + ": solver " + score + ", script " + line.score());
        }
        assertEquals(List.of(), wrong);
    }

    /** A plain minimax over the whole remaining tree, for positions near the end: a second, trivially correct oracle. */
    private static int bruteForce(ConnectFourState s) {
        int n = s.moveNumber();
        int best = Integer.MIN_VALUE;
        for (int c : s.legalActions()) {
            s.apply(c);
            int v;
            if (s.winner() >= 0) {
                v = (ConnectFour.CELLS + 1 - n) / 2; // Pons's score for winning with this stone
            } else if (s.isTerminal()) {
                v = 0;
            } else {
                v = -bruteForce(s);
            }
            s.undo();
            best = Math.max(best, v);
        }
        return best;
    }

    @Test
    void solveAndAnalyze_agreeWithBruteForceNearTheEnd() {
        ConnectFourSolver solver = new ConnectFourSolver(16);
        RandomPlayer player = new RandomPlayer(21);
        int checked = 0;
        int nonZero = 0;
        while (checked < 60) {
            ConnectFourState s = GAME.newInitialState();
            while (!s.isTerminal() && s.moveNumber() < 33) s.apply(player.chooseAction(s));
            if (s.isTerminal()) continue;
            int expected = bruteForce(s.copy());
            assertEquals(expected, solver.solve(s), s.serialize());
            Integer[] scores = solver.analyze(s);
            int max = Integer.MIN_VALUE;
            for (int c = 0; c < 7; c++) {
                if (!s.isLegal(c)) {
                    assertNull(scores[c]);
                    continue;
                }
                ConnectFourState child = s.copy();
                child.apply(c);
                int childScore = child.winner() >= 0 ? (43 - s.moveNumber()) / 2
                        : child.isTerminal() ? 0 : -bruteForce(child);
                assertEquals(childScore, scores[c], s.serialize() + " column " + (c + 1));
                max = Math.max(max, scores[c]);
            }
            assertEquals(expected, max);
            // a depth-limited search that reaches the end is exact
            assertEquals(expected, solver.solveDepth(s, 42 - s.moveNumber()), s.serialize());
            if (expected != 0) nonZero++;
            checked++;
        }
        assertTrue(nonZero > 20, "too few decided positions: " + nonZero);
    }

    @Test
    void analyze_isConsistentWithSolveOnFixturePositions() throws IOException {
        ConnectFourSolver solver = new ConnectFourSolver(20);
        int done = 0;
        for (Line line : fixture()) {
            if (line.moves().length() < 24 || done++ >= 15) continue;
            ConnectFourState s = GAME.stateFromMoves(line.moves());
            Integer[] scores = solver.analyze(s);
            int max = Integer.MIN_VALUE;
            for (Integer v : scores) if (v != null) max = Math.max(max, v);
            assertEquals(line.score(), max, line.moves());
        }
    }

    @Test
    void depthLimited_findsShortWinsAndBlocks() {
        ConnectFourSolver solver = new ConnectFourSolver(10);
        // X to move with three in the bottom row: column 4 wins at once (X's 4th stone: 22 - 4 = 18)
        ConnectFourState win = GAME.stateFromMoves("112233");
        Integer[] scores = solver.analyzeDepth(win, 1);
        assertEquals(18, scores[3]);
        assertEquals(18, solver.solveDepth(win, 0));
        // O to move must block column 4, else X wins next: depth 2 sees it
        ConnectFourState block = GAME.stateFromMoves("1122335");
        Integer[] blockScores = solver.analyzeDepth(block, 2);
        for (int c = 0; c < 7; c++) {
            if (c == 3) {
                assertTrue(blockScores[c] > -17, "blocking scored " + blockScores[c]);
            } else {
                assertEquals(-17, blockScores[c], "column " + (c + 1)); // X wins with its 5th stone
            }
        }
        SolverPlayer shallow = SolverPlayer.depthLimited(2, 1);
        assertEquals(3, shallow.chooseAction(block));
        assertEquals(3, shallow.chooseAction(win));
        assertEquals("solver:2", shallow.name());
        assertThrows(IllegalArgumentException.class, () -> SolverPlayer.depthLimited(0, 1));
        assertThrows(IllegalArgumentException.class, () -> solver.solve(GAME.stateFromMoves("1212121")));
    }

    @Test
    void solverPlayer_playsAnOptimalMoveAndBreaksTiesBySeed() throws IOException {
        ConnectFourSolver shared = new ConnectFourSolver(20);
        SolverPlayer a = SolverPlayer.perfect(shared, 7);
        int checked = 0;
        for (Line line : fixture()) {
            if (line.moves().length() < 26 || checked >= 20) continue;
            ConnectFourState s = GAME.stateFromMoves(line.moves());
            int move = a.chooseAction(s);
            assertEquals(line.score(), (int) shared.analyze(s)[move], line.moves());
            checked++;
        }
        // on a position with several equally good moves, different seeds pick differently, equal seeds alike
        ConnectFourState open = GAME.stateFromMoves("4444441111");
        List<Integer> first = new ArrayList<>();
        List<Integer> again = new ArrayList<>();
        List<Integer> other = new ArrayList<>();
        SolverPlayer p1 = SolverPlayer.depthLimited(1, 3);
        SolverPlayer p2 = SolverPlayer.depthLimited(1, 3);
        SolverPlayer p3 = SolverPlayer.depthLimited(1, 4);
        for (int i = 0; i < 20; i++) {
            first.add(p1.chooseAction(open));
            again.add(p2.chooseAction(open));
            other.add(p3.chooseAction(open));
        }
        assertEquals(first, again);
        assertNotEquals(first, other);
        assertTrue(first.stream().distinct().count() > 2, first.toString());
    }

    /**
     * The empty board scores 1 (the first player wins with its last stone). Over 10 CPU-minutes of search (not seen to the end here), so run on request:
     * {@code ./mvnw -B -o -q -pl bellman-games -am test -Dtest=ConnectFourSolverTest#emptyBoard_scoresOne
     * -Dbellman.slowSolver=true -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    @Test
    @EnabledIfSystemProperty(named = "bellman.slowSolver", matches = "true")
    void emptyBoard_scoresOne() {
        ConnectFourSolver solver = new ConnectFourSolver(24);
        long start = System.nanoTime();
        int score = solver.solve(GAME.newInitialState());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("empty board: score %d, %d nodes, %.1f s, %.0f nodes/s%n", score, solver.nodeCount(),
                seconds, solver.nodeCount() / seconds);
        assertEquals(1, score);
    }

    @Test
    void transpositionTable_emptySlotsAreNotTheEmptyBoard() {
        // the empty board's key (stones + occupied) is 0, the value of an unused slot's key
        ConnectFourSolver solver = new ConnectFourSolver(10);
        assertNull(solver.tableEntry(GAME.newInitialState()));
        ConnectFourState late = GAME.stateFromMoves("71266124224447453466211355717565563");
        assertNull(solver.tableEntry(late));
        assertEquals(0, solver.solve(late));
        String entry = solver.tableEntry(late);
        assertTrue(entry != null && (entry.equals("upper 0") || entry.equals("lower 0")), entry);
    }

    private static String mirrored(String moves) {
        StringBuilder out = new StringBuilder();
        for (char ch : moves.toCharArray()) out.append((char) ('1' + '7' - ch));
        return out.toString();
    }

    @Test
    void mirror_reversesColumnsAndTheTableSharesMirrorImages() throws IOException {
        ConnectFourState s = GAME.stateFromMoves("4453112");
        ConnectFourState m = GAME.stateFromMoves(mirrored("4453112"));
        assertEquals(m.occupied(), Bitboards.mirror(s.occupied()));
        assertEquals(m.currentStones(), Bitboards.mirror(s.currentStones()));
        assertEquals(s.occupied(), Bitboards.mirror(Bitboards.mirror(s.occupied())));
        assertNotEquals(s.occupied(), m.occupied());
        // solving a position leaves a bound that its mirror image finds
        ConnectFourSolver solver = new ConnectFourSolver(16);
        ConnectFourState late = GAME.stateFromMoves("71266124224447453466211355717565563");
        ConnectFourState lateMirror = GAME.stateFromMoves(mirrored("71266124224447453466211355717565563"));
        solver.solve(late);
        assertEquals(solver.tableEntry(late), solver.tableEntry(lateMirror));
        assertTrue(solver.tableEntry(lateMirror) != null);
        // and mirror images score alike, column c as column 8 - c, on the fixture
        int done = 0;
        for (Line line : fixture()) {
            if (line.moves().length() < 20 || done++ >= 20) continue;
            Integer[] a = solver.analyze(GAME.stateFromMoves(line.moves()));
            Integer[] b = new ConnectFourSolver(12).analyze(GAME.stateFromMoves(mirrored(line.moves())));
            for (int c = 0; c < 7; c++) assertEquals(a[c], b[6 - c], line.moves() + " column " + (c + 1));
        }
    }

    @Test
    void analyze_symmetricPositionScoresMirroredColumnsAlike() {
        ConnectFourSolver solver = new ConnectFourSolver(16);
        // its own mirror image: columns 1/7, 2/6 and 3/5 hold the same stones
        ConnectFourState s = GAME.stateFromMoves("44441276335544");
        assertEquals(s.occupied(), Bitboards.mirror(s.occupied()));
        assertEquals(s.currentStones(), Bitboards.mirror(s.currentStones()));
        Integer[] scores = solver.analyze(s);
        Integer[] fresh = new Integer[7];
        for (int c = 0; c < 7; c++) {
            if (!s.isLegal(c)) continue;
            ConnectFourState child = s.copy();
            child.apply(c);
            fresh[c] = child.winner() >= 0 ? (43 - s.moveNumber()) / 2
                    : child.isTerminal() ? 0 : -new ConnectFourSolver(16).solve(child);
        }
        assertArrayEquals(fresh, scores);
    }

    /**
     * The book of exact scores: once every child of a position is analysed, solving the position takes a few nodes
     * (its children's scores come from the book, not from a search), and its analysis agrees with a fresh solver's.
     */
    @Test
    void book_answersAPositionFromItsSolvedChildren() {
        ConnectFourState parent = GAME.stateFromMoves("572416254674");
        ConnectFourSolver fresh = new ConnectFourSolver(16);
        Integer[] expected = fresh.analyze(parent);
        fresh.clear();
        fresh.resetNodeCount();
        int freshScore = fresh.solve(parent);
        long freshNodes = fresh.nodeCount();
        ConnectFourSolver solver = new ConnectFourSolver(16);
        for (int c : parent.legalActions()) {
            ConnectFourState child = parent.copy();
            child.apply(c);
            if (!child.isTerminal()) solver.analyze(child);
        }
        assertTrue(solver.bookSize() >= parent.legalActions().length, "book size " + solver.bookSize());
        solver.resetNodeCount();
        assertEquals(freshScore, solver.solve(parent));
        // at most 1 + 7 nodes for each of the bisection's few null-window probes
        assertTrue(freshNodes > 1000 && solver.nodeCount() <= 50, solver.nodeCount() + " nodes with the children in the book, "
                + freshNodes + " fresh");
        assertArrayEquals(expected, solver.analyze(parent));
    }

    /**
     * {@code learn} takes a position's analysis from elsewhere (a resumed position set): the position and its children
     * go into the book, so solving the position's parent, or the position, searches a few nodes; a score that no move
     * there can have, or one for a full column, is refused.
     */
    @Test
    void learn_putsAnAnalysisInTheBook_andRefusesImpossibleScores() {
        ConnectFourState parent = GAME.stateFromMoves("572416254674");
        ConnectFourSolver fresh = new ConnectFourSolver(16);
        Integer[] expected = fresh.analyze(parent);
        ConnectFourSolver solver = new ConnectFourSolver(16);
        for (int c : parent.legalActions()) {
            ConnectFourState child = parent.copy();
            child.apply(c);
            if (!child.isTerminal()) solver.learn(child, fresh.analyze(child));
        }
        assertEquals(0, solver.nodeCount(), "learning searches nothing");
        assertArrayEquals(expected, solver.analyze(parent));
        assertTrue(solver.nodeCount() <= 100, solver.nodeCount() + " nodes with the children's analyses learnt");
        ConnectFourSolver direct = new ConnectFourSolver(16);
        direct.learn(parent, expected);
        assertEquals(java.util.Arrays.stream(expected).filter(v -> v != null).mapToInt(v -> v).max().orElseThrow(),
                direct.solve(parent));
        for (int c : parent.legalActions()) {
            ConnectFourState child = parent.copy();
            child.apply(c);
            if (!child.isTerminal()) assertEquals(-expected[c], direct.solve(child));
        }
        assertEquals(0, direct.nodeCount(), "the position and its children are in the book");

        Integer[] tooHigh = expected.clone();
        tooHigh[3] = 18; // a win with the mover's fourth stone, at 12 stones on the board
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> direct.learn(parent, tooHigh));
        assertEquals("column 4 of '572416254674' scores 18, outside -15..15", e.getMessage());
        ConnectFourState full = GAME.stateFromMoves("111111");
        Integer[] scoredFull = {0, 0, 0, 0, 0, 0, 0};
        e = assertThrows(IllegalArgumentException.class, () -> direct.learn(full, scoredFull));
        assertEquals("column 1 of '111111' is full but has a score", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> direct.learn(parent, new Integer[6]));
    }

    @Test
    void scoreConstants() {
        assertEquals(-18, ConnectFourSolver.MIN_SCORE);
        assertEquals(18, ConnectFourSolver.MAX_SCORE);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, GAME.stateFromMoves("").legalActions());
    }
}
