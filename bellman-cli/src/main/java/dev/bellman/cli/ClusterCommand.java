package dev.bellman.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bellman cluster}: the learner and actors of a distributed algorithm in separate JVMs (docs/cluster.md). */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run the learner and the actors of a distributed algorithm (impala, apex-dqn) in separate JVMs or"
                + " machines, as members of one Hazelcast cluster. See docs/cluster.md."},
        subcommands = {ClusterLearnerCommand.class, ClusterActorCommand.class},
        footer = {"", "Examples:",
                "  bellman cluster learner --algo impala --env CartPole-v1 --run-dir runs/impala --secret-file cluster.secret",
                "  bellman cluster actor --join 127.0.0.1:5701 --secret-file cluster.secret --actors 2"})
final class ClusterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
