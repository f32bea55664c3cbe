package dev.bellman.cli;

import dev.bellman.cluster.ClusterOptions;
import dev.bellman.cluster.ClusterSecret;
import dev.bellman.cluster.HazelcastTransport;
import dev.bellman.cluster.LearnerNotFoundException;
import dev.bellman.distributed.DistributedAlgorithm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman cluster actor}: joins a learner's cluster, reads the run's spec (algorithm, env, hyperparameters)
 * from it, and runs {@code --actors} actor threads of that algorithm until the learner finishes or leaves.
 */
@Command(name = "actor", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Join the learner at HOST:PORT and run actors of its algorithm (read from the learner) until the run"
                + " finishes. Actors may join a running learner at any time; stopping or killing one loses only the"
                + " experience it had not yet sent."})
final class ClusterActorCommand implements Callable<Integer> {
    /** The spec key under which a learner names its algorithm. */
    static final String SPEC_ALGORITHM = dev.bellman.distributed.RunSpec.ALGORITHM;
    /** The spec key of the learner's num-actors hyperparameter, if the algorithm has one. */
    static final String SPEC_NUM_ACTORS = "hp.num-actors";

    @Spec
    CommandSpec spec;

    @Option(names = "--join", paramLabel = "HOST:PORT", required = true,
            description = "Address of the learner ('bellman cluster learner' prints it).")
    String join;

    @Option(names = "--secret-file", paramLabel = "F", required = true,
            description = "The cluster's secret: the learner's --secret-file, or the cluster.secret it wrote into its run directory.")
    Path secretFile;

    @Option(names = "--actors", paramLabel = "K", defaultValue = "1",
            description = "Actor threads in this JVM (default ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ClusterOptions.LOOPBACK,
            description = "Address this member listens on (default ${DEFAULT-VALUE}); the learner must reach it, so give"
                    + " this machine's address when the learner runs elsewhere.")
    String bind;

    @Option(names = "--port", paramLabel = "P",
            description = "First port tried for this member (default: the learner's port + 1; the next free one is taken).")
    Integer port;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the learner to accept this member and publish its run (default ${DEFAULT-VALUE}).")
    double waitSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ClusterOptionChecks.hazelcastLogs(spec);
        int colon = join.lastIndexOf(':');
        int joinPort;
        try {
            joinPort = colon > 0 ? Integer.parseInt(join.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            joinPort = -1;
        }
        if (joinPort < 1 || joinPort > 65535) {
            throw new UserError("--join must be HOST:PORT (e.g. 127.0.0.1:5701, as 'bellman cluster learner' prints) but"
                    + " was '" + join + "'.");
        }
        String joinHost = join.substring(0, colon);
        if (actors < 1) {
            throw new UserError("--actors must be a positive number of actor threads but was " + actors + ".");
        }
        if (!(waitSeconds > 0)) {
            throw new UserError("--wait must be a positive number of seconds but was " + waitSeconds + ".");
        }
        int first = ClusterOptionChecks.port(port != null ? port : Math.min(65535, joinPort + 1), "--port");
        String bindAddress = ClusterOptionChecks.bindAddress(bind);
        if (ClusterOptions.LOOPBACK.equals(bindAddress) && !isLoopback(joinHost)) {
            throw new UserError("--join " + join + " is another machine, but this actor listens on 127.0.0.1, where the"
                    + " learner cannot reach it; give --bind with this machine's address on the learner's network.");
        }
        ClusterSecret secret = ClusterOptionChecks.secret(secretFile);

        long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
        HazelcastTransport joined = null;
        while (joined == null) {
            try {
                joined = HazelcastTransport.actor(secret, ClusterOptions.actor(bindAddress, first, join, event -> {
                    err.println("bellman cluster actor: " + event);
                    err.flush();
                }));
            } catch (LearnerNotFoundException e) {
                if (System.nanoTime() > deadline) {
                    throw new UserError(e.getMessage() + "; gave up after " + waitSeconds + " s (--wait).", e);
                }
                Thread.sleep(1_000);
            }
        }
        try (HazelcastTransport transport = joined) {
            Map<String, String> runSpec;
            while ((runSpec = transport.spec()) == null) {
                if (transport.isFinished() || System.nanoTime() > deadline) {
                    throw new UserError("the learner at " + join + " published no run within " + waitSeconds
                            + " s (--wait), or finished; start the actor again once the learner runs.");
                }
                Thread.sleep(20);
            }
            String id = runSpec.getOrDefault(SPEC_ALGORITHM, "(none)");
            DistributedAlgorithm algorithm = ClusterOptionChecks.algorithm(id, "the learner's algorithm");
            int learnerActors = parse(runSpec.get(SPEC_NUM_ACTORS), actors);
            String prefix = hostPart(transport.address()) + "-" + ProcessHandle.current().pid() + "-";
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            HazelcastTransport t = transport;
            for (int i = 0; i < actors; i++) {
                String actorId = prefix + i;
                int index;
                try {
                    index = transport.claimActorIndex(actorId);
                } catch (RuntimeException e) {
                    throw transport.learnerLeft() ? learnerLeft() : e;
                }
                int numActors = Math.max(learnerActors, index + 1);
                err.printf(Locale.ROOT, "bellman cluster actor: %s actor %s (index %d of %d) joined the learner at %s%n",
                        id, actorId, index, numActors, join);
                Thread thread = new Thread(() -> {
                    try {
                        algorithm.runActor(t, actorId, index, numActors);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "bellman-actor-" + i);
                threads.add(thread);
                thread.start();
            }
            err.flush();
            for (Thread thread : threads) thread.join();
            Throwable f = failure.get();
            if (transport.learnerLeft() && !finishedBeforeLeaving(transport)) {
                throw learnerLeft(); // an actor's failure then is the learner's absence (no data member left)
            }
            if (f instanceof Exception ex) throw ex;
            if (f instanceof Error er) throw er;
            err.printf(Locale.ROOT, "bellman cluster actor: the run finished; %d actor%s stopped%n", actors,
                    actors == 1 ? "" : "s");
            return 0;
        }
    }

    private UserError learnerLeft() {
        return new UserError("the learner at " + join + " left before the run finished (it stopped or crashed, or this"
                + " member lost contact with it); restart it with 'bellman cluster learner --resume RUN_DIR' if it stopped,"
                + " then start the actors again.");
    }

    /** Whether the learner marked the run finished before it left (its last act on a normal end). */
    private static boolean finishedBeforeLeaving(HazelcastTransport transport) {
        return transport.sawFinished();
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String hostPart(String address) {
        return address.replace(':', '-');
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new UserError("--join host '" + host + "' cannot be resolved; give the learner's IP address or a"
                    + " resolvable host name.", e);
        }
    }
}
