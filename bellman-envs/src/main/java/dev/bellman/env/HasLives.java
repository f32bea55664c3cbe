package dev.bellman.env;

/**
 * An environment with a lives counter, as ALE's {@code ale.lives()}: the number of lives the player has left. Read by
 * {@link dev.bellman.env.wrappers.AtariPreprocessing} with {@code terminalOnLifeLoss}, which ends an episode
 * ({@code terminated}) whenever the count drops; an environment without lives cannot be used with that option. The
 * wrapper looks for this interface on {@link Env#unwrapped()}.
 */
public interface HasLives {

    /** Lives left now (non-increasing within an episode). */
    int lives();
}
