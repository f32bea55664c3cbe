/**
 * Thin {@link dev.bellman.core.AlgorithmProvider} adapters that register the tabular algorithms of
 * {@link dev.bellman.algorithms.tabular} with the algorithm registry: each maps the kebab-case
 * hyperparameters to the algorithm's config record and calls its public API. Listed in
 * {@code META-INF/services/dev.bellman.core.AlgorithmProvider}.
 *
 * <p>Trained tables are saved as {@code q_table.txt} in the {@code bellman-qtable 1} format of
 * {@link dev.bellman.algorithms.tabular.QTable}; {@link dev.bellman.core.tabular.Tables#of} hands a trained policy's
 * table to tools that draw or print it.
 */
package dev.bellman.core.tabular;
