package dev.bellman.cli;

import dev.bellman.games.go.GoGame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman gtp --run-dir}: a (tiny) AlphaZero run trained on Go5x5 answers genmove over GTP. */
class GtpRunDirTest {
    @Test
    void anAlphaZeroGoRunPlaysOverGtp(@TempDir Path tmp) {
        Path dir = tmp.resolve("go5");
        Cli r = Cli.run("train", "--algo", "alphazero", "--env", "Go5x5", "--run-dir", dir.toString(),
                "--total-timesteps", "20", "--set", "simulations=4", "--set", "games-per-iteration=1", "--set",
                "parallel-games=1", "--set", "train-steps=1", "--set", "batch-size=8", "--set", "channels=4", "--set",
                "value-hidden=4", "--set", "eval-interval=1000", "--set", "eval-games=2", "--set",
                "eval-simulations=2", "--set", "eval-mcts-simulations=2");
        assertEquals(0, r.exitCode(), r.toString());
        GoSearch search = GtpCommand.fromRun(dir, 8, -1, 0);
        assertEquals(5, search.size());
        GtpEngine e = new GtpEngine(search, search.size(), 7.5, GoGame.KoRule.POSITIONAL_SUPERKO);
        assertEquals("? unacceptable size\n\n", e.handle("boardsize 9"));
        assertEquals("= \n\n", e.handle("boardsize 5"));
        e.handle("play b C3");
        String move = e.handle("genmove w");
        assertTrue(move.matches("= ([A-E][1-5]|pass)\n\n"), move);
        assertEquals(2, e.state().moveNumber());
        assertTrue(Cli.run("gtp", "--run-dir", tmp.resolve("none").toString()).err().contains("is not a directory"));
    }
}
