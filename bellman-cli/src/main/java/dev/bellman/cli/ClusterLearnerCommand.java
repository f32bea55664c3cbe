package dev.bellman.cli;

import dev.bellman.cluster.ClusterOptions;
import dev.bellman.cluster.ClusterSecret;
import dev.bellman.cluster.HazelcastTransport;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.distributed.DistributedAlgorithm;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bellman cluster learner}: {@code bellman train} for a distributed algorithm whose actors run elsewhere. The
 * run directory, hyperparameters, metrics, checkpoints, evaluation and {@code --resume} are train's; the training step
 * is the algorithm's learner on a Hazelcast member that actors join ({@code bellman cluster actor}).
 */
@Command(name = "learner", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run the learner of a distributed algorithm (impala, apex-dqn) as a Hazelcast member that actors"
                + " join with 'bellman cluster actor'; writes a run directory as 'bellman train' does, and --resume DIR"
                + " continues from its last checkpoint.",
                "The member listens on --bind:--port (default 127.0.0.1:5701). Without --secret-file a new secret is"
                        + " written to DIR/" + ClusterLearnerCommand.SECRET_FILE + "; give that file to every actor."})
final class ClusterLearnerCommand extends TrainCommand {
    static final String SECRET_FILE = "cluster.secret";

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + ClusterOptions.DEFAULT_PORT,
            description = "TCP port the learner listens on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ClusterOptions.LOOPBACK,
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only); an address of this"
                    + " machine's network interface lets actors on other machines join.")
    String bind;

    @Option(names = "--secret-file", paramLabel = "F",
            description = "File holding the cluster's shared secret (at least 16 bytes, e.g. 'openssl rand -hex 32');"
                    + " members without it are refused.")
    Path secretFile;

    @Option(names = "--inbox-capacity", paramLabel = "N", defaultValue = "64",
            description = "Experience messages the learner's inbox holds before actors wait (default ${DEFAULT-VALUE}).")
    int inboxCapacity;

    private String bindAddress;

    @Override
    public Integer call() throws Exception {
        ClusterOptionChecks.port(port, "--port");
        ClusterOptionChecks.hazelcastLogs(spec);
        if (inboxCapacity < 1) {
            throw new UserError("--inbox-capacity must be a positive number of messages but was " + inboxCapacity + ".");
        }
        bindAddress = ClusterOptionChecks.bindAddress(bind);
        if (secretFile != null) ClusterOptionChecks.secret(secretFile);
        String id = algo != null ? algo
                : resume != null ? RunDir.readJson(resume, RunDir.CONFIG).path("algo").asText() : null;
        if (id != null && resume == null) {
            AlgorithmProvider p = dev.bellman.core.Algorithms.get(id); // unknown ids: train's message
            ClusterOptionChecks.algorithm(id, "--algo");
            if (p.hyperparameters().stream().anyMatch(h -> h.name().equals("deterministic"))
                    && !set.containsKey("deterministic")) {
                set.put("deterministic", "false"); // lockstep rounds would stall on an actor that dies
                spec.commandLine().getErr().println("bellman cluster learner: note: " + id + " runs free (--set"
                        + " deterministic=false): actors may join and leave at any time, and the result depends on timing");
            }
        }
        return super.call();
    }

    @Override
    Policy train(AlgorithmProvider provider, TrainRequest request, MetricsSink sink, Checkpoints checkpoints, Path dir,
                 PrintWriter err) throws Exception {
        DistributedAlgorithm algorithm = ClusterOptionChecks.algorithm(provider.id(), "the run's algorithm");
        Path file = secretFile;
        ClusterSecret secret;
        if (file == null) {
            file = dir.resolve(SECRET_FILE);
            secret = Files.isRegularFile(file) ? ClusterOptionChecks.secret(file) : ClusterSecret.writeNew(file);
        } else {
            secret = ClusterOptionChecks.secret(file);
        }
        HazelcastTransport transport;
        try {
            transport = HazelcastTransport.learner(secret, ClusterOptions.learner(bindAddress, port, inboxCapacity,
                    event -> {
                        err.println("bellman cluster learner: " + event);
                        err.flush();
                    }));
        } catch (RuntimeException e) {
            throw new UserError("could not start the learner's member on " + bindAddress + ":" + port + ": "
                    + e.getMessage() + "; is another process using the port? Choose another with --port.", e);
        }
        try (transport) {
            err.printf(Locale.ROOT, "bellman cluster learner: listening on %s; start actors with: bellman cluster actor"
                    + " --join %s --secret-file %s%n", transport.address(), transport.address(), file);
            err.flush();
            Policy policy = algorithm.runLearner(transport, request, sink, checkpoints);
            if (transport.dropped() > 0) {
                err.printf(Locale.ROOT, "bellman cluster learner: dropped %d experience messages that failed their"
                        + " secret tag or repeated a sequence number%n", transport.dropped());
            }
            return policy;
        }
    }
}
