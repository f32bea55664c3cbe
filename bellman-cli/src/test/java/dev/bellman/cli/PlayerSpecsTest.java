package dev.bellman.cli;

import dev.bellman.games.Game;
import dev.bellman.games.Games;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Player specs for arena and play: every form, and messages naming the bad spec and the valid forms. */
class PlayerSpecsTest {
    @TempDir
    Path tmp;

    private static final Game C4 = Games.make("ConnectFour");
    private static final Game TTT = Games.make("TicTacToe");

    private static String name(String spec, Game game) {
        return PlayerSpecs.parse(spec, game, 1, null, null, "arena").name();
    }

    @Test
    void theKeywordForms() {
        assertEquals("random", name("random", C4));
        assertEquals("mcts:50", name("mcts:50", C4));
        assertEquals("solver", name("solver", C4));
        assertEquals("solver:6", name("solver:6", C4));
        assertEquals("minimax", name("minimax", TTT));
        assertEquals("minimax", name("solver", TTT), "TicTacToe's solver is the minimax player");
        assertEquals("mcts:8", name(" mcts:8 ", TTT));
    }

    private static String error(String spec, Game game) {
        return assertThrows(UserError.class, () -> PlayerSpecs.parse(spec, game, 1, null, null, "arena")).getMessage();
    }

    @Test
    void badSpecs_nameTheSpecAndWhatIsExpected() {
        String bogus = error("bogus", C4);
        assertTrue(bogus.contains("player 'bogus'") && bogus.contains("mcts:N") && bogus.contains("solver:DEPTH")
                && bogus.contains("RUN_DIR[:sims=N]") && bogus.contains("random"), bogus);
        String mcts = error("mcts:many", C4);
        assertTrue(mcts.contains("player 'mcts:many'") && mcts.contains("mcts:N"), mcts);
        assertTrue(error("mcts:1", C4).contains("at least 2 but was 1"), error("mcts:1", C4));
        assertTrue(error("mcts", C4).contains("mcts:N"), error("mcts", C4));
        assertTrue(error("solver:0", C4).contains("depth must be at least 1 but was 0"), error("solver:0", C4));
        assertTrue(error("minimax", C4).contains("plays TicTacToe only, but the game is ConnectFour"), error("minimax", C4));
        assertTrue(error("solver:4", TTT).contains("takes no depth"), error("solver:4", TTT));
        assertTrue(error("human", C4).contains("needs a terminal"), error("human", C4));
        assertTrue(error("", C4).contains("empty"), error("", C4));
        String missing = error(tmp.resolve("nope").toString() + ":sims=9", C4);
        assertTrue(missing.contains("nope:sims=9") && missing.contains("run directory"), missing);
        String sims = error(tmp + ":sims=x", C4);
        assertTrue(sims.contains("sims must be an integer but was 'x'"), sims);
        String notARun = error(tmp.toString(), C4); // a directory, but no run in it
        assertTrue(notARun.contains(tmp.toString()), notARun);
    }
}
