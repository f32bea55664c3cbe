package dev.bellman.algorithms.alphazero;

import dev.bellman.games.Game;

/** Resolves game ids (TEMPORARY until the games registry is merged). */
final class GameLookup {
    static final java.util.Map<String, java.util.function.Supplier<Game>> GAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private GameLookup() {}

    static Game game(String id) {
        var s = GAMES.get(id);
        if (s == null) throw new IllegalArgumentException("unknown game '" + id + "'");
        return s.get();
    }
}
