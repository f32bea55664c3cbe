/**
 * Local HTTP for Bellman runs, on Jetty 12 core (no servlets): {@link dev.bellman.server.LabelServer}, the page on
 * which a person compares two clips of a run with {@code labeller=page} ({@code bellman label}), and
 * {@link dev.bellman.server.PolicyServer}, a trained policy behind an HTTP JSON endpoint with request validation and
 * micro-batching ({@code bellman serve}), and
 * {@link dev.bellman.server.DashboardServer}, the runs under a directory with their learning curves streamed live
 * ({@code bellman dashboard}; the chart is the vendored uPlot under resources {@code uplot/}).
 */
package dev.bellman.server;
