package dev.bellman.cli;

import dev.bellman.env.Env;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman bench envs}: raw env throughput. Each registered env (with its registry wrappers, as
 * {@code Envs.make} returns it) takes a fixed number of steps with uniformly random actions from its
 * action space (seeded), resetting when an episode ends, on one thread; a tenth as many steps first warm up
 * the JIT and are not timed.
 */
@Command(name = "envs", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Steps per second of each registered env with random actions (single thread, resets included).")
final class BenchEnvsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "100000", paramLabel = "N", description = "Timed steps per env (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--envs", split = ",", paramLabel = "ENV_ID,...", description = "Only these envs (default: all registered).")
    List<String> envs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the env and of the action space (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print a JSON array of {env, steps, episodes, seconds, steps_per_second}.")
    boolean json;

    LongSupplier clock = System::nanoTime;

    /** The measurement of one env. */
    record Result(String env, long steps, long episodes, double seconds) {
        double stepsPerSecond() {
            return steps / Math.max(seconds, 1e-9);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (steps <= 0) {
            throw new UserError("--steps must be a positive integer but was " + steps + ".");
        }
        if (seed < 0) {
            throw new UserError("--seed must be a non-negative integer but was " + seed + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> ids = envs == null ? EnvCatalog.ids() : envs.stream().map(String::strip).toList();
        List<Result> results = new ArrayList<>();
        for (String id : ids) {
            try (Env<?, ?> env = EnvCatalog.make(id, Map.of())) {
                run(env, Math.max(1, steps / 10), seed);
            }
            try (Env<?, ?> env = EnvCatalog.make(id, Map.of())) {
                results.add(measure(id, env));
            }
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("env", r.env());
                m.put("steps", r.steps());
                m.put("episodes", r.episodes());
                m.put("seconds", TrainCommand.round(r.seconds()));
                m.put("steps_per_second", Math.round(r.stepsPerSecond()));
                rows.add(m);
            }
            out.println(Files2.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows));
        } else {
            int w = Math.max(3, ids.stream().mapToInt(String::length).max().orElse(3));
            out.printf(Locale.ROOT, "%-" + w + "s  %10s  %8s  %8s  %12s%n", "ENV", "STEPS", "EPISODES", "SECONDS", "STEPS/S");
            for (Result r : results) {
                out.printf(Locale.ROOT, "%-" + w + "s  %10d  %8d  %8.3f  %12.0f%n", r.env(), r.steps(), r.episodes(),
                        r.seconds(), r.stepsPerSecond());
            }
            out.println("random actions, single thread, resets included; Java " + System.getProperty("java.version"));
        }
        return 0;
    }

    private Result measure(String id, Env<?, ?> env) {
        long t0 = clock.getAsLong();
        long episodes = run(env, steps, seed);
        long t1 = clock.getAsLong();
        return new Result(id, steps, episodes, (t1 - t0) / 1e9);
    }

    /** Takes {@code n} random steps, resetting at each episode end; returns the number of finished episodes. */
    @SuppressWarnings("unchecked")
    static <O, A> long run(Env<O, A> env, long n, long seed) {
        Space<A> actions = env.actionSpace();
        actions.seed(seed);
        env.reset(seed);
        long episodes = 0;
        long sink = 0;
        for (long i = 0; i < n; i++) {
            Step<O> s = env.step(actions.sample());
            sink += s.observation() == null ? 0 : 1;
            if (s.terminated() || s.truncated()) {
                episodes++;
                env.reset();
            }
        }
        if (sink < 0) {
            throw new AssertionError(); // keeps the observations alive
        }
        return episodes;
    }
}
