package dev.bellman.cli;

import dev.bellman.games.go.GoGame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman gtp}'s protocol: a scripted exchange of every command, malformed input, and a fuzzed stream. */
class GtpEngineTest {
    private static GtpEngine engine() {
        return new GtpEngine(GoSearch.uct(200, -0.9, 7), 9, 7.5, GoGame.KoRule.POSITIONAL_SUPERKO);
    }

    @Test
    void scriptedExchangeOfEveryCommand(@TempDir Path dir) throws Exception {
        GtpEngine e = engine();
        assertEquals("= 2\n\n", e.handle("protocol_version"));
        assertEquals("=1 Bellman\n\n", e.handle("1 name"));
        assertTrue(e.handle("2 version").matches("=2 \\S+\n\n"));
        assertEquals("=3 true\n\n", e.handle("3 known_command all_legal"));
        assertEquals("=4 false\n\n", e.handle("4 known_command frobnicate"));
        String list = e.handle("list_commands");
        for (String c : GtpEngine.COMMANDS) assertTrue(list.contains("\n" + c + "\n") || list.startsWith("= " + c + "\n"), c);
        assertEquals("= \n\n", e.handle("boardsize 5"));
        assertEquals("? unacceptable size\n\n", e.handle("boardsize 25"));
        assertEquals("= \n\n", e.handle("boardsize 9"));
        assertEquals("= \n\n", e.handle("komi 6.5"));
        assertEquals("= \n\n", e.handle("clear_board"));
        assertEquals("= \n\n", e.handle("play b D4"));
        assertEquals("= \n\n", e.handle("play white e5"));
        assertEquals("? illegal move\n\n", e.handle("play b D4"));
        assertEquals("= D4\n\n", e.handle("list_stones black"));
        assertEquals("= E5\n\n", e.handle("list_stones w"));
        String legal = e.handle("all_legal b");
        assertFalse(legal.contains("D4") || legal.contains("E5"), legal);
        assertEquals(79, legal.strip().substring(2).split(" ").length, legal); // 81 points, 2 stones
        // Black plays twice: a White pass is inserted, and undo takes it back with the move
        assertEquals("= \n\n", e.handle("play w C3"));
        assertEquals(4, e.state().moveNumber());
        assertEquals("= \n\n", e.handle("undo"));
        assertEquals(2, e.state().moveNumber());
        assertEquals("= \n\n", e.handle("undo"));
        assertEquals("= \n\n", e.handle("undo"));
        assertEquals("? cannot undo\n\n", e.handle("undo"));
        e.handle("play b C3");
        e.handle("play w pass");
        String board = e.handle("showboard");
        assertTrue(board.startsWith("= \n") && board.contains("X") && board.endsWith("\n\n") && !board.strip().contains("\n\n"), board);
        assertEquals("= B+74.5\n\n", e.handle("final_score")); // one black stone owns the board, komi 6.5
        assertEquals("= \n\n", e.handle("time_settings 60 0 0"));
        assertEquals("= \n\n", e.handle("time_left b 30 0"));
        String move = e.handle("genmove b");
        assertTrue(move.matches("= ([A-HJ][1-9]|pass|resign)\n\n"), move);
        // SGF out and back in
        Path sgf = dir.resolve("g.sgf");
        assertEquals("= \n\n", e.handle("printsgf " + sgf));
        String printed = e.handle("printsgf");
        assertTrue(printed.startsWith("= \n(;GM[1]FF[4]") && printed.contains(";B[cg]"), printed);
        assertEquals(printed.substring(3).strip(), Files.readString(sgf).strip());
        GtpEngine f = engine();
        assertEquals("= white\n\n", f.handle("loadsgf " + sgf + " 2"));
        assertEquals("= C3\n\n", f.handle("list_stones black"));
        assertEquals("= \n\n", f.handle("list_stones white"));
        assertTrue(f.handle("loadsgf " + dir.resolve("missing.sgf")).startsWith("? cannot load file"));
        assertEquals("= \n\n", e.handle("quit"));
        assertTrue(e.quitRequested());
    }

    @Test
    void malformedAndIllegalInputGetsErrorResponses() {
        GtpEngine e = engine();
        assertEquals(null, e.handle("   # only a comment"));
        assertEquals(null, e.handle(""));
        assertEquals("? unknown command\n\n", e.handle("frobnicate"));
        assertEquals("?5 unknown command\n\n", e.handle("5 frobnicate"));
        assertTrue(e.handle("play").startsWith("? syntax error"));
        assertTrue(e.handle("play purple D4").startsWith("? invalid color"));
        assertTrue(e.handle("play b Z99").startsWith("? invalid coordinate"));
        assertTrue(e.handle("play b I5").startsWith("? invalid coordinate")); // GTP has no column I
        assertTrue(e.handle("boardsize x").startsWith("? syntax error"));
        assertTrue(e.handle("komi abc").startsWith("? syntax error"));
        assertTrue(e.handle("komi NaN").startsWith("? komi"));
        assertEquals("= \n\n", e.handle("komi 50"));
        assertTrue(e.handle("boardsize 5").startsWith("? unacceptable size: komi 50.0"));
        assertEquals("= \n\n", e.handle("komi 7.5"));
        assertTrue(e.handle("time_left b -1 0").startsWith("? syntax error"));
        assertEquals("= \n\n", e.handle("play\tb\u0001 D4 # tab, control character and comment"));
        // suicide: a black stone at A1 surrounded by White
        GtpEngine s = engine();
        s.handle("play w A2");
        s.handle("play w B1");
        assertEquals("? illegal move\n\n", s.handle("play b A1"));
        // two passes end the game; moves after that are illegal, genmove passes
        s.handle("play b pass");
        s.handle("play w pass");
        assertTrue(s.handle("play b C3").startsWith("? illegal move"));
        assertEquals("= pass\n\n", s.handle("genmove b"));
    }

    @Test
    void survivesASeededFuzzedCommandStream() throws Exception {
        Random r = new Random(17);
        String[] words = {"play", "genmove", "undo", "boardsize", "komi", "clear_board", "all_legal", "list_stones",
                "showboard", "final_score", "time_left", "time_settings", "loadsgf", "known_command",
                "quit_not", "b", "w", "black", "white", "pass", "resign", "D4", "A1", "T19", "J9", "I9", "5", "9", "19",
                "-3", "7.5", "1e400", "#", "\t", "\u0000", "\u00e9", "[", "]", ";", "(", "999999999999"};
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            int n = r.nextInt(5);
            if (r.nextInt(4) == 0) stream.append(r.nextInt(100)).append(' ');
            for (int k = 0; k < n; k++) {
                if (r.nextInt(10) == 0) stream.append((char) r.nextInt(0x3000));
                else stream.append(words[r.nextInt(words.length)]);
                stream.append(r.nextBoolean() ? " " : "\t");
            }
            // a legal move now and then so that positions grow
            if (r.nextInt(3) == 0) stream.append("\nplay ").append(r.nextBoolean() ? "b " : "w ")
                    .append("ABCDEFGHJ".charAt(r.nextInt(9))).append(1 + r.nextInt(9));
            stream.append('\n');
        }
        stream.append("list_stones b\nquit\n");
        GtpEngine e = new GtpEngine(GoSearch.uct(20, -0.9, 7), 9, 7.5, GoGame.KoRule.POSITIONAL_SUPERKO);
        StringWriter out = new StringWriter();
        e.run(new BufferedReader(new StringReader(stream.toString())), new PrintWriter(out));
        String all = out.toString();
        assertTrue(e.quitRequested(), "the stream's final quit was reached");
        assertFalse(all.contains("internal error"), all.lines().filter(l -> l.contains("internal error")).findFirst()
                .orElse(""));
        int responses = all.split("\n\n", -1).length - 1;
        assertTrue(responses > 3000, "responses: " + responses);
        for (String resp : all.split("\n\n")) assertTrue(resp.startsWith("=") || resp.startsWith("?"), resp);
    }

    @Test
    void genmoveRespectsTheClock() {
        GtpEngine e = new GtpEngine(GoSearch.uct(10_000_000, -1, 3), 19, 7.5, GoGame.KoRule.POSITIONAL_SUPERKO);
        e.handle("time_settings 0 2 5"); // 2 s for 5 stones: 0.4 s a move, 80% of it used
        long t0 = System.nanoTime();
        String move = e.handle("genmove b");
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(move.startsWith("= "), move);
        assertTrue(s > 0.1 && s < 1.5, "genmove took " + s + " s with 0.4 s a move");
    }
}
