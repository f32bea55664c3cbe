package dev.bellman.cli;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.GameAlgorithmProvider;
import dev.bellman.core.Suggest;
import dev.bellman.games.Games;

import java.util.List;
import java.util.Map;

/**
 * {@code bellman train --env ID} for game algorithms (AlphaZero): the id names a registered two-player game instead
 * of an env. Refuses, with a message naming both lists, a game algorithm given an env id and an env algorithm given a
 * game id.
 */
final class GameTargets {
    private GameTargets() {}

    static boolean trainsOnGames(AlgorithmProvider provider) {
        return provider instanceof GameAlgorithmProvider;
    }

    /**
     * Whether {@code provider} trains on the game {@code id}: a game algorithm on anything but, for one that also
     * trains on envs (MuZero), an id that is no game.
     */
    static boolean trainsOnGame(AlgorithmProvider provider, String id) {
        return provider instanceof GameAlgorithmProvider g && (!g.trainsOnEnvs() || Games.exists(id));
    }

    static List<String> gameIds() {
        return Games.ids(); // sorted, numbers by value (Go9x9 before Go10x10)
    }

    /** Refuses a command that steps an env ({@code eval}, {@code play}) on the run of a game algorithm. */
    static void refuseGameRun(EvalCommand.Loaded run, java.nio.file.Path dir, String command) {
        if (Algorithms.find(run.algo()).filter(p -> trainsOnGame(p, run.envId())).isPresent()) {
            throw new UserError("run " + dir + " trained " + run.algo() + " on the two-player game " + run.envId() + "; '"
                    + command + "' runs env episodes. For a game run use 'bellman move --run-dir " + dir
                    + " --position MOVES' (the moves from the empty board).");
        }
    }

    /** Checks that {@code id} suits {@code provider}: a game for a game algorithm, an env (checked later) otherwise. */
    static void check(AlgorithmProvider provider, String id, Map<String, Object> envKwargs) {
        List<String> games = gameIds();
        if (trainsOnGame(provider, id)) {
            if (games.contains(id)) {
                if (!envKwargs.isEmpty()) {
                    throw new UserError("--env-kwarg " + envKwargs + " was given, but " + id + " is a game and takes no"
                            + " keyword arguments; drop the flag.");
                }
                GameAlgorithmProvider g = (GameAlgorithmProvider) provider;
                if (!g.supportsGame(id)) {
                    List<String> its = games.stream().filter(g::supportsGame).toList();
                    List<String> others = Algorithms.all().stream()
                            .filter(p -> p instanceof GameAlgorithmProvider o && o.supportsGame(id))
                            .map(AlgorithmProvider::id).toList();
                    throw new UserError(provider.id() + " does not train on " + id + "; it trains on "
                            + String.join(", ", its) + ". Algorithms that train on " + id + ": "
                            + (others.isEmpty() ? "none registered" : String.join(", ", others))
                            + " (see 'bellman list games').");
                }
                return;
            }
            String what = EnvCatalog.ids().contains(id) ? "'" + id + "' is a single-agent env"
                    : "unknown game id '" + id + "'." + Suggest.closest(id, games).map(c -> " Did you mean '" + c + "'?").orElse("");
            throw new UserError(provider.id() + " trains on two-player games, but " + what
                    + (what.endsWith(".") || what.endsWith("?") ? "" : ".") + " Games: " + String.join(", ", games)
                    + " (see 'bellman list games').");
        }
        if (games.contains(id) && !EnvCatalog.ids().contains(id)) {
            List<String> can = Algorithms.all().stream().filter(GameTargets::trainsOnGames).map(AlgorithmProvider::id).toList();
            throw new UserError("'" + id + "' is a two-player game, but " + provider.id() + " trains on single-agent envs."
                    + " Algorithms that train on games: " + (can.isEmpty() ? "none registered" : String.join(", ", can))
                    + ".");
        }
    }
}
