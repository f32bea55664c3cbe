package dev.bellman.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code bellman} command. */
@Command(name = "bellman", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Reinforcement learning on the JVM: train, evaluate and compare agents.",
        subcommands = {TrainCommand.class, EvalCommand.class, ListCommand.class, PlotCommand.class, PlayCommand.class, BenchCommand.class,
                RecordCommand.class, DatasetCommand.class, MoveCommand.class, RobustnessCommand.class,
                LabelCommand.class, SolveCommand.class, ArenaCommand.class, ServeCommand.class,
                ExportCommand.class, DashboardCommand.class, ClusterCommand.class, GtpCommand.class,
                EvalSolverCommand.class, GoRecordsCommand.class, LadderCommand.class},
        footer = {"", "Examples:",
                "  bellman list algos",
                "  bellman train --algo q-learning --env FrozenLake-v1 --seed 1",
                "  bellman eval --run-dir runs/q-learning-FrozenLake-v1-s1 --episodes 100",
                "  bellman plot runs/q-learning-FrozenLake-v1-s* --out curve.png"})
final class BellmanCommand implements Runnable {
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
