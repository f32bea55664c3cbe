package dev.bellman.cli;

import dev.bellman.algorithms.preference.PageLabeller;
import dev.bellman.server.LabelServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bellman label}: the page on which a person answers the preference queries of a run. */
@Command(name = "label", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Serve a local page showing two clips of a preference run side by side; answers (left, right,"
                + " equal, skip: click, or the arrow keys, e and s) go to DIR/" + PageLabeller.ANSWERS
                + ", where a run trained with --set labeller=page --set label-dir=DIR reads them.",
                "Stops with Ctrl-C."},
        footer = {"", "Example:",
                "  bellman train --algo preference-ppo --env CartPole-v1 --set labeller=page --set label-dir=runs/prefs &",
                "  bellman label --run-dir runs/prefs --port 8080"})
final class LabelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR",
            description = "The directory the run queues its clips in (its label-dir); created if absent.")
    Path runDir;

    @Option(names = "--port", defaultValue = "0", paramLabel = "P", description = "Port (default: a free one).")
    int port;

    @Option(names = "--host", defaultValue = LabelServer.LOCALHOST, paramLabel = "ADDR",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only). Another address lets other"
                    + " machines answer; the page has no login.")
    String host;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be in 0..65535 (0 for a free port) but was " + port + ".");
        }
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new UserError("--run-dir " + runDir + " is a file; expected the directory of a preference run.");
        }
        Files.createDirectories(runDir);
        PrintWriter out = spec.commandLine().getOut();
        if (!LabelServer.isLoopback(host)) {
            spec.commandLine().getErr().println("bellman label: warning: serving on " + host + ", so other machines can"
                    + " reach the page and write answers; it has no login.");
        }
        // Jetty logs through slf4j, which has no backend here and would announce that on every start
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        LabelServer server;
        try {
            server = LabelServer.start(runDir, host, port);
        } catch (IOException e) {
            throw new UserError("could not serve the labelling page on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port.", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("labelling page for " + runDir + " at " + server.uri() + " (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }
}
