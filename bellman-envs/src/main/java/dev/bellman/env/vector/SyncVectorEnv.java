package dev.bellman.env.vector;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Steps its sub-environments one after another on the calling thread (Gymnasium 1.x {@code SyncVectorEnv}).
 *
 * <p>Example: {@code SyncVectorEnv.of(() -> Envs.make("CartPole-v1"), 8, AutoresetMode.NEXT_STEP)}.
 */
public final class SyncVectorEnv implements VectorEnv, Snapshottable {

    private final SubEnvs subEnvs;

    public SyncVectorEnv(List<? extends Env<float[], ?>> envs, AutoresetMode mode) {
        this.subEnvs = new SubEnvs(envs, mode);
    }

    /** {@code numEnvs} environments from {@code factory}. */
    public static SyncVectorEnv of(Supplier<? extends Env<float[], ?>> factory, int numEnvs, AutoresetMode mode) {
        return new SyncVectorEnv(build(factory, numEnvs), mode);
    }

    static List<Env<float[], ?>> build(Supplier<? extends Env<float[], ?>> factory, int numEnvs) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
        }
        List<Env<float[], ?>> envs = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            envs.add(factory.get());
        }
        return envs;
    }

    @Override
    public int numEnvs() {
        return subEnvs.numEnvs;
    }

    @Override
    public int observationSize() {
        return subEnvs.observationSize;
    }

    @Override
    public Box singleObservationSpace() {
        return subEnvs.observationSpace;
    }

    @Override
    public ByteBox singleByteObservationSpace() {
        return subEnvs.byteObservationSpace;
    }

    @Override
    public Space<?> singleActionSpace() {
        return subEnvs.actionSpace;
    }

    @Override
    public AutoresetMode autoresetMode() {
        return subEnvs.mode;
    }

    /** The sub-environments, for inspection (stepping them directly breaks the vector env's bookkeeping). */
    public List<Env<float[], Object>> envs() {
        return List.copyOf(subEnvs.envs);
    }

    @Override
    public VectorStep reset(long seed) {
        return reset(Long.valueOf(seed), null);
    }

    @Override
    public VectorStep reset() {
        return reset(null, null);
    }

    @Override
    public VectorStep reset(Long seed, boolean[] mask) {
        subEnvs.beginReset(seed, mask);
        for (int i = 0; i < subEnvs.numEnvs; i++) {
            subEnvs.resetOne(i);
        }
        return subEnvs.out;
    }

    @Override
    public VectorStep step(int[] actions) {
        subEnvs.beginStep(actions);
        for (int i = 0; i < subEnvs.numEnvs; i++) {
            subEnvs.stepOne(i);
        }
        return subEnvs.out;
    }

    @Override
    public VectorStep step(float[] actions) {
        subEnvs.beginStep(actions);
        for (int i = 0; i < subEnvs.numEnvs; i++) {
            subEnvs.stepOne(i);
        }
        return subEnvs.out;
    }

    @Override
    public void close() {
        subEnvs.closeAll();
    }

    /** Every copy's state and episode bookkeeping (see {@link Snapshottable}); call between steps. */
    @Override
    public long[] snapshot() {
        return subEnvs.snapshot();
    }

    @Override
    public void restore(long[] snapshot) {
        subEnvs.restore(snapshot);
    }
}
