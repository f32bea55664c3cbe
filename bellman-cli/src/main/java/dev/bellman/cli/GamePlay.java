package dev.bellman.cli;

import dev.bellman.algorithms.alphazero.AlphaZeroPolicy;
import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code bellman play --run-dir D} on a game run: {@code --episodes} games between the run's player (greedy PUCT
 * search) and {@code --opponent} (a person at the terminal by default), colours alternating; the board after every
 * move and each result are printed.
 */
final class GamePlay {
    private GamePlay() {}

    static int play(PlayCommand c, AlphaZeroPolicy policy, PrintWriter out, PrintWriter err) {
        if (c.gif != null) throw new UserError("--gif records env frames; a game run has none, drop --gif.");
        if (!c.first.equals("opponent") && !c.first.equals("run")) {
            throw new UserError("--first must be 'opponent' or 'run' but was '" + c.first + "'.");
        }
        if (c.simulations != null && c.simulations < 2) {
            throw new UserError("--simulations must be at least 2 but was " + c.simulations + ".");
        }
        Game game = policy.game();
        long seed = c.seed != null ? c.seed : 0;
        int sims = c.simulations != null ? c.simulations : policy.simulations();
        GamePlayer run = policy.player(sims, seed * 2 + 1);
        String spec = c.opponent != null ? c.opponent : "human";
        PlayerSpecs.Terminal terminal = new PlayerSpecs.Terminal(
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        GamePlayer opp = PlayerSpecs.parse(spec, game, seed * 2 + 2, terminal, err, "play");
        boolean human = opp instanceof HumanPlayer;
        out.printf(Locale.ROOT, "%s: the run (%d simulations) against %s, %d game%s%n", game.id(), sims, opp.name(),
                c.episodes, c.episodes == 1 ? "" : "s");
        if (human) out.println("type a move in the game's notation (" + notation(game) + "), or 'quit'");
        int runWins = 0, draws = 0, oppWins = 0;
        for (int g = 0; g < c.episodes; g++) {
            boolean runFirst = (g % 2 == 0) == c.first.equals("run");
            String[] names = runFirst ? new String[] {"run", opp.name()} : new String[] {opp.name(), "run"};
            out.printf(Locale.ROOT, "%ngame %d: X = %s, O = %s%n", g + 1, names[0], names[1]);
            Arena.Result r = Arena.play(game, game.newInitialState(), runFirst ? run : opp, runFirst ? opp : run, 1,
                    rec -> { }, (before, action, after) -> {
                        boolean byRun = (before.currentPlayer() == 0) == runFirst;
                        out.println((byRun ? "run" : opp.name()) + " plays " + before.actionToString(action));
                        if (!human || after.isTerminal()) out.println(after); // a person sees the board at the prompt
                        out.flush();
                    });
            int forFirst = r.games().get(0).resultForA();
            int forRun = runFirst ? forFirst : -forFirst;
            if (forRun > 0) runWins++;
            else if (forRun < 0) oppWins++;
            else draws++;
            out.println(forRun > 0 ? "the run wins" : forRun < 0 ? opp.name() + " wins" : "a draw");
            out.println("moves: " + Arena.join(r.games().get(0).moves()));
            out.flush();
        }
        if (c.episodes > 1) {
            out.printf(Locale.ROOT, "%nrun: %d wins, %d draws, %d losses against %s%n", runWins, draws, oppWins, opp.name());
        }
        return 0;
    }

    private static String notation(Game game) {
        return switch (game.id()) {
            case "ConnectFour" -> "a column 1-7";
            case "TicTacToe" -> "a cell 1-9, row by row from the top left";
            default -> "see docs/cli.md";
        };
    }
}
