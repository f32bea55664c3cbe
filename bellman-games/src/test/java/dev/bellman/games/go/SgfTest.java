package dev.bellman.games.go;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SgfTest {
    /** Hand-written: 9x9, two handicap stones, White first, comments with escapes, a pass as [] and one as [tt]. */
    static final String HANDICAP = """
            (;GM[1]FF[4]SZ[9]KM[0.5]HA[2]PB[Black Player]PW[White Player]RE[W+1.5]
            AB[cg][gc]C[Two stones \\] handicap]
            ;W[ee]C[tengen]
            ;B[ce]
            ;W[]C[White passes]
            ;B[ge]
            ;W[tt]
            ;B[])
            """;

    /** Hand-written 5x5 with a variation (only the main line is read) and a capture. */
    static final String VARIATIONS = """
            (;GM[1]FF[4]SZ[5]KM[7.5]
             ;B[cc];W[bc];B[aa];W[dc];B[ae]
             (;W[cb];B[ee];W[cd]C[main line: captures C3])
             (;W[cd]C[a variation, skipped]))
            """;

    @Test
    void read_handicapPassesAndComments() {
        Sgf.Record r = Sgf.read(HANDICAP);
        assertEquals(9, r.size());
        assertEquals(0.5, r.komi());
        assertEquals("W+1.5", r.result());
        assertEquals("Two stones ] handicap", r.comment());
        assertEquals("Black Player", r.info().get("PB"));
        GoGame g = new GoGame(9);
        // cg = column c, row g from the top = C3; gc = G7
        assertArrayEquals(new int[] {g.stringToAction("C3"), g.stringToAction("G7")}, r.setupBlack());
        assertEquals(1, r.firstPlayer());
        assertEquals(6, r.moves().size());
        assertEquals(new Sgf.Move(1, g.stringToAction("E5"), "tengen"), r.moves().get(0));
        assertEquals(new Sgf.Move(1, 81, "White passes"), r.moves().get(2));
        assertEquals(81, r.moves().get(4).action(), "[tt] is a pass on 9x9");
        assertEquals(81, r.moves().get(5).action());
        GoState s = r.toState(GoGame.KoRule.POSITIONAL_SUPERKO);
        assertEquals("AB[C3,G7] W E5 C5 pass G5 pass pass".replace(" W ", " PL[W] "), s.serialize());
        assertTrue(s.isTerminal());
        assertEquals(0.5, s.game().komi());
    }

    @Test
    void read_mainLineOnly_andCaptures() {
        Sgf.Record r = Sgf.read(VARIATIONS);
        assertEquals(8, r.moves().size());
        assertEquals("main line: captures C3", r.moves().get(7).comment());
        GoState s = r.toState(GoGame.KoRule.POSITIONAL_SUPERKO);
        assertEquals("C3 B3 A5 D3 A1 C4 E1 C2", s.serialize());
        assertEquals(GoState.EMPTY, s.colourAt(s.game().stringToAction("C3")));
        assertEquals(1, s.captures(1));
    }

    @Test
    void roundTrip_handWrittenRecords() {
        for (String text : List.of(HANDICAP, VARIATIONS)) {
            Sgf.Record r = Sgf.read(text);
            String written = Sgf.write(r);
            Sgf.Record back = Sgf.read(written);
            assertEquals(r.size(), back.size());
            assertEquals(r.komi(), back.komi());
            assertEquals(r.result(), back.result());
            assertEquals(r.comment(), back.comment());
            assertEquals(r.info(), back.info());
            assertArrayEquals(r.setupBlack(), back.setupBlack());
            assertArrayEquals(r.setupWhite(), back.setupWhite());
            assertEquals(r.moves(), back.moves(), written);
            assertEquals(Sgf.write(back), written, "writing is stable");
        }
    }

    @Test
    void roundTrip_finishedRandomGameThroughState() {
        SplittableRandom random = new SplittableRandom(9);
        GoGame game = new GoGame(9);
        GoState s = game.newInitialState();
        s.setup(new int[] {game.stringToAction("C3"), game.stringToAction("G7")}, new int[0], 1);
        GoPlayouts.playToEnd(s, random);
        String text = Sgf.write(Sgf.fromState(s));
        assertTrue(text.contains("RE[" + s.resultString() + "]"), text);
        assertTrue(text.contains("AB[cg][gc]"), text);
        GoState back = Sgf.read(text).toState(GoGame.KoRule.POSITIONAL_SUPERKO);
        assertEquals(s, back);
        assertEquals(s.hash(), back.hash());
        assertEquals(s.resultString(), back.resultString());
    }

    @Test
    void malformedRecords_failWithMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sgf.read("(;SZ[9];B[dd]"));
        assertTrue(e.getMessage().contains("')'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sgf.read("(;GM[3]SZ[9])"));
        assertTrue(e.getMessage().contains("GM[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sgf.read("(;SZ[9];B[zz])"));
        assertTrue(e.getMessage().contains("[zz]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sgf.read("(;SZ[25])"));
        assertTrue(e.getMessage().contains("25"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgf.read("(;SZ[9];B[dd];B[ee])").toState(GoGame.KoRule.POSITIONAL_SUPERKO));
        assertTrue(e.getMessage().contains("move 2") && e.getMessage().contains("alternating"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgf.read("(;SZ[9];B[dd];W[dd])").toState(GoGame.KoRule.POSITIONAL_SUPERKO));
        assertTrue(e.getMessage().contains("occupied"), e.getMessage());
    }
}
