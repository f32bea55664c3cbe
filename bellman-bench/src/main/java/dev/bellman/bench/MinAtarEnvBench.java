package dev.bellman.bench;

import dev.bellman.env.NpRandomState;
import dev.bellman.envs.minatar.MinAtarEnv;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * MinAtar environment steps per second on one thread, the same work as the Python package's
 * {@code $PEERS/scripts/minatar_throughput.py}: each step is the game's {@code act} (sticky actions 0.1, all six
 * actions, uniformly random) and the observation ({@code state()}; here the channel-first byte planes every
 * {@code step} returns), with a reset after each termination. Prints wall-clock and thread-CPU steps per second
 * per game (the CPU figure is closer to an idle core's on a shared machine).
 *
 * <p>Run (bench jar built with {@code ./mvnw -B -o -q package -DskipTests -pl bellman-bench -am}):
 * {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.MinAtarEnvBench [STEPS]} (default 2,000,000 per game after a 1,000,000-step warm-up).
 * Python side, back to back: {@code PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY $PEERS/scripts/minatar_throughput.py}.
 */
public final class MinAtarEnvBench {
    private MinAtarEnvBench() {}

    private static long run(MinAtarEnv env, int[] actions, int steps) {
        long sink = 0;
        for (int i = 0; i < steps; i++) {
            var s = env.step(actions[i & (actions.length - 1)]);
            sink += s.observation()[i % s.observation().length];
            if (s.terminated()) {
                env.reset();
            }
        }
        return sink;
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int[] actions = new int[1 << 16];
        NpRandomState r = new NpRandomState(0);
        for (int i = 0; i < actions.length; i++) actions[i] = (int) r.randint(6);
        long sink = 0;
        for (MinAtarEnv.Game g : MinAtarEnv.Game.values()) {
            MinAtarEnv env = new MinAtarEnv(g, false);
            env.reset(0L);
            sink += run(env, actions, 1_000_000); // warm-up: the JIT needs ~10^6 steps to settle
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            sink += run(env, actions, steps);
            long w1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            System.out.printf("%s: %,.0f steps/s wall, %,.0f steps/s thread CPU (act+state, %d steps)%n", g.title(),
                    steps / ((w1 - w0) * 1e-9), steps / ((c1 - c0) * 1e-9), steps);
        }
        if (sink == 42) System.out.println();
    }
}
