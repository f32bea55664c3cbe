package dev.bellman.cli;

import dev.bellman.algorithms.alphazero.AlphaZeroPolicy;
import dev.bellman.games.Game;
import dev.bellman.games.State;
import dev.bellman.search.Mcts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bellman move}: the move a trained game player (AlphaZero) chooses in a position, with its search's statistics. */
@Command(name = "move", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The move a trained AlphaZero run chooses in a position, its visit distribution and value.")
final class MoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "A directory written by 'bellman train --algo alphazero'.")
    Path runDir;

    @Option(names = "--position", defaultValue = "", paramLabel = "MOVES",
            description = "The moves from the empty board in the game's notation (Connect Four: columns from 1, e.g. 4453;"
                    + " Tic-tac-toe: cells 1-9). Default: the empty board.")
    String position;

    @Option(names = "--simulations", paramLabel = "N", description = "MCTS simulations (default: the run's eval-simulations).")
    Integer simulations;

    @Option(names = "--json", description = "Print one JSON object {\"position\", \"move\", \"value\", \"simulations\","
            + " \"actions\", \"visits\", \"visit_distribution\"}, and \"stopped_at_step\" when the run was stopped"
            + " before its end.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (simulations != null && simulations < 2) {
            throw new UserError("--simulations must be at least 2 but was " + simulations + ".");
        }
        EvalCommand.Loaded run = EvalCommand.load(runDir);
        if (!(run.policy() instanceof AlphaZeroPolicy policy)) {
            throw new UserError("run " + runDir + " was trained with " + run.algo() + " on " + run.envId()
                    + "; 'bellman move' needs a game run (--algo alphazero).");
        }
        EvalCommand.noteIfStopped(spec.commandLine().getErr(), "move", run, runDir);
        Game game = policy.game();
        State state;
        try {
            state = game.stateFromMoves(position);
        } catch (IllegalArgumentException e) {
            throw new UserError("--position '" + position + "' is not a legal move sequence of " + game.id() + ": "
                    + Preflight.sentence(e.getMessage()), e);
        }
        if (state.isTerminal()) {
            throw new UserError("the game is over after '" + position + "'; there is no move to choose.");
        }
        int n = simulations != null ? simulations : policy.simulations();
        Mcts mcts = new Mcts(game, policy.search(n, 0));
        int[] visits = mcts.search(state, policy.evaluator());
        int move = mcts.chooseAction(state.moveNumber());
        float[] pi = mcts.visitDistribution();
        List<String> actions = new ArrayList<>();
        for (int a = 0; a < game.numDistinctActions(); a++) actions.add(state.actionToString(a));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("position", position);
            o.put("move", state.actionToString(move));
            o.put("value", mcts.rootValue());
            o.put("simulations", n);
            o.put("actions", actions);
            o.put("visits", visits);
            o.put("visit_distribution", pi);
            if (run.stoppedAt() != null) o.put(TrainCommand.STOPPED_AT, run.stoppedAt());
            out.println(Files2.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(o));
        } else {
            out.print(state);
            out.printf(Locale.ROOT, "%nmove %s (search value %+.3f for the player to move, %d simulations)%n",
                    state.actionToString(move), mcts.rootValue(), n);
            StringBuilder sb = new StringBuilder("visits:");
            for (int a = 0; a < visits.length; a++) {
                if (state.isLegal(a)) sb.append(' ').append(actions.get(a)).append('=').append(visits[a]);
            }
            out.println(sb);
        }
        return 0;
    }
}
