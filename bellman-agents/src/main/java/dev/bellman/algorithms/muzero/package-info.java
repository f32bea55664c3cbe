/**
 * MuZero (Schrittwieser et al. 2020): planning with a learned latent model, for single-agent envs with Box or uint8
 * image (MinAtar, read by a convolutional representation network) observations and Discrete actions, and for
 * two-player games ({@link dev.bellman.algorithms.muzero.MuZeroGame}). Entry points: {@link dev.bellman.algorithms.muzero.MuZero#train} and the provider
 * {@code muzero}; the search tree is {@link dev.bellman.search.LatentTree}.
 */
package dev.bellman.algorithms.muzero;
