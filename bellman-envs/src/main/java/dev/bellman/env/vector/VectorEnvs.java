package dev.bellman.env.vector;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Snapshottable;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds vector environments from registry ids (Gymnasium's {@code gym.make_vec}): {@link #sync}, {@link #threaded},
 * and {@link #make}, which picks the natively batched implementation where one exists ({@code CartPole-v1} with its
 * default time limit and no keyword arguments: {@link CartPoleVectorEnv}, Gymnasium's
 * {@code vectorization_mode="vector_entry_point"}) and a {@link SyncVectorEnv} otherwise. All three give the same
 * trajectories for the same seed and actions.
 */
public final class VectorEnvs {

    private VectorEnvs() {}

    /** {@code numEnvs} copies of {@code Envs.make(id, kwargs)} stepped in turn. */
    public static SyncVectorEnv sync(String id, Map<String, Object> kwargs, int numEnvs, AutoresetMode mode) {
        return SyncVectorEnv.of(factory(id, kwargs), numEnvs, mode);
    }

    /** {@code numEnvs} copies of {@code Envs.make(id, kwargs)} on {@code numThreads} workers. */
    public static ThreadedVectorEnv threaded(
            String id, Map<String, Object> kwargs, int numEnvs, AutoresetMode mode, int numThreads) {
        return ThreadedVectorEnv.of(factory(id, kwargs), numEnvs, mode, numThreads);
    }

    /** The natively batched env for {@code id} if there is one, else {@link #sync}. */
    public static VectorEnv make(String id, int numEnvs, AutoresetMode mode) {
        if (id.equals("CartPole-v1") && Integer.valueOf(500).equals(Envs.spec(id).maxEpisodeSteps())) {
            return new CartPoleVectorEnv(numEnvs, mode, 500);
        }
        return sync(id, Map.of(), numEnvs, mode);
    }

    private static Supplier<Env<float[], ?>> factory(String id, Map<String, Object> kwargs) {
        Envs.spec(id); // fail now, naming the id, rather than at the first copy
        return () -> Envs.make(id, kwargs);
    }

    /**
     * The complete state of {@code env}'s copies, for checkpoints ({@link Snapshottable}); restore it with
     * {@link #restore} into a vector env made the same way.
     *
     * @throws IllegalArgumentException if {@code env} cannot capture its state
     */
    public static long[] snapshot(VectorEnv env) {
        if (env instanceof Snapshottable s) {
            return s.snapshot();
        }
        throw new IllegalArgumentException(env.getClass().getSimpleName()
                + " cannot snapshot its state (it does not implement Snapshottable), so it cannot be checkpointed");
    }

    /** Puts back a state from {@link #snapshot} into a vector env made the same way. */
    public static void restore(VectorEnv env, long[] snapshot) {
        if (env instanceof Snapshottable s) {
            s.restore(snapshot);
            return;
        }
        throw new IllegalArgumentException(env.getClass().getSimpleName()
                + " cannot restore a state (it does not implement Snapshottable)");
    }
}
