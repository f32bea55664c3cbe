package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.games.connectfour.ConnectFourPositions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman eval-solver} on a tiny Connect Four run, and {@code bellman solve --sample}, which writes its positions. */
class EvalSolverCommandTest {
    @TempDir
    Path tmp;

    @Test
    void evalSolver_onATinyConnectFourRun_reportsSharesOverallAndByStones() throws Exception {
        Path dir = tmp.resolve("c4");
        Cli train = Cli.run("train", "--algo", "alphazero", "--env", "ConnectFour", "--run-dir", dir.toString(),
                "--total-timesteps", "30", "--set", "simulations=4", "--set", "games-per-iteration=1", "--set",
                "parallel-games=1", "--set", "train-steps=1", "--set", "batch-size=8", "--set", "blocks=1", "--set",
                "channels=4", "--set", "value-hidden=4", "--set", "eval-interval=1", "--set", "eval-games=0", "--set",
                "solver-eval-positions=5", "--set", "solver-eval-simulations=4", "--set", "replay-size=200");
        assertEquals(0, train.exitCode(), train.toString());
        String metrics = Files.readString(dir.resolve("metrics.csv"));
        for (String key : List.of("eval/solver_optimal_raw", "eval/solver_outcome_raw", "eval/solver_optimal_search",
                "eval/solver_outcome_search")) {
            assertTrue(metrics.contains(key), key + " missing from metrics.csv:\n" + metrics);
        }

        Cli json = Cli.run("eval-solver", "--run-dir", dir.toString(), "--count", "30", "--simulations", "8", "--json");
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode o = Files2.JSON.readTree(json.out());
        assertEquals(30, o.get("positions").asInt());
        assertEquals(8, o.get("simulations").asInt());
        int sum = 0;
        for (JsonNode band : o.get("by_stones")) sum += band.get("positions").asInt();
        assertEquals(30, sum);
        for (String k : List.of("search_optimal", "search_outcome", "raw_optimal", "raw_outcome")) {
            double v = o.get(k).asDouble();
            assertTrue(v >= 0 && v <= 1, k + " = " + v);
        }
        assertTrue(o.get("search_outcome").asDouble() >= o.get("search_optimal").asDouble(), json.out());
        int byValue = 0;
        for (String v : List.of("won", "drawn", "lost")) byValue += o.get("by_value").get(v).get("positions").asInt();
        assertEquals(30, byValue, json.out());
        // a drawn position has no faster or slower result: there, keeping the outcome is optimal
        JsonNode drawn = o.get("by_value").get("drawn");
        if (drawn.get("positions").asInt() > 0) {
            assertEquals(drawn.get("search_optimal").asDouble(), drawn.get("search_outcome").asDouble(), json.out());
        }
        assertEquals(Math.round(30 * (1 - o.get("search_optimal").asDouble())), o.get("misses").asInt(), json.out());
        assertEquals(Math.round(30 * (o.get("search_outcome").asDouble() - o.get("search_optimal").asDouble())),
                o.get("misses_keeping_outcome").asInt(), json.out());

        Cli text = Cli.run("eval-solver", "--run-dir", dir.toString(), "--count", "12", "--simulations", "0");
        assertEquals(0, text.exitCode(), text.toString());
        assertTrue(text.out().contains("12 positions, raw policy only") && text.out().contains("raw optimal")
                && text.out().contains("\nall ") && text.out().contains("\nlost "), text.out());

        // --misses: every position whose raw move is not optimal, with the solver's scores of the set
        Path misses = tmp.resolve("out/misses.tsv");
        Cli withMisses = Cli.run("eval-solver", "--run-dir", dir.toString(), "--count", "40", "--simulations", "0",
                "--misses", misses.toString(), "--json");
        assertEquals(0, withMisses.exitCode(), withMisses.toString());
        JsonNode m = Files2.JSON.readTree(withMisses.out());
        List<String> rows = Files.readAllLines(misses);
        assertEquals("moves\tstones\tvalue\tmove\tmove_score\tbest_score\tkeeps_outcome", rows.get(0));
        assertEquals(m.get("misses").asInt(), rows.size() - 1, withMisses.out());
        assertTrue(rows.size() > 1, "a 4-channel network trained for 30 positions misses some of 40: " + rows);
        var set = new java.util.HashMap<String, ConnectFourPositions.Position>();
        for (var p : ConnectFourPositions.builtIn().subList(0, 40)) set.put(p.moves(), p);
        long kept = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t");
            ConnectFourPositions.Position p = set.get(f[0]);
            int move = Integer.parseInt(f[3]) - 1;
            assertEquals(p.stones(), Integer.parseInt(f[1]), row);
            assertEquals(p.scores()[move], Integer.valueOf(f[4]), row);
            assertEquals(p.bestScore(), Integer.parseInt(f[5]), row);
            assertFalse(p.isOptimal(move), row);
            assertEquals(p.keepsOutcome(move), Boolean.parseBoolean(f[6]), row);
            assertEquals(p.bestScore() > 0 ? "won" : p.bestScore() == 0 ? "drawn" : "lost", f[2], row);
            if (p.keepsOutcome(move)) kept++;
        }
        assertEquals(kept, m.get("misses_keeping_outcome").asLong(), withMisses.out());
        Cli toDir = Cli.run("eval-solver", "--run-dir", dir.toString(), "--misses", tmp.toString());
        assertEquals(2, toDir.exitCode(), toDir.toString());
        assertTrue(toDir.err().contains("--misses " + tmp + " is a directory; expected a file to write"),
                toDir.toString());

        Path bad = tmp.resolve("bad.tsv");
        Files.writeString(bad, "4453\trandom\t1,2,3\n");
        Cli refused = Cli.run("eval-solver", "--run-dir", dir.toString(), "--positions", bad.toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("is not a position set") && refused.err().contains("line 1"), refused.toString());
        assertFalse(refused.err().contains("\tat dev.bellman"), refused.toString());
        Cli one = Cli.run("eval-solver", "--run-dir", dir.toString(), "--simulations", "1");
        assertEquals(2, one.exitCode(), one.toString());
        assertTrue(one.err().contains("--simulations must be 0 (raw policy only) or at least 2 but was 1"), one.toString());
    }

    @Test
    void solveSample_printsScoredPositionsThatReadBack() throws Exception {
        Cli r = Cli.run("solve", "--game", "ConnectFour", "--sample", "3", "--seed", "2", "--min-stones", "30");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("# Written by: bellman solve --game ConnectFour --sample 3 --seed 2 --min-stones 30"),
                r.out());
        List<ConnectFourPositions.Position> p = ConnectFourPositions.read(new StringReader(r.out()));
        assertEquals(3, p.size());
        for (var x : p) assertTrue(x.stones() >= 30, x.moves());
        Cli ttt = Cli.run("solve", "--game", "TicTacToe", "--sample", "3");
        assertEquals(2, ttt.exitCode(), ttt.toString());
        assertTrue(ttt.err().contains("--sample is for ConnectFour only, not TicTacToe"), ttt.toString());
    }

    /**
     * {@code --skip-below K} keeps the drawn positions of at least K stones in the draw's order; {@code --partial FILE}
     * receives every scored position, and a rerun takes the positions already in FILE as scored (a resumed run).
     */
    @Test
    void solveSample_skipBelowAndResumeFromPartial(@TempDir Path tmp) throws Exception {
        Path partial = tmp.resolve("partial.tsv");
        String[] args = {"solve", "--game", "ConnectFour", "--sample", "8", "--seed", "2", "--min-stones", "16",
                "--skip-below", "24", "--partial", partial.toString()};
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("--min-stones 16 --skip-below 24"), r.out());
        List<String> expected = ConnectFourPositions.draw(8, 2, 16).stream().filter(d -> d.stones() >= 24)
                .map(ConnectFourPositions.Drawn::moves).toList();
        assertTrue(expected.size() >= 2 && expected.size() < 8, expected.toString());
        List<ConnectFourPositions.Position> p = ConnectFourPositions.read(new StringReader(r.out()));
        assertEquals(expected, p.stream().map(ConnectFourPositions.Position::moves).toList());
        List<ConnectFourPositions.Position> saved = ConnectFourPositions.read(Files.newBufferedReader(partial));
        assertEquals(expected.size(), saved.size());
        // a rerun scores nothing again: a score changed in the file (to one a move there could score) comes back as
        // it is
        ConnectFourPositions.Position first = saved.stream().filter(x -> x.scores()[0] != null).findFirst().orElseThrow();
        String line = first.moves() + "\t" + first.source() + "\t";
        String text = Files.readString(partial);
        int at = text.indexOf(line) + line.length();
        String fake = first.scores()[0] == 1 ? "0" : "1";
        String changed = text.substring(0, at) + fake + text.substring(text.indexOf(',', at));
        Files.writeString(partial, changed);
        Cli again = Cli.run(args);
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("(" + expected.size() + " already in --partial)"), again.toString());
        assertTrue(again.out().contains(line + fake + ","), again.out());
        assertEquals(changed, Files.readString(partial), "nothing appended");
        Cli bad = Cli.run("solve", "--game", "ConnectFour", "--sample", "3", "--skip-below", "42");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--skip-below must be in 0..41 but was 42"), bad.toString());
    }

    /**
     * {@code --skip-above K} leaves out the positions of more than K stones, so two runs over disjoint ranges score one
     * set; merged into one {@code --partial} file, a rerun writes the whole set without scoring. A score in
     * {@code --partial} that no move there can have is refused by name: the solver would take it as true.
     */
    @Test
    void solveSample_skipAboveSplitsTheSet_andPartialScoresAreChecked(@TempDir Path tmp) throws Exception {
        Path low = tmp.resolve("low.tsv");
        Path high = tmp.resolve("high.tsv");
        Cli a = Cli.run("solve", "--game", "ConnectFour", "--sample", "10", "--seed", "3", "--min-stones", "18",
                "--skip-above", "25", "--partial", low.toString());
        assertEquals(0, a.exitCode(), a.toString());
        assertTrue(a.out().contains("--min-stones 18 --skip-above 25"), a.out());
        Cli b = Cli.run("solve", "--game", "ConnectFour", "--sample", "10", "--seed", "3", "--min-stones", "18",
                "--skip-below", "26", "--table-bits", "20", "--partial", high.toString());
        assertEquals(0, b.exitCode(), b.toString());
        List<ConnectFourPositions.Drawn> drawn = ConnectFourPositions.draw(10, 3, 18);
        List<String> lowMoves = ConnectFourPositions.read(new StringReader(a.out())).stream()
                .map(ConnectFourPositions.Position::moves).toList();
        assertEquals(drawn.stream().filter(d -> d.stones() <= 25).map(ConnectFourPositions.Drawn::moves).toList(),
                lowMoves);
        assertTrue(lowMoves.size() >= 2 && lowMoves.size() <= 8, lowMoves.toString());
        Path merged = tmp.resolve("merged.tsv");
        Files.writeString(merged, Files.readString(low) + Files.readString(high));
        Cli all = Cli.run("solve", "--game", "ConnectFour", "--sample", "10", "--seed", "3", "--min-stones", "18",
                "--partial", merged.toString());
        assertEquals(0, all.exitCode(), all.toString());
        assertTrue(all.err().contains("(10 already in --partial), "), all.toString());
        Cli whole = Cli.run("solve", "--game", "ConnectFour", "--sample", "10", "--seed", "3", "--min-stones", "18");
        assertEquals(whole.out(), all.out());

        // a score out of range for its position
        ConnectFourPositions.Position p = ConnectFourPositions.read(Files.newBufferedReader(low)).stream()
                .filter(x -> x.scores()[0] != null).findFirst().orElseThrow();
        String line = p.moves() + "\t" + p.source() + "\t";
        String text = Files.readString(low);
        int at = text.indexOf(line) + line.length();
        String bad = text.substring(0, at) + "19" + text.substring(text.indexOf(',', at));
        Files.writeString(low, bad);
        Cli refused = Cli.run("solve", "--game", "ConnectFour", "--sample", "10", "--seed", "3", "--min-stones", "18",
                "--partial", low.toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("position '" + p.moves() + "' cannot be right: column 1 of '"
                + p.moves() + "' scores 19, outside "), refused.toString());

        Cli badBits = Cli.run("solve", "--game", "ConnectFour", "--sample", "3", "--table-bits", "31");
        assertEquals(2, badBits.exitCode(), badBits.toString());
        assertTrue(badBits.err().contains("--table-bits must be in 16..30 but was 31"), badBits.toString());
        if (Runtime.getRuntime().maxMemory() < (8L << 30) + (64L << 20)) { // the test JVM's heap, as the command's
            Cli tooBig = Cli.run("solve", "--game", "ConnectFour", "--sample", "3", "--table-bits", "30");
            assertEquals(2, tooBig.exitCode(), tooBig.toString());
            assertTrue(tooBig.err().contains(
                    "--table-bits 30 needs 8192 MiB for the table, and the heap holds at most "), tooBig.toString());
        }
        Cli badAbove = Cli.run("solve", "--game", "ConnectFour", "--sample", "3", "--skip-below", "20",
                "--skip-above", "19");
        assertEquals(2, badAbove.exitCode(), badAbove.toString());
        assertTrue(badAbove.err().contains("--skip-above must be in 20..41 (at least --skip-below) but was 19"),
                badAbove.toString());
    }
}
