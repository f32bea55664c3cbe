package dev.bellman.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bellman bench}: the learning benchmark ({@code learn}) and env throughput ({@code envs}). */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Benchmarks: 'learn' trains every algorithm on its suite over seeds; 'envs' measures env steps/s.",
        subcommands = {BenchLearnCommand.class, BenchEnvsCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
