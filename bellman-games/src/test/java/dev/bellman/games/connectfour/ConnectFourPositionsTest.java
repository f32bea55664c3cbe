package dev.bellman.games.connectfour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.games.connectfour.ConnectFourPositions.Drawn;
import dev.bellman.games.connectfour.ConnectFourPositions.Position;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectFourPositionsTest {
    private static final ConnectFour GAME = new ConnectFour();

    @Test
    void position_optimalAndOutcomeFollowTheBestScore() {
        Position p = new Position("4453", "random", new Integer[] {-2, null, 0, 1, 1, -1, 3});
        assertEquals(3, p.bestScore());
        assertTrue(p.isOptimal(6));
        assertFalse(p.isOptimal(3));
        assertTrue(p.keepsOutcome(3), "a win of another length keeps the outcome");
        assertFalse(p.keepsOutcome(2), "a draw does not keep a win");
        assertFalse(p.keepsOutcome(1), "a full column is no move");
        Position drawn = new Position("", "random", new Integer[] {-2, -1, 0, 0, -1, -1, -2});
        assertTrue(drawn.keepsOutcome(2) && drawn.isOptimal(3) && !drawn.keepsOutcome(1));
    }

    @Test
    void sample_isSeededScoredExactlyAndWithinTheStoneRange() throws IOException {
        ConnectFourSolver solver = new ConnectFourSolver(18);
        List<Integer> progress = new ArrayList<>();
        List<Position> a = ConnectFourPositions.sample(12, 7, 22, solver, progress::add);
        List<Position> b = ConnectFourPositions.sample(12, 7, 22, new ConnectFourSolver(16), x -> { });
        List<Position> other = ConnectFourPositions.sample(12, 8, 22, solver, x -> { });
        assertEquals(12, a.size());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), progress);
        assertEquals(text(a), text(b));
        assertNotEquals(text(a), text(other));
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            Position p = a.get(i);
            assertEquals(i % 2 == 0 ? "random" : "lookahead", p.source());
            assertTrue(p.stones() >= 22, p.moves());
            ConnectFourState s = GAME.stateFromMoves(p.moves());
            assertFalse(s.isTerminal());
            assertTrue(keys.add(ConnectFourSolver.canonicalKey(s.currentStones(), s.occupied())), "repeated " + p.moves());
            assertArrayEquals(new ConnectFourSolver(14).analyze(s), p.scores(), p.moves());
        }
        // the text form reads back to the same positions
        assertEquals(text(a), text(ConnectFourPositions.read(new StringReader(text(a)))));
        assertThrows(IllegalArgumentException.class, () -> ConnectFourPositions.sample(0, 1, 10, solver, x -> { }));
        assertThrows(IllegalArgumentException.class, () -> ConnectFourPositions.sample(1, 1, 42, solver, x -> { }));
    }

    /**
     * Drawn from 0 stones on, the sample reaches every depth: the empty board once, each of the opening's stone counts
     * several times; the draw is fixed by the seed, and a shorter draw is the start of a longer one (so a set cut short
     * keeps the sampler's first positions).
     */
    @Test
    void draw_fromZeroStonesCoversEveryDepthAndIsSeeded() {
        List<Drawn> all = ConnectFourPositions.draw(1000, 1, 0);
        int[] byStones = new int[ConnectFour.CELLS];
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            Drawn d = all.get(i);
            byStones[d.stones()]++;
            assertEquals(i % 2 == 0 ? "random" : "lookahead", d.source());
            ConnectFourState s = GAME.stateFromMoves(d.moves());
            assertFalse(s.isTerminal(), d.moves());
            assertTrue(keys.add(ConnectFourSolver.canonicalKey(s.currentStones(), s.occupied())), "repeated " + d.moves());
        }
        assertEquals(1, byStones[0], "the empty board, once");
        assertTrue(byStones[1] >= 1 && byStones[1] <= 4, "one stone: 4 positions up to mirror images, " + byStones[1]);
        for (int k = 2; k < 12; k++) assertTrue(byStones[k] >= 10, k + " stones: " + byStones[k]);
        int late = 0;
        for (int k = 30; k < ConnectFour.CELLS; k++) late += byStones[k];
        assertTrue(late >= 20, "30 or more stones: " + late);
        assertEquals(all.subList(0, 100), ConnectFourPositions.draw(100, 1, 0));
        assertNotEquals(all.subList(0, 100), ConnectFourPositions.draw(100, 2, 0));
    }

    /** {@code score} solves the most stones first (so the solver's book helps the openings) and keeps the draw's order. */
    @Test
    void score_solvesMostStonesFirstAndKeepsTheDrawOrder() {
        List<Drawn> drawn = ConnectFourPositions.draw(10, 3, 20);
        List<Integer> stonesScored = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Position> scored = ConnectFourPositions.score(drawn, new ConnectFourSolver(16), (done, p) -> {
            counts.add(done);
            stonesScored.add(p.stones());
        });
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), counts);
        for (int i = 1; i < stonesScored.size(); i++) {
            assertTrue(stonesScored.get(i - 1) >= stonesScored.get(i), "scoring order by stones " + stonesScored);
        }
        assertNotEquals(stonesScored, drawn.stream().map(Drawn::stones).toList(), "the draw is not sorted already");
        for (int i = 0; i < drawn.size(); i++) {
            assertEquals(drawn.get(i).moves(), scored.get(i).moves());
            assertEquals(drawn.get(i).source(), scored.get(i).source());
            assertArrayEquals(new ConnectFourSolver(14).analyze(GAME.stateFromMoves(drawn.get(i).moves())),
                    scored.get(i).scores(), drawn.get(i).moves());
        }
    }

    private static String text(List<Position> positions) {
        StringBuilder sb = new StringBuilder();
        try {
            ConnectFourPositions.write(positions, List.of("header"), sb);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return sb.toString();
    }

    @Test
    void read_rejectsMalformedLinesNamingThem() {
        String ok = "# comment\n4453\trandom\t-2,-1,0,1,0,-1,-2\n";
        IOException few = assertThrows(IOException.class,
                () -> ConnectFourPositions.read(new StringReader(ok + "44\trandom\t1,2,3\n")));
        assertTrue(few.getMessage().startsWith("line 3 ") && few.getMessage().contains("7 comma-separated scores"),
                few.getMessage());
        IOException full = assertThrows(IOException.class,
                () -> ConnectFourPositions.read(new StringReader("444444\trandom\t0,0,0,0,0,0,0\n")));
        assertTrue(full.getMessage().contains("column 4 is full"), full.getMessage());
        IOException illegal = assertThrows(IOException.class,
                () -> ConnectFourPositions.read(new StringReader("4444444\trandom\t0,0,0,-,0,0,0\n")));
        assertTrue(illegal.getMessage().startsWith("line 1 "), illegal.getMessage());
    }

    /**
     * The committed set: 1,000 positions of both sources, a range of stone counts, no repeats, and scores that a fresh
     * solver reproduces (checked on a spread of the set's later positions, which are quick to solve).
     */
    @Test
    void builtIn_isTheDocumentedSetAndItsScoresAreExact() {
        List<Position> set = ConnectFourPositions.builtIn();
        assertEquals(1000, set.size());
        int[] bySource = new int[2];
        int minStones = 99, maxStones = 0;
        Set<Long> keys = new HashSet<>();
        for (Position p : set) {
            bySource[p.source().equals("random") ? 0 : 1]++;
            minStones = Math.min(minStones, p.stones());
            maxStones = Math.max(maxStones, p.stones());
            ConnectFourState s = GAME.stateFromMoves(p.moves());
            assertTrue(keys.add(ConnectFourSolver.canonicalKey(s.currentStones(), s.occupied())), "repeated " + p.moves());
        }
        assertArrayEquals(new int[] {500, 500}, bySource);
        assertTrue(minStones == 12 && maxStones >= 35, minStones + ".." + maxStones);
        ConnectFourSolver solver = new ConnectFourSolver(20);
        int checked = 0;
        for (int i = 0; i < set.size() && checked < 40; i += 7) {
            Position p = set.get(i);
            if (p.stones() < 18) continue;
            assertArrayEquals(solver.analyze(GAME.stateFromMoves(p.moves())), p.scores(), p.moves());
            checked++;
        }
        assertEquals(40, checked);
    }

    /**
     * The committed all-depths set: exactly the seed-1 draw from 0 stones, less the positions below its fewest stones,
     * in the draw's order; its scores reproduce on a spread of its quick positions (18 stones or more) and on a few
     * cheap ones of few stones (each well under a CPU-second here).
     */
    @Test
    void allDepths_isTheSeedOneDrawCutBelowItsFewestStonesAndItsScoresAreExact() {
        List<Position> set = ConnectFourPositions.allDepths();
        int fewest = set.stream().mapToInt(Position::stones).min().orElseThrow();
        assertTrue(fewest <= 11, "fewest stones " + fewest);
        List<Drawn> expected = ConnectFourPositions.draw(1000, 1, 0).stream().filter(d -> d.stones() >= fewest).toList();
        assertEquals(expected, set.stream().map(p -> new Drawn(p.moves(), p.source())).toList());
        ConnectFourSolver solver = new ConnectFourSolver(20);
        int checked = 0;
        for (int i = 0; i < set.size() && checked < 30; i += 7) {
            Position p = set.get(i);
            if (p.stones() < 18) continue;
            assertArrayEquals(solver.analyze(GAME.stateFromMoves(p.moves())), p.scores(), p.moves());
            checked++;
        }
        assertEquals(30, checked);
        for (String moves : CHEAP_FEW_STONES) {
            Position p = set.stream().filter(x -> x.moves().equals(moves)).findFirst().orElseThrow(() ->
                    new AssertionError(moves + " is not in the set"));
            assertTrue(p.stones() < 12, moves);
            assertArrayEquals(new ConnectFourSolver(20).analyze(GAME.stateFromMoves(moves)), p.scores(), moves);
        }
    }

    /**
     * The all-depths set's shallowest lines cost hours to recompute, so they are checked against known facts and
     * against each other: the empty board scores as Pons's solver does (-2, -1, 0, 1, 0, -1, -2), and wherever the set
     * holds a position and also the position (or its mirror image) after one of its moves, the child's best score is
     * minus the parent's score of that move (173 such pairs, most of them among the positions of 0 to 4 stones).
     */
    @Test
    void allDepths_agreesWithTheKnownEmptyBoardAndWithItself() {
        List<Position> set = ConnectFourPositions.allDepths();
        Position empty = set.stream().filter(p -> p.stones() == 0).findFirst().orElseThrow();
        assertArrayEquals(new Integer[] {-2, -1, 0, 1, 0, -1, -2}, empty.scores());
        Map<Long, Position> byKey = new HashMap<>();
        for (Position p : set) {
            ConnectFourState s = GAME.stateFromMoves(p.moves());
            byKey.put(ConnectFourSolver.canonicalKey(s.currentStones(), s.occupied()), p);
        }
        int pairs = 0;
        for (Position p : set) {
            for (int c = 0; c < 7; c++) {
                if (p.scores()[c] == null) continue;
                ConnectFourState child = GAME.stateFromMoves(p.moves());
                child.apply(c);
                Position q = byKey.get(ConnectFourSolver.canonicalKey(child.currentStones(), child.occupied()));
                if (q == null) continue;
                int best = java.util.Arrays.stream(q.scores()).filter(v -> v != null).mapToInt(v -> v).max()
                        .orElseThrow();
                assertEquals(-p.scores()[c], best,
                        "'" + p.moves() + "' then column " + (c + 1) + " is '" + q.moves() + "'");
                pairs++;
            }
        }
        assertEquals(173, pairs);
    }

    /**
     * Positions of the all-depths set with 8 and 9 stones whose analysis is cheap (0.2 to 0.9 M nodes each with a fresh
     * solver; picked from the generation's log, which prints every position's cost).
     */
    private static final List<String> CHEAP_FEW_STONES = List.of("43633432", "44357335", "53546252", "444423725",
            "155324141");
}
