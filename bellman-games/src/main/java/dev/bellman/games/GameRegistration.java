package dev.bellman.games;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link java.util.ServiceLoader} provider of games for {@link Games}: list the implementing class in
 * {@code META-INF/services/dev.bellman.games.GameRegistration}.
 */
public interface GameRegistration {
    /** Game ids and their factories. Ids must be unique across all providers. */
    Map<String, Supplier<? extends Game>> games();
}
