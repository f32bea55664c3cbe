package dev.bellman.cli;

import dev.bellman.env.Env;
import dev.bellman.server.LabelServer;
import dev.bellman.server.PolicyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bellman serve}: a trained run's policy behind a local HTTP JSON endpoint. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Serve the policy of a trained run over HTTP: POST /act with {\"observation\": [...]} or"
                + " {\"observations\": [[...], ...]} (optional \"deterministic\": false to sample, \"return\":"
                + " [\"value\", \"probabilities\"]) answers the actions; GET /health; GET /spec gives the spaces."
                + " Concurrent requests are evaluated together (micro-batching).",
                "Stops with Ctrl-C."},
        footer = {"", "Example:",
                "  bellman serve --run-dir runs/ppo-CartPole-v1-s1 --port 8000 &",
                "  curl -s localhost:8000/act -d '{\"observation\": [0.01, 0.02, -0.03, 0.04], \"return\": [\"value\"]}'"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "A directory written by 'bellman train'.")
    Path runDir;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "P",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = LabelServer.LOCALHOST, paramLabel = "ADDR",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only). Another address lets other"
                    + " machines call the policy; there is no authentication.")
    String host;

    @Option(names = "--batch-window-us", defaultValue = "0", paramLabel = "US",
            description = "How long the first of concurrent requests waits for others to be evaluated with it, in"
                    + " microseconds (default: ${DEFAULT-VALUE}: it takes the requests already waiting, which was"
                    + " fastest for a CartPole MLP; a wider window can pay off for larger networks).")
    long windowMicros;

    @Option(names = "--max-batch", defaultValue = "64", paramLabel = "N",
            description = "The most observations evaluated together (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the sampling for requests with \"deterministic\": false (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be in 0..65535 (0 for a free port) but was " + port + ".");
        }
        if (windowMicros < 0 || windowMicros > 1_000_000) {
            throw new UserError("--batch-window-us must be in 0..1000000 microseconds but was " + windowMicros + ".");
        }
        if (maxBatch < 1 || maxBatch > PolicyServer.MAX_OBSERVATIONS) {
            throw new UserError("--max-batch must be in 1.." + PolicyServer.MAX_OBSERVATIONS + " but was " + maxBatch
                    + ".");
        }
        if (!LabelServer.isLoopback(host)) {
            spec.commandLine().getErr().println("bellman serve: warning: serving on " + host + ", so other machines can"
                    + " call the policy; there is no authentication.");
        }
        // Jetty logs through slf4j, which has no backend here and would announce that on every start
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        PolicyServer server = start(runDir, new PolicyServer.Config(host, port, windowMicros, maxBatch, seed),
                spec.commandLine().getErr());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        PrintWriter out = spec.commandLine().getOut();
        out.println("serving " + runDir + " at " + server.uri() + " (POST /act, GET /health, GET /spec; Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Loads the run in {@code runDir} as {@code eval} does and serves its policy.
     *
     * @throws UserError when the run cannot be loaded or served, or the port cannot be bound
     */
    static PolicyServer start(Path runDir, PolicyServer.Config config) {
        return start(runDir, config, new PrintWriter(java.io.Writer.nullWriter()));
    }

    /** {@link #start(Path, PolicyServer.Config)}, with the note of a stopped run's policy on {@code err}. */
    static PolicyServer start(Path runDir, PolicyServer.Config config, PrintWriter err) {
        EvalCommand.Loaded run = EvalCommand.load(runDir);
        GameTargets.refuseGameRun(run, runDir, "serve");
        EvalCommand.noteIfStopped(err, "serve", run, runDir);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("algo", run.algo());
        info.put("env", run.envId());
        info.put("env_kwargs", run.envKwargs());
        info.put("seed", run.seed());
        info.put("run", runDir.toAbsolutePath().normalize().toString());
        if (run.stoppedAt() != null) info.put(TrainCommand.STOPPED_AT, run.stoppedAt()); // a stopped run's policy
        try (Env<?, ?> env = EnvCatalog.make(run.envId(), run.envKwargs())) {
            return PolicyServer.start(run.policy(), env.observationSpace(), env.actionSpace(), info, config);
        } catch (IllegalArgumentException e) {
            throw new UserError("cannot serve run " + runDir + " (" + run.algo() + " on " + run.envId() + "): "
                    + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new UserError("could not serve on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                    + "); choose another --port.", e);
        }
    }
}
