package dev.bellman.cli;

import dev.bellman.server.DashboardServer;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bellman dashboard}: a local page with the runs under a directory and their live learning curves. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Serve a local page listing the runs under RUNS_DIR (algo, env, seed, status, progress); tick runs"
                + " to overlay their charts/episodic_return curves on one chart, kept live while they train, and to"
                + " compare their hyperparameters side by side.",
                "Stops with Ctrl-C."},
        footer = {"", "Example:",
                "  bellman train --algo ppo --env CartPole-v1 --seed 1 &",
                "  bellman dashboard runs --port 8080"})
final class DashboardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "runs", paramLabel = "RUNS_DIR",
            description = "The directory whose subdirectories are runs (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--port", defaultValue = "0", paramLabel = "P", description = "Port (default: a free one).")
    int port;

    @Option(names = "--host", defaultValue = LabelServer.LOCALHOST, paramLabel = "ADDR",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only). Another address lets other"
                    + " machines see the runs; the page has no login.")
    String host;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be in 0..65535 (0 for a free port) but was " + port + ".");
        }
        if (!Files.isDirectory(runsDir)) {
            throw new UserError("RUNS_DIR " + runsDir + (Files.exists(runsDir) ? " is a file" : " does not exist")
                    + "; expected the directory that holds run directories (bellman train writes runs/<algo>-<env>-s<seed>).");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!LabelServer.isLoopback(host)) {
            spec.commandLine().getErr().println("bellman dashboard: warning: serving on " + host + ", so other machines"
                    + " can see the runs and their configurations; the page has no login.");
        }
        // Jetty logs through slf4j, which has no backend here and would announce that on every start
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        DashboardServer server;
        try {
            server = DashboardServer.start(runsDir, host, port);
        } catch (IOException e) {
            throw new UserError("could not serve the dashboard on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port.", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("dashboard of " + runsDir + " at " + server.uri() + " (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }
}
