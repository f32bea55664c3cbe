package dev.bellman.bench;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Step;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Box2D environment steps per second on one thread, the same work as {@code tools/bench/box2d_env_bench.py} does in
 * Gymnasium: {@code make(id)} (time limit and checker wrappers included), uniformly random actions precomputed from a
 * seeded generator, a reset after each episode end, no rendering. Prints wall-clock and thread-CPU steps per second per
 * id (the CPU figure is closer to an idle core's on a shared machine).
 *
 * <p>Run (bench jar built with {@code ./mvnw -B -o -q package -DskipTests -pl bellman-bench -am}):
 * {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.Box2DEnvBench [STEPS]} (default 100,000 per id after a 100,000-step warm-up); both sides back to
 * back: {@code tools/bench/box2d_env_bench.sh [STEPS]}.
 */
public final class Box2DEnvBench {
    private Box2DEnvBench() {}

    static final String[] IDS = {"LunarLander-v3", "LunarLanderContinuous-v3", "BipedalWalker-v3",
        "BipedalWalkerHardcore-v3"};

    private static Object[] actions(String id, int n) {
        NpRandom r = new NpRandom(0);
        Object[] out = new Object[n];
        int dims = id.startsWith("Bipedal") ? 4 : 2;
        for (int i = 0; i < n; i++) {
            if (id.equals("LunarLander-v3")) {
                out[i] = (int) r.integers(4);
            } else {
                float[] a = new float[dims];
                for (int d = 0; d < dims; d++) {
                    a[d] = (float) r.uniform(-1, 1);
                }
                out[i] = a;
            }
        }
        return out;
    }

    private static double run(Env<float[], Object> env, Object[] actions, int steps) {
        double sink = 0;
        for (int i = 0; i < steps; i++) {
            Step<float[]> s = env.step(actions[i % actions.length]);
            sink += s.reward();
            if (s.done()) {
                env.reset();
            }
        }
        return sink;
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (String id : IDS) {
            Env<float[], Object> env = Envs.make(id);
            Object[] actions = actions(id, 4096);
            env.reset(0L);
            sink += run(env, actions, 100_000); // warm-up for the JIT
            env.reset(0L);
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            sink += run(env, actions, steps);
            long w1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            System.out.printf("%s: %,.0f steps/s wall, %,.0f steps/s thread CPU (%d steps)%n", id,
                    steps / ((w1 - w0) * 1e-9), steps / ((c1 - c0) * 1e-9), steps);
            env.close();
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
