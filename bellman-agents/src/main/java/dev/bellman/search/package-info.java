/**
 * Monte Carlo tree search over the two-player {@link dev.bellman.games.Game} API, in the style of DeepMind's mctx: the
 * tree is struct-of-arrays ({@link dev.bellman.search.Mcts}), the selection rule one small function
 * ({@link dev.bellman.search.Selection}: UCT or PUCT), and leaves are evaluated in batches by an
 * {@link dev.bellman.search.Evaluator} (random rollouts, uniform, or a network). Knows nothing of any particular game.
 * {@link dev.bellman.search.SearchPolicy} is what a trained search program (AlphaZero, AlphaGo) offers its players.
 */
package dev.bellman.search;
