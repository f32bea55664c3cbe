package dev.bellman.core;

import dev.bellman.env.Env;

import java.util.Optional;

/**
 * An {@link AlgorithmProvider} that trains on a two-player game of {@code bellman-games} (resolved by
 * {@link TrainRequest#envId()} as a game id) rather than on a single-agent {@link Env}: AlphaZero. The command line
 * accepts a game id for {@code --env} when the algorithm is one of these, and refuses an env id (and the other way
 * round) with a message naming both lists. Its budget counts self-play positions, and its {@link Policy} acts on a
 * game state.
 */
public interface GameAlgorithmProvider extends CheckpointingProvider {

    /** The game ids this algorithm can train on (every registered game by default). */
    default boolean supportsGame(String gameId) {
        return true;
    }

    /**
     * Whether the algorithm also trains on single-agent envs (MuZero): then {@code --env} may name a game or an env,
     * a game id meaning the game, and envs are checked against {@link #spaces()} as for any algorithm. False by default.
     */
    default boolean trainsOnEnvs() {
        return false;
    }

    /** A game algorithm trains on no env, unless it {@link #trainsOnEnvs()}. */
    @Override
    default Optional<String> incompatibility(Env<?, ?> env) {
        if (trainsOnEnvs()) return CheckpointingProvider.super.incompatibility(env);
        return Optional.of(id() + " trains on two-player games (see 'bellman list games'), not on the env "
                + env.spec().id());
    }
}
