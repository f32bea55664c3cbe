package dev.bellman.games.go;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.games.Games;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoTest {
    private static final GoGame GO5 = new GoGame(5);
    private static final GoGame GO9 = new GoGame(9);

    /** A position from setup stones in GTP notation, separated by spaces. */
    private static GoState position(GoGame game, String black, String white, int toMove) {
        GoState s = game.newInitialState();
        s.setup(points(game, black), points(game, white), toMove);
        return s;
    }

    private static int[] points(GoGame game, String list) {
        return list.isBlank() ? new int[0] : Arrays.stream(list.strip().split("\\s+")).mapToInt(game::stringToAction)
                .toArray();
    }

    private static int at(GoGame game, String v) {
        return game.stringToAction(v);
    }

    @Test
    void coordinates_gtpWithoutI() {
        GoGame go19 = new GoGame(19);
        assertEquals("A1", go19.actionToString(18 * 19));
        assertEquals("T19", go19.actionToString(18));
        assertEquals("J10", go19.actionToString(9 * 19 + 8));
        assertEquals(9 * 19 + 8, go19.stringToAction("j10"));
        assertEquals(361, go19.stringToAction("PASS"));
        assertEquals("pass", go19.actionToString(361));
        assertThrows(IllegalArgumentException.class, () -> go19.stringToAction("I5"));
        assertThrows(IllegalArgumentException.class, () -> GO9.stringToAction("K5"));
        assertThrows(IllegalArgumentException.class, () -> GO9.stringToAction("A10"));
        assertThrows(IllegalArgumentException.class, () -> GO9.stringToAction("A0"));
        for (int a = 0; a <= 81; a++) assertEquals(a, GO9.stringToAction(GO9.actionToString(a)));
    }

    @Test
    void registry_goIds() {
        assertTrue(Games.make("Go9x9") instanceof GoGame g && g.size() == 9);
        assertTrue(Games.make("Go19x19") instanceof GoGame g && g.size() == 19);
        assertTrue(Games.make("Go5x5") instanceof GoGame g && g.size() == 5);
        assertTrue(Games.make("Go13x13") instanceof GoGame g && g.size() == 13);
        assertFalse(Games.exists("Go4x4"));
        assertEquals(82, Games.make("Go9x9").numDistinctActions());
        assertArrayEquals(new int[] {17, 9, 9}, Games.make("Go9x9").observationShape());
        assertThrows(IllegalArgumentException.class, () -> new GoGame(20));
        assertThrows(IllegalArgumentException.class, () -> new GoGame(GoGame.Config.of(9).withKomi(Double.NaN)));
    }

    @Test
    void capture_singleStoneInTheCentre() {
        GoState s = position(GO5, "C3", "C4 B3 D3", 1);
        assertEquals(1, s.liberties(at(GO5, "C3")));
        s.apply(at(GO5, "C2"));
        assertEquals(GoState.EMPTY, s.colourAt(at(GO5, "C3")));
        assertEquals(1, s.captures(1));
        assertEquals(0, s.captures(0));
        assertEquals(4, s.liberties(at(GO5, "C2")) + 0 * 0, "C2 has C1, B2, D2 and the freed C3");
        assertEquals(4, s.liberties(at(GO5, "C4")), "C4 gains C3");
    }

    @Test
    void capture_groupOfTwo() {
        GoState s = position(GO5, "C3 D3", "C4 D4 B3 E3 C2", 1);
        s.apply(at(GO5, "D2"));
        assertEquals(GoState.EMPTY, s.colourAt(at(GO5, "C3")));
        assertEquals(GoState.EMPTY, s.colourAt(at(GO5, "D3")));
        assertEquals(2, s.captures(1));
        assertEquals(6, s.liberties(at(GO5, "C4")), "C4-D4: C5 D5 B4 E4 and the freed C3 D3");
    }

    @Test
    void capture_edgeAndCorner() {
        GoState edge = position(GO5, "A3", "A4 B3", 1);
        edge.apply(at(GO5, "A2"));
        assertEquals(GoState.EMPTY, edge.colourAt(at(GO5, "A3")));
        GoState corner = position(GO5, "A1", "A2", 1);
        corner.apply(at(GO5, "B1"));
        assertEquals(GoState.EMPTY, corner.colourAt(at(GO5, "A1")));
        assertEquals(1, corner.captures(1));
        // the capturing stone in the corner region now has A1 as a liberty
        assertEquals(3, corner.liberties(at(GO5, "A2")), "A2: A1, A3, B2");
    }

    @Test
    void suicide_isRefused_butCapturingIntoNoLibertiesIsNot() {
        GoState s = position(GO5, "", "A2 B1", 0);
        assertFalse(s.isLegal(at(GO5, "A1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(at(GO5, "A1")));
        assertTrue(e.getMessage().contains("A1") && e.getMessage().contains("suicide"), e.getMessage());
        GoState group = position(GO5, "A1", "A2 B2 C1", 0); // B1 would leave A1-B1 without liberties
        assertFalse(group.isLegal(at(GO5, "B1")));
        GoState capture = position(GO5, "A3 B2", "A2 B1", 0); // A1 has no empty neighbour but takes A2
        assertTrue(capture.isLegal(at(GO5, "A1")));
        capture.apply(at(GO5, "A1"));
        assertEquals(GoState.EMPTY, capture.colourAt(at(GO5, "A2")));
        assertEquals(GoState.WHITE, capture.colourAt(at(GO5, "B1")), "B1 keeps C1");
    }

    /** Ko A: Black captures at D3 and White may retake at C3. Ko B: White captures at D6, Black retakes at C6. */
    private static GoState doubleKo(GoGame.KoRule rule) {
        GoGame game = new GoGame(GoGame.Config.of(9).withKoRule(rule));
        return position(game, "B3 C2 C4 D5 D7 E6 C6", "C3 D2 D4 E3 B6 C5 C7", 0);
    }

    @Test
    void simpleKo_forbidsOnlyTheImmediateRetake() {
        for (GoGame.KoRule rule : GoGame.KoRule.values()) {
            GoState s = doubleKo(rule);
            GoGame g = s.game();
            s.apply(at(g, "D3")); // takes the ko
            assertEquals(1, s.captures(0));
            assertFalse(s.isLegal(at(g, "C3")), rule + ": immediate retake");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(at(g, "C3")));
            assertTrue(e.getMessage().contains(rule == GoGame.KoRule.SIMPLE ? "ko" : "superko"), e.getMessage());
            s.apply(at(g, "A9")); // a threat elsewhere
            s.apply(at(g, "J1"));
            assertTrue(s.isLegal(at(g, "C3")), rule + ": retake after an exchange elsewhere");
        }
    }

    @Test
    void positionalSuperko_forbidsWhatSimpleKoAllows() {
        // D3 (B takes ko A), D6 (W takes ko B), pass, C3 (W retakes A), C6 (B retakes B) recreates the first position
        GoState simple = doubleKo(GoGame.KoRule.SIMPLE);
        GoState superko = doubleKo(GoGame.KoRule.POSITIONAL_SUPERKO);
        long start = superko.boardHash();
        for (String m : new String[] {"D3", "D6", "pass", "C3"}) {
            simple.apply(at(simple.game(), m));
            superko.apply(at(superko.game(), m));
        }
        int c6 = at(GO9, "C6");
        assertTrue(simple.isLegal(c6));
        assertTrue(superko.repeatsPosition(c6));
        assertFalse(superko.isLegal(c6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> superko.apply(c6));
        assertTrue(e.getMessage().contains("positional superko"), e.getMessage());
        simple.apply(c6);
        assertEquals(start, simple.boardHash(), "the simple-ko game is back at its first position");
    }

    @Test
    void scoring_areaWithKomi() {
        // Black walls column C, White column D: Black owns A-C (15), White D-E (10)
        GoState s = position(GO5, "C1 C2 C3 C4 C5", "D1 D2 D3 D4 D5", 0);
        assertArrayEquals(new int[] {0, 15, 10}, s.area());
        assertEquals(15 - 10 - 7.5, s.score());
        s.apply(25);
        s.apply(25);
        assertTrue(s.isTerminal());
        assertEquals(State_TERMINAL, s.currentPlayer());
        assertArrayEquals(new double[] {-1, 1}, s.returns());
        assertEquals("W+2.5", s.resultString());
        GoGame noKomi = new GoGame(GoGame.Config.of(5).withKomi(0));
        GoState t = position(noKomi, "C1 C2 C3 C4 C5", "D1 D2 D3 D4 D5", 0);
        t.apply(25);
        t.apply(25);
        assertArrayEquals(new double[] {1, -1}, t.returns());
        assertEquals("B+5", t.resultString());
        // a dame point touching both colours counts for nobody; a lone white stone in Black's area is not removed
        GoState dame = position(noKomi, "B1 B2 B3 B4 B5 A3", "D1 D2 D3 D4 D5 C3", 0);
        // A3 splits A1-A2 and A4-A5 (both Black's); C1-C2 and C4-C5 touch B and D: dame; E column White's
        assertArrayEquals(new int[] {0, 6 + 4, 6 + 5}, dame.area());
        GoState draw = position(new GoGame(GoGame.Config.of(5).withKomi(5)), "C1 C2 C3 C4 C5", "D1 D2 D3 D4 D5", 1);
        draw.apply(25);
        draw.apply(25);
        assertArrayEquals(new double[] {0, 0}, draw.returns());
        assertEquals("0", draw.resultString());
    }

    private static final int State_TERMINAL = dev.bellman.games.State.TERMINAL;

    @Test
    void twoPassesEndTheGame_onePassDoesNot() {
        assertFalse(GO9.stateFromMoves("pass").isTerminal());
        assertFalse(GO9.stateFromMoves("pass D4 pass").isTerminal());
        GoState s = GO9.stateFromMoves("D4 pass pass");
        assertTrue(s.isTerminal());
        assertEquals(0, s.legalActions().length);
        assertThrows(IllegalStateException.class, () -> s.apply(81));
        assertThrows(IllegalArgumentException.class, () -> GO9.stateFromMoves("pass pass D4"));
        s.undo();
        assertFalse(s.isTerminal());
        assertEquals(1, s.consecutivePasses());
    }

    /** Liberties of the chain at every point by flood fill from scratch, the reference for the incremental ones. */
    private static int[] bruteLiberties(GoState s) {
        int n = s.game().size();
        int[] out = new int[n * n];
        for (int a = 0; a < n * n; a++) {
            int c = s.colourAt(a);
            if (c == GoState.EMPTY) continue;
            Set<Integer> chain = new HashSet<>(), libs = new HashSet<>();
            java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
            todo.add(a);
            chain.add(a);
            while (!todo.isEmpty()) {
                int p = todo.poll();
                int r = p / n, col = p % n;
                int[][] ds = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
                for (int[] d : ds) {
                    int rr = r + d[0], cc = col + d[1];
                    if (rr < 0 || cc < 0 || rr >= n || cc >= n) continue;
                    int q = rr * n + cc;
                    if (s.colourAt(q) == GoState.EMPTY) libs.add(q);
                    else if (s.colourAt(q) == c && chain.add(q)) todo.add(q);
                }
            }
            out[a] = libs.size();
        }
        return out;
    }

    private static Set<Integer> emptyPoints(GoState s) {
        Set<Integer> out = new HashSet<>();
        for (int a = 0; a < s.game().size() * s.game().size(); a++) if (s.colourAt(a) == GoState.EMPTY) out.add(a);
        return out;
    }

    private static Set<Integer> emptyList(GoState s) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < s.emptyCount; i++) out.add(s.game().toAction[s.empties[i]]);
        assertEquals(s.emptyCount, out.size(), "no point twice");
        return out;
    }

    private static int[] libertiesOf(GoState s) {
        int n = s.game().size();
        int[] out = new int[n * n];
        for (int a = 0; a < n * n; a++) out[a] = s.liberties(a);
        return out;
    }

    @Test
    void randomGames_incrementalLibertiesMatchFloodFill_andUndoRestoresExactly() {
        SplittableRandom random = new SplittableRandom(17);
        for (GoGame game : new GoGame[] {GO5, GO9, new GoGame(GoGame.Config.of(7).withKoRule(GoGame.KoRule.SIMPLE))}) {
            for (int g = 0; g < 12; g++) {
                GoState s = game.newInitialState();
                java.util.List<GoState> snapshots = new java.util.ArrayList<>();
                int captures = 0;
                while (!s.isTerminal()) {
                    snapshots.add(s.copy());
                    int[] legal = s.legalActions();
                    // mostly points, so the board fills and captures happen
                    int a = legal.length > 1 && random.nextInt(20) != 0 ? legal[random.nextInt(legal.length - 1)]
                            : legal[legal.length - 1];
                    s.apply(a);
                    assertArrayEquals(bruteLiberties(s), libertiesOf(s), () -> "after " + s.serialize());
                    assertEquals(emptyPoints(s), emptyList(s), "the incremental list of empty points");
                    if (random.nextInt(4) == 0) { // undo and redo
                        s.undo();
                        GoState before = snapshots.get(snapshots.size() - 1);
                        assertEquals(before, s);
                        assertEquals(before.hash(), s.hash());
                        assertArrayEquals(libertiesOf(before), libertiesOf(s));
                        assertArrayEquals(before.legalActions(), s.legalActions());
                        s.apply(a);
                    }
                    captures = s.captures(0) + s.captures(1);
                }
                assertTrue(s.moveNumber() <= game.maxGameLength());
                // replaying the record gives the same position and hash
                GoState replay = game.stateFromMoves(s.serialize());
                assertEquals(s, replay);
                assertEquals(s.hash(), replay.hash());
                // undo all the way back, checking every snapshot
                for (int i = snapshots.size() - 1; i >= 0; i--) {
                    s.undo();
                    assertEquals(snapshots.get(i), s);
                    assertEquals(snapshots.get(i).hash(), s.hash());
                    assertArrayEquals(libertiesOf(snapshots.get(i)), libertiesOf(s));
                    assertEquals(snapshots.get(i).captures(0), s.captures(0));
                    assertEquals(emptyPoints(s), emptyList(s));
                }
                assertTrue(captures >= 0);
                assertThrows(IllegalStateException.class, s::undo);
            }
        }
    }

    @Test
    void hash_isPositionalAndSideAware() {
        GoState a = GO9.stateFromMoves("D4 E5 C3 F6");
        GoState b = GO9.stateFromMoves("C3 F6 D4 E5");
        assertEquals(a.hash(), b.hash());
        GoState c = GO9.stateFromMoves("C3 F6 D4 E5 pass");
        assertEquals(a.boardHash(), c.boardHash());
        assertNotEquals(a.hash(), c.hash());
    }

    @Test
    void observation_alphaGoZeroPlanes() {
        GoGame game = new GoGame(GoGame.Config.of(5).withHistory(3));
        GoState s = game.stateFromMoves("C3 D4"); // Black to move
        float[] obs = new float[game.observationSize()];
        s.observation(obs);
        int plane = 25;
        int c3 = at(game, "C3"), d4 = at(game, "D4");
        assertEquals(1f, obs[c3], "plane 0: Black's stones now");
        assertEquals(1f, obs[plane + d4], "plane 1: White's stones now");
        assertEquals(1f, obs[2 * plane + c3], "plane 2: Black one move ago");
        assertEquals(0f, obs[3 * plane + d4], "plane 3: White had no stone one move ago");
        assertEquals(0f, obs[4 * plane + c3], "plane 4: the empty board");
        for (int i = 0; i < plane; i++) assertEquals(1f, obs[6 * plane + i], "colour plane: Black to move");
        float sum = 0;
        for (float v : obs) sum += v;
        assertEquals(3 + 25, sum);
        s.apply(at(game, "E5")); // White to move: planes from White's side
        s.observation(obs);
        assertEquals(1f, obs[d4]);
        assertEquals(1f, obs[plane + c3]);
        assertEquals(1f, obs[plane + at(game, "E5")]);
        for (int i = 0; i < plane; i++) assertEquals(0f, obs[6 * plane + i]);
        // captured stones come back in the history planes
        GoState cap = position(game, "C3", "C4 B3 D3", 1);
        cap.apply(at(game, "C2"));
        cap.observation(obs);
        assertEquals(0f, obs[c3] + obs[plane + c3], "C3 is gone now");
        assertEquals(1f, obs[2 * plane + c3], "one move ago, Black (now the mover) had C3");
        assertEquals(1f, obs[plane + at(game, "C2")], "White's capturing stone now");
        assertEquals(0f, obs[3 * plane + at(game, "C2")], "and not one move ago");
    }

    @Test
    void symmetries_transformObservationMatchesTransformedGame() {
        SplittableRandom random = new SplittableRandom(3);
        GoGame game = GO9;
        String[] moves = new String[30];
        GoState s = game.newInitialState();
        for (int i = 0; i < moves.length; i++) {
            int a = GoPlayouts.randomMove(s, random);
            moves[i] = game.actionToString(a);
            s.apply(a);
        }
        float[] obs = new float[game.observationSize()];
        float[] expected = new float[obs.length];
        float[] actual = new float[obs.length];
        s.observation(obs);
        Set<String> images = new HashSet<>();
        for (int k = 0; k < 8; k++) {
            GoState t = game.newInitialState();
            for (String m : moves) t.apply(game.transformAction(k, game.stringToAction(m)));
            t.observation(expected);
            game.transformObservation(k, obs, actual);
            assertArrayEquals(expected, actual, "symmetry " + k);
            assertEquals(81, game.transformAction(k, 81), "pass is fixed");
            Set<Integer> image = new HashSet<>();
            for (int a = 0; a < 81; a++) image.add(game.transformAction(k, a));
            assertEquals(81, image.size(), "symmetry " + k + " is a permutation");
            images.add(game.actionToString(game.transformAction(k, game.stringToAction("C2"))));
        }
        assertEquals(8, images.size(), "C2 has 8 distinct images: " + images);
        assertEquals("C2", game.actionToString(game.transformAction(0, game.stringToAction("C2"))));
    }

    @Test
    void serialize_roundTripsSetupAndMoves() {
        GoState s = position(GO9, "D4 F6", "", 1);
        s.apply(at(GO9, "C3"));
        s.apply(81);
        assertEquals("AB[D4,F6] PL[W] C3 pass", s.serialize());
        GoState back = GO9.deserialize(s.serialize());
        assertEquals(s, back);
        assertEquals(s.hash(), back.hash());
        assertEquals(1, back.firstPlayer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GO9.stateFromMoves("D4 D4"));
        assertTrue(e.getMessage().contains("D4") && e.getMessage().contains("occupied"), e.getMessage());
    }

    @Test
    void playouts_endWithTwoPasses() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            GoState s = GO9.newInitialState();
            int moves = GoPlayouts.playToEnd(s, random);
            assertTrue(s.isTerminal());
            assertTrue(moves > 40, "a random 9x9 game fills much of the board: " + moves);
            assertEquals(2, s.consecutivePasses());
        }
    }

    /** Pearson's chi-square statistic of {@code counts} against equal expected counts. */
    private static double chiSquare(long[] counts) {
        long n = 0;
        for (long c : counts) n += c;
        double expected = (double) n / counts.length, x = 0;
        for (long c : counts) x += (c - expected) * (c - expected) / expected;
        return x;
    }

    /** Far above chance for a fixed seed: the mean of chi-square with {@code df} degrees of freedom plus 6 sigma. */
    private static double chiSquareBound(int df) {
        return df + 6 * Math.sqrt(2.0 * df);
    }

    @Test
    void below_drawsEveryValueEquallyOften() {
        SplittableRandom random = new SplittableRandom(11);
        for (int bound : new int[] {1, 2, 3, 7, 81, 1_431_655_765, Integer.MAX_VALUE}) {
            // large bounds in 9 equal ranges: a draw by remainder would make the first third twice as likely
            int buckets = Math.min(bound, 9);
            long[] counts = new long[buckets];
            for (int i = 0; i < 20_000 * buckets; i++) {
                int v = GoPlayouts.below(random, bound);
                assertTrue(v >= 0 && v < bound, v + " for bound " + bound);
                counts[(int) ((long) v * buckets / bound)]++;
            }
            if (buckets > 1) {
                assertTrue(chiSquare(counts) < chiSquareBound(buckets - 1), "bound " + bound + ": "
                        + Arrays.toString(counts));
            }
        }
    }

    @Test
    void randomMove_isUniformOverLegalMovesThatFillNoOwnEye() {
        // a random position with eye-like points and illegal empty points among the empty ones
        SplittableRandom random = new SplittableRandom(23);
        GoState s = null;
        int[] candidates = null;
        for (int attempt = 0; candidates == null; attempt++) {
            assertTrue(attempt < 200, "no suitable position found");
            s = GO9.newInitialState();
            int length = 50 + random.nextInt(50);
            for (int i = 0; i < length && !s.isTerminal(); i++) s.apply(GoPlayouts.randomMove(s, random));
            if (s.isTerminal()) continue;
            int eyes = 0, illegal = 0, k = 0;
            int[] c = new int[81];
            for (int a = 0; a < 81; a++) {
                if (s.colourAt(a) != GoState.EMPTY) continue;
                if (s.isEyeLike(a, s.mover())) eyes++;
                else if (!s.isLegal(a)) illegal++;
                else c[k++] = a;
            }
            if (eyes > 0 && illegal > 0 && k >= 5) candidates = Arrays.copyOf(c, k);
        }
        int[] index = new int[82];
        Arrays.fill(index, -1);
        for (int i = 0; i < candidates.length; i++) index[candidates[i]] = i;
        long[] counts = new long[candidates.length];
        for (int i = 0; i < 3_000 * candidates.length; i++) {
            int a = GoPlayouts.randomMove(s, random);
            assertTrue(index[a] >= 0, "drew " + GO9.actionToString(a) + ", not a legal move that fills no own eye, in\n"
                    + s);
            counts[index[a]]++;
        }
        assertTrue(chiSquare(counts) < chiSquareBound(candidates.length - 1), Arrays.toString(counts) + " in\n" + s);
    }

    @Test
    void neighbourCountsAndArea_followTheBoard_throughCapturesUndoAndSetup() {
        SplittableRandom random = new SplittableRandom(41);
        for (int size : new int[] {5, 9}) {
            GoGame game = new GoGame(GoGame.Config.of(size));
            for (int g = 0; g < 40; g++) {
                GoState s = game.newInitialState();
                if (g % 4 == 0) s.setup(new int[] {0, size + 1}, new int[] {size * size - 1}, 0);
                assertBookkeeping(s);
                for (int i = 0; i < 4 * size * size && !s.isTerminal(); i++) {
                    if (s.moveNumber() > 0 && random.nextInt(5) == 0) s.undo();
                    else s.apply(GoPlayouts.randomMove(s, random));
                    assertBookkeeping(s);
                }
            }
        }
    }

    /** {@code around} recounted from the board, and {@code area()} against a plain flood fill of every empty region. */
    private static void assertBookkeeping(GoState s) {
        int n = s.game().size();
        for (int a = 0; a < n * n; a++) {
            int r = a / n, c = a % n, expected = 0;
            int[][] steps = {{-1, 0}, {0, -1}, {0, 1}, {1, 0}};
            for (int[] d : steps) {
                int rr = r + d[0], cc = c + d[1];
                int colour = rr < 0 || rr >= n || cc < 0 || cc >= n ? GoState.BORDER : s.colourAt(rr, cc);
                expected += colour == GoState.BORDER ? (1 << 4 * GoState.BLACK) + (1 << 4 * GoState.WHITE)
                        : 1 << 4 * colour;
            }
            assertEquals(expected, s.around[s.game().toPadded[a]], "neighbour counts at " + s.game().actionToString(a)
                    + " in\n" + s);
        }
        int[] area = new int[3];
        boolean[] seen = new boolean[n * n];
        for (int a = 0; a < n * n; a++) {
            int colour = s.colourAt(a);
            if (colour != GoState.EMPTY) {
                area[colour]++;
                continue;
            }
            if (seen[a]) continue;
            int size = 0;
            boolean black = false, white = false;
            java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(java.util.List.of(a));
            seen[a] = true;
            while (!todo.isEmpty()) {
                int p = todo.pop();
                size++;
                int r = p / n, c = p % n;
                int[] next = {r > 0 ? p - n : -1, c > 0 ? p - 1 : -1, c < n - 1 ? p + 1 : -1, r < n - 1 ? p + n : -1};
                for (int q : next) {
                    if (q < 0) continue;
                    int cq = s.colourAt(q);
                    if (cq == GoState.BLACK) black = true;
                    else if (cq == GoState.WHITE) white = true;
                    else if (!seen[q]) {
                        seen[q] = true;
                        todo.push(q);
                    }
                }
            }
            if (black && !white) area[GoState.BLACK] += size;
            if (white && !black) area[GoState.WHITE] += size;
        }
        assertArrayEquals(area, s.area(), "area in\n" + s);
    }
}
