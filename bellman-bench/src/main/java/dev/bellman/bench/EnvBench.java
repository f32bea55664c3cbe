package dev.bellman.bench;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.CartPoleVectorEnv;
import dev.bellman.env.vector.SyncVectorEnv;
import dev.bellman.env.vector.VectorStep;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CartPole environment steps per second on one thread: a single {@code CartPole-v1} from the registry (with its
 * time-limit and checker wrappers), a {@link SyncVectorEnv} of them, and the natively batched
 * {@link CartPoleVectorEnv}. Scores are environment steps per second (each batched call counts {@code numEnvs}
 * steps). Actions come from a fixed pseudo-random pattern precomputed in setup so that policy cost is not measured.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bellman-bench/target/benchmarks.jar EnvBench}.
 *
 * <p>On a shared, oversubscribed machine the JMH wall-clock scores mostly measure the share of a core the benchmark
 * got. {@link #main} therefore also reports steps per second of <i>thread CPU time</i>
 * ({@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar dev.bellman.bench.EnvBench}),
 * which is closer to what an idle core delivers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvBench {

    static final int NUM_ENVS = 256;
    static final int PATTERN = 1024;

    /** Precomputed actions: a pattern that balances the pole part of the time so episodes vary in length. */
    static int[][] actionPattern(int numEnvs) {
        int[][] p = new int[PATTERN][numEnvs];
        long s = 0x9E3779B97F4A7C15L;
        for (int t = 0; t < PATTERN; t++) {
            for (int i = 0; i < numEnvs; i++) {
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                p[t][i] = (int) (s & 1);
            }
        }
        return p;
    }

    @State(Scope.Thread)
    public static class Single {
        Env<float[], Integer> env;
        int[][] actions = actionPattern(1);
        int t;

        @Setup(Level.Trial)
        public void setup() {
            env = Envs.make("CartPole-v1");
            env.reset(0L);
        }
    }

    @State(Scope.Thread)
    public static class Batched {
        CartPoleVectorEnv env;
        int[][] actions;
        int t;

        @Setup(Level.Trial)
        public void setup() {
            env = new CartPoleVectorEnv(NUM_ENVS, AutoresetMode.NEXT_STEP);
            env.reset(0);
            actions = actionPattern(NUM_ENVS);
        }
    }

    @State(Scope.Thread)
    public static class Synced {
        SyncVectorEnv env;
        int[][] actions = actionPattern(NUM_ENVS);
        int t;

        @Setup(Level.Trial)
        public void setup() {
            env = SyncVectorEnv.of(() -> Envs.make("CartPole-v1"), NUM_ENVS, AutoresetMode.NEXT_STEP);
            env.reset(0);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            env.close();
        }
    }

    /** One step of a single registry-made CartPole-v1 (reset when the episode ends). */
    @Benchmark
    public float singleEnv(Single st) {
        Step<float[]> s = st.env.step(st.actions[st.t++ & (PATTERN - 1)][0]);
        if (s.terminated() || s.truncated()) {
            st.env.reset();
        }
        return s.observation()[0];
    }

    /** One vector step of the natively batched CartPole: 256 env steps. */
    @Benchmark
    @OperationsPerInvocation(NUM_ENVS)
    public float batchedCartPole(Batched st) {
        VectorStep s = st.env.step(st.actions[st.t++ & (PATTERN - 1)]);
        return s.observations()[0];
    }

    /** One vector step of a SyncVectorEnv of 256 registry-made CartPole-v1: 256 env steps. */
    @Benchmark
    @OperationsPerInvocation(NUM_ENVS)
    public float syncVectorCartPole(Synced st) {
        VectorStep s = st.env.step(st.actions[st.t++ & (PATTERN - 1)]);
        return s.observations()[0];
    }

    /** Steps per second of thread CPU time and of wall time, for the single and the batched CartPole. */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Single single = new Single();
        single.setup();
        Batched batched = new Batched();
        batched.setup();
        EnvBench bench = new EnvBench();
        float sink = 0;
        for (int rep = 0; rep < 8; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            int calls = 20_000;
            for (int k = 0; k < calls; k++) {
                sink += bench.batchedCartPole(batched);
            }
            long c1 = mx.getCurrentThreadCpuTime();
            long w1 = System.nanoTime();
            double steps = (double) calls * NUM_ENVS;
            System.out.printf("batchedCartPole(%d): %6.2f M steps/cpu-s  %6.2f M steps/wall-s%n", NUM_ENVS,
                    steps / (c1 - c0) * 1e3, steps / (w1 - w0) * 1e3);
            c0 = mx.getCurrentThreadCpuTime();
            w0 = System.nanoTime();
            int singleSteps = 2_000_000;
            for (int k = 0; k < singleSteps; k++) {
                sink += bench.singleEnv(single);
            }
            c1 = mx.getCurrentThreadCpuTime();
            w1 = System.nanoTime();
            System.out.printf("singleEnv:            %6.2f M steps/cpu-s  %6.2f M steps/wall-s%n",
                    singleSteps / (double) (c1 - c0) * 1e3, singleSteps / (double) (w1 - w0) * 1e3);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
