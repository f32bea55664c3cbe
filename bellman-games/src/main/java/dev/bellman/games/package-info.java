/**
 * Two-player, turn-based, perfect-information, zero-sum games with an OpenSpiel-like API: {@link dev.bellman.games.Game}
 * holds the static facts (action count, observation shape, symmetries), {@link dev.bellman.games.State} one position
 * with apply/undo, legal-action masks, returns, observations and a Zobrist hash, and {@link dev.bellman.games.GamePlayer}
 * is anything that picks moves. Separate from the single-agent {@code dev.bellman.env.Env} API. Search and learning
 * live in {@code bellman-agents}; this module knows nothing of tensors.
 */
package dev.bellman.games;
