/**
 * Demonstration datasets on disk in the layout of Farama's Minari (HDF5 storage): {@link
 * dev.bellman.datasets.MinariDatasets#write} and {@link dev.bellman.datasets.MinariDatasets#read} convert between a
 * directory {@code DATASET/data/{main_data.hdf5, metadata.json}} and an in-memory {@link dev.bellman.core.demos.Dataset}.
 * Uses the pure-Java {@code io.jhdf} library and Jackson; nothing else in Bellman depends on this module except the
 * command line.
 */
package dev.bellman.datasets;
