package dev.bellman.cli;

import dev.bellman.games.go.GoGame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AlphaGo pipeline end to end on 7x7 at toy sizes: GNU Go records ({@code go-records}) → {@code train --algo alphago
 * --demos DIR} → the run plays over GTP ({@code gtp --run-dir}) and as an arena player.
 */
class AlphaGoCliTest {
    @Test
    void recordsTrainAndPlay(@TempDir Path tmp) throws Exception {
        GnuGoConformanceTest.requireGnuGo();
        Path records = tmp.resolve("records");
        assertEquals(0, Cli.run("go-records", "--level", "0", "--games", "3", "--size", "7", "--out",
                records.toString()).exitCode());
        Path dir = tmp.resolve("ag5");
        Cli r = Cli.run("train", "--algo", "alphago", "--env", "Go7x7", "--demos", records.toString(), "--run-dir",
                dir.toString(), "--total-timesteps", "40", "--set", "sl-steps=4", "--set", "channels=4", "--set",
                "blocks=0", "--set", "value-blocks=0", "--set", "value-channels=4", "--set", "value-hidden=4", "--set",
                "batch-size=8", "--set", "rollout-epochs=1", "--set", "rl-games-per-iteration=2", "--set",
                "value-steps=2", "--set", "eval-interval=2", "--set", "simulations=4", "--set", "mcts-batch-size=2",
                "--set", "holdout=0.34");
        assertEquals(0, r.exitCode(), r.toString());
        String metrics = Files.readString(dir.resolve("metrics.csv"));
        for (String key : new String[] {"sl/accuracy", "rollout/accuracy", "rl/loss", "value/loss"}) {
            assertTrue(metrics.contains(key), key + " in " + metrics);
        }
        GoSearch search = GtpCommand.fromRun(dir, 8, -1, 0);
        assertEquals(7, search.size());
        GtpEngine e = new GtpEngine(search, search.size(), 7.5, GoGame.KoRule.POSITIONAL_SUPERKO);
        e.handle("play b C3");
        String move = e.handle("genmove w");
        assertTrue(move.matches("= ([A-H][1-7]|pass)\n\n"), move);
        Cli arena = Cli.run("arena", dir.toString() + ":sims=4", "random", "--game", "Go7x7", "--games", "2");
        assertEquals(0, arena.exitCode(), arena.toString());
        // without --demos the run is refused before a directory is made
        Cli none = Cli.run("train", "--algo", "alphago", "--env", "Go5x5", "--run-dir", tmp.resolve("x").toString());
        assertTrue(none.exitCode() != 0 && none.err().contains("--demos"), none.toString());
        assertTrue(!Files.exists(tmp.resolve("x")));
    }
}
