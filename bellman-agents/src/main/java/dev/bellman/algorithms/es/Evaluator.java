package dev.bellman.algorithms.es;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.kernels.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Deterministic parallel evaluation of a population: member {@code m} plays one episode with its own parameters,
 * from an env reset with its own seed, and its return, length and (optionally) observation statistics land at index
 * {@code m}. Members are the tasks of {@link Parallel#forEachTask} ({@code -Dbellman.threads}); an episode depends
 * only on the member's parameters and seed, never on which thread or which env instance runs it, so the results are
 * identical for any thread count.
 *
 * <p>Env instances come from a pool (one per thread in use, made on demand with the run's id and keyword
 * arguments); each episode starts with {@code reset(seed)}, which reseeds the instance.
 */
final class Evaluator implements AutoCloseable {
    /** A cap for envs without a time limit: an episode that reaches it ends there. */
    static final int MAX_EPISODE_STEPS = 1_000_000;

    /** Writes member {@code m}'s parameters into {@code out}. */
    @FunctionalInterface
    interface Members {
        void parameters(int m, float[] out);
    }

    private final String envId;
    private final Map<String, Object> envKwargs;
    private final ConcurrentLinkedQueue<Env<Object, Object>> idle = new ConcurrentLinkedQueue<>();
    private final List<Env<Object, Object>> all = new ArrayList<>();

    Evaluator(String envId, Map<String, Object> envKwargs) {
        this.envId = envId;
        this.envKwargs = envKwargs;
        idle.add(make()); // the first one is made here, so a bad id fails before any thread starts
    }

    /** An env instance of the run's id, for reading its spaces (never stepped outside {@link #evaluate}). */
    Env<Object, Object> any() {
        synchronized (all) {
            return all.get(0);
        }
    }

    private Env<Object, Object> make() {
        Env<Object, Object> env = Envs.make(envId, envKwargs);
        synchronized (all) {
            all.add(env);
        }
        return env;
    }

    /**
     * Plays one episode for each of {@code numMembers} tasks (a task is a member, or one episode of a member).
     *
     * @param arch the policies' architecture
     * @param numMembers the number of tasks
     * @param members writes each task's parameters
     * @param seeds each task's episode seed
     * @param mean the observation mean subtracted (fixed during the call)
     * @param scale the factor applied after subtracting the mean
     * @param obsClip the bound on the normalised observation (infinity for none)
     * @param returns receives each member's undiscounted return
     * @param lengths receives each member's episode length
     * @param stats when not null, receives each member's observation statistics (a fresh {@link ObsStat} each)
     */
    void evaluate(FlatPolicy.Arch arch, int numMembers, Members members, long[] seeds, float[] mean, float[] scale,
                  float obsClip, double[] returns, int[] lengths, ObsStat[] stats) {
        evaluate(arch, numMembers, members, seeds, mean, scale, obsClip, 0, returns, lengths, stats);
    }

    /**
     * {@link #evaluate(FlatPolicy.Arch, int, Members, long[], float[], float[], float, double[], int[], ObsStat[])}
     * with action noise: at every step, N(0, {@code actionNoiseStd}²) is added to each raw policy output before it
     * becomes an action (OpenAI's {@code ac_noise_std}). The noise comes from a generator seeded by the task's episode
     * seed alone ({@link #actionNoiseSeed}), so tasks that share an episode seed share the noise as they share the
     * start state. With {@code actionNoiseStd} 0 no generator is made and the episodes are those of the plain call.
     */
    void evaluate(FlatPolicy.Arch arch, int numMembers, Members members, long[] seeds, float[] mean, float[] scale,
                  float obsClip, double actionNoiseStd, double[] returns, int[] lengths, ObsStat[] stats) {
        int dim = arch.numParams();
        Parallel.forEachTask(numMembers, m -> {
            Env<Object, Object> env = idle.poll();
            if (env == null) env = make();
            try {
                float[] p = new float[dim];
                members.parameters(m, p);
                float[][] scratch = arch.scratch();
                ObsStat st = stats == null ? null : new ObsStat(arch.obsSize());
                Rng noise = actionNoiseStd > 0 ? new Rng(actionNoiseSeed(seeds[m])) : null;
                float[] obs = (float[]) env.reset(seeds[m]).observation();
                double ret = 0;
                int len = 0;
                while (true) {
                    if (st != null) st.push(obs);
                    float[] y = arch.forward(p, obs, mean, scale, obsClip, scratch);
                    if (noise != null) for (int i = 0; i < y.length; i++) y[i] += (float) (actionNoiseStd * noise.nextGaussian());
                    Step<Object> step = env.step(arch.action(y));
                    ret += step.reward();
                    len++;
                    if (step.done() || len >= MAX_EPISODE_STEPS) break;
                    obs = (float[]) step.observation();
                }
                returns[m] = ret;
                lengths[m] = len;
                if (stats != null) stats[m] = st;
            } finally {
                idle.add(env);
            }
        });
    }

    /** A non-negative episode seed for {@code (runSeed, iteration, index)}, mixed by SplitMix64. */
    static long episodeSeed(long runSeed, long iteration, int index) {
        long z = runSeed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 33; // 31 bits: a seed every env accepts
    }

    /** The seed of the action-noise generator of an episode that starts from {@code episodeSeed}. */
    static long actionNoiseSeed(long episodeSeed) {
        return episodeSeed ^ 0x6A09E667F3BCC908L; // a fixed salt, so the stream differs from the env's own
    }

    @Override
    public void close() {
        synchronized (all) {
            for (Env<Object, Object> e : all) e.close();
            all.clear();
        }
    }
}
