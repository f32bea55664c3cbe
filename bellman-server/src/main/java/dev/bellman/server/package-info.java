/**
 * Local HTTP for Bellman runs, on Jetty 12 core (no servlets): {@link dev.bellman.server.LabelServer}, the page on
 * which a person compares two clips of a run with {@code labeller=page} ({@code bellman label}).
 */
package dev.bellman.server;
