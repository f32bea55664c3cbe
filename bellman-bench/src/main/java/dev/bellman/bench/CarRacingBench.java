package dev.bellman.bench;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Step;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

/**
 * {@code CarRacing-v3} steps per second on one thread, each step rendering its 96×96 observation, the same work as
 * {@code tools/bench/carracing_bench.py} does in Gymnasium: {@code make("CarRacing-v3", continuous=...)} (time limit
 * and checker wrappers included), actions drawn from the action space from a seeded generator and precomputed, a reset
 * (a new track) after each episode end. Prints wall-clock and thread-CPU steps per second for the continuous and the
 * discrete mode.
 *
 * <p>Run (bench jar built with {@code ./mvnw -B -o -q package -DskipTests -pl bellman-bench -am}):
 * {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.CarRacingBench [STEPS]} (default 5,000 per mode after a 5,000-step warm-up); both sides back to
 * back: {@code tools/bench/carracing_bench.sh [STEPS]}.
 */
public final class CarRacingBench {
    private CarRacingBench() {}

    private static Object[] actions(boolean continuous, int n) {
        NpRandom r = new NpRandom(0);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = continuous ? new float[] {(float) r.uniform(-1, 1), (float) r.uniform(0, 1), (float) r.uniform(0, 1)}
                    : (Object) (int) r.integers(5);
        }
        return out;
    }

    private static long[] run(Env<byte[], Object> env, Object[] actions, int steps) {
        long resets = 0;
        long sink = 0;
        for (int i = 0; i < steps; i++) {
            Step<byte[]> s = env.step(actions[i % actions.length]);
            sink += s.observation()[i % 96];
            if (s.done()) {
                env.reset();
                resets++;
            }
        }
        return new long[] {resets, sink};
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (boolean continuous : new boolean[] {true, false}) {
            Env<byte[], Object> env = (Env<byte[], Object>) (Env<?, ?>) Envs.make("CarRacing-v3", Map.of("continuous", continuous));
            Object[] actions = actions(continuous, 4096);
            env.reset(0L);
            sink += run(env, actions, 5_000)[1]; // warm-up for the JIT
            env.reset(0L);
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            long[] r = run(env, actions, steps);
            long w1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            sink += r[1];
            System.out.printf("CarRacing-v3 continuous=%s: %,.0f steps/s wall, %,.0f steps/s thread CPU (%d steps, %d resets)%n",
                    continuous ? "True" : "False", steps / ((w1 - w0) * 1e-9), steps / ((c1 - c0) * 1e-9), steps, r[0]);
            env.close();
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
