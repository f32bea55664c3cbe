package dev.bellman.env.vector;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-sub-environment logic shared by {@link SyncVectorEnv} and {@link ThreadedVectorEnv}: each operation
 * touches only slot {@code i} of the shared buffers, so any assignment of slots to threads gives the same result.
 * Mirrors Gymnasium 1.x {@code SyncVectorEnv.step} / {@code reset} per autoreset mode.
 */
final class SubEnvs {

    final List<Env<float[], Object>> envs;
    final int numEnvs;
    final int observationSize;
    final Box observationSpace;
    /** The sub-environments' space when they observe bytes, else null; then {@link #observationSpace} is its float view. */
    final ByteBox byteObservationSpace;
    final Space<?> actionSpace;
    final boolean discreteActions;
    final int actionSize;
    final AutoresetMode mode;
    final VectorStep out;
    /** Gymnasium's {@code _autoreset_envs}: the last step ended the episode and no reset happened since. */
    private final boolean[] ended;
    private final double[] runningReturn;
    private final int[] runningLength;
    private boolean started;
    private boolean closed;

    // the arguments of the current call, read by the workers
    int[] intActions;
    float[] floatActions;
    Long resetSeed;
    boolean[] resetMask;

    @SuppressWarnings("unchecked")
    SubEnvs(List<? extends Env<float[], ?>> envs, AutoresetMode mode) {
        if (envs == null || envs.isEmpty()) {
            throw new IllegalArgumentException("a vector env needs at least one sub-environment");
        }
        if (mode == null) {
            throw new IllegalArgumentException("autoreset mode must not be null");
        }
        this.envs = new ArrayList<>();
        for (Env<float[], ?> e : envs) {
            this.envs.add((Env<float[], Object>) e);
        }
        this.numEnvs = envs.size();
        this.mode = mode;
        Space<?> obs = envs.get(0).observationSpace();
        if (obs instanceof Box box) {
            this.observationSpace = box;
            this.byteObservationSpace = null;
        } else if (obs instanceof ByteBox bytes) {
            this.observationSpace = bytes.asFloatBox();
            this.byteObservationSpace = bytes;
        } else {
            throw new IllegalArgumentException("vector envs need a Box observation space (float32 or uint8) but got " + obs);
        }
        this.observationSize = observationSpace.flatDim();
        this.actionSpace = envs.get(0).actionSpace();
        if (actionSpace instanceof Discrete) {
            discreteActions = true;
            actionSize = 1;
        } else if (actionSpace instanceof Box b) {
            discreteActions = false;
            actionSize = b.flatDim();
        } else {
            throw new IllegalArgumentException("vector envs need a Discrete or Box action space but got " + actionSpace);
        }
        for (int i = 1; i < numEnvs; i++) {
            if (!envs.get(i).observationSpace().equals(obs) || !envs.get(i).actionSpace().equals(actionSpace)) {
                throw new IllegalArgumentException("sub-environment " + i + " has spaces "
                        + envs.get(i).observationSpace() + " / " + envs.get(i).actionSpace()
                        + " but sub-environment 0 has " + obs + " / " + actionSpace);
            }
        }
        out = new VectorStep(numEnvs, observationSize, byteObservationSpace != null);
        ended = new boolean[numEnvs];
        runningReturn = new double[numEnvs];
        runningLength = new int[numEnvs];
    }

    // ------------------------------------------------------------------ argument checks (caller thread)

    void beginStep(int[] actions) {
        checkOpen();
        if (!discreteActions) {
            throw new IllegalStateException("the action space is " + actionSpace + ": call step(float[])");
        }
        if (actions == null || actions.length != numEnvs) {
            throw new IllegalArgumentException("actions must have length numEnvs = " + numEnvs + " but had "
                    + (actions == null ? "null" : actions.length));
        }
        checkStarted();
        intActions = actions;
        floatActions = null;
    }

    void beginStep(float[] actions) {
        checkOpen();
        if (discreteActions) {
            throw new IllegalStateException("the action space is " + actionSpace + ": call step(int[])");
        }
        if (actions == null || actions.length != numEnvs * actionSize) {
            throw new IllegalArgumentException("actions must have length numEnvs * actionSize = " + numEnvs * actionSize
                    + " but had " + (actions == null ? "null" : actions.length));
        }
        checkStarted();
        floatActions = actions;
        intActions = null;
    }

    void beginReset(Long seed, boolean[] mask) {
        checkOpen();
        if (mask != null) {
            if (mask.length != numEnvs) {
                throw new IllegalArgumentException("reset mask must have length numEnvs = " + numEnvs + " but had "
                        + mask.length);
            }
            boolean any = false;
            for (boolean m : mask) {
                any |= m;
            }
            if (!any) {
                throw new IllegalArgumentException("reset mask must select at least one sub-environment");
            }
            if (!started) {
                throw new IllegalStateException("call reset() on all sub-environments before a masked reset");
            }
        }
        resetSeed = seed;
        resetMask = mask;
        started = true;
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("call reset() before step()");
        }
        if (mode == AutoresetMode.DISABLED) {
            // fail before any sub-environment moves, so a refused step changes nothing
            for (int i = 0; i < numEnvs; i++) {
                if (ended[i]) {
                    throw new IllegalStateException("sub-environment " + i + " ended its episode; with autoreset mode "
                            + mode + " reset it with reset(seed, mask) before stepping");
                }
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the vector env is closed");
        }
    }

    // ------------------------------------------------------------------ per-slot work (any thread)

    void resetOne(int i) {
        out.episodeEnded[i] = false;
        if (resetMask != null && !resetMask[i]) {
            return;
        }
        Long seed = resetSeed == null ? null : resetSeed + i;
        Reset<?> r = envs.get(i).reset(seed, Map.of());
        writeObservation(i, r.observation());
        out.rewards[i] = 0.0;
        out.terminated[i] = false;
        out.truncated[i] = false;
        clearFinal(i);
        out.finalInfos[i] = null;
        out.infos[i] = r.info();
        ended[i] = false;
        runningReturn[i] = 0.0;
        runningLength[i] = 0;
    }

    void stepOne(int i) {
        clearFinal(i);
        out.finalInfos[i] = null;
        out.episodeEnded[i] = false;
        Env<float[], Object> env = envs.get(i);
        if (ended[i]) {
            if (mode == AutoresetMode.NEXT_STEP) {
                // the step after an episode ended resets and ignores the action
                Reset<?> r = env.reset(null, Map.of());
                writeObservation(i, r.observation());
                out.rewards[i] = 0.0;
                out.terminated[i] = false;
                out.truncated[i] = false;
                out.infos[i] = r.info();
                ended[i] = false;
                return;
            }
            throw new IllegalStateException("sub-environment " + i + " ended its episode; with autoreset mode "
                    + mode + " reset it with reset(seed, mask) before stepping");
        }
        Step<?> s = env.step(action(i));
        writeObservation(i, s.observation());
        out.rewards[i] = s.reward();
        out.terminated[i] = s.terminated();
        out.truncated[i] = s.truncated();
        out.infos[i] = s.info();
        runningReturn[i] += s.reward();
        runningLength[i]++;
        if (s.terminated() || s.truncated()) {
            out.episodeEnded[i] = true;
            out.episodeReturn[i] = runningReturn[i];
            out.episodeLength[i] = runningLength[i];
            runningReturn[i] = 0.0;
            runningLength[i] = 0;
            if (mode == AutoresetMode.SAME_STEP) {
                if (s.observation() instanceof byte[] b) out.finalByteObservations[i] = b.clone();
                else out.finalObservations[i] = ((float[]) s.observation()).clone();
                out.finalInfos[i] = s.info();
                Reset<?> r = env.reset(null, Map.of());
                writeObservation(i, r.observation());
                out.infos[i] = r.info();
            } else {
                ended[i] = true;
            }
        }
    }

    private Object action(int i) {
        if (discreteActions) {
            return intActions[i];
        }
        float[] a = new float[actionSize];
        System.arraycopy(floatActions, i * actionSize, a, 0, actionSize);
        return a;
    }

    private void clearFinal(int i) {
        out.finalObservations[i] = null;
        if (out.finalByteObservations != null) out.finalByteObservations[i] = null;
    }

    private void writeObservation(int i, Object obs) {
        int length = obs instanceof float[] f ? f.length : obs instanceof byte[] b ? b.length : -1;
        if (length != observationSize || (obs instanceof byte[]) != (byteObservationSpace != null)) {
            throw new IllegalStateException("sub-environment " + i + " returned " + dev.bellman.env.Spaces.describe(obs)
                    + " but the observation space is " + (byteObservationSpace != null ? byteObservationSpace : observationSpace)
                    + " (" + (byteObservationSpace != null ? "byte[" : "float[") + observationSize + "])");
        }
        if (obs instanceof byte[] b) {
            System.arraycopy(b, 0, out.byteObservations, i * observationSize, observationSize);
            out.floatViewStale = true; // each slot writes the same value; the caller converts after the call returns
        } else {
            System.arraycopy((float[]) obs, 0, out.observations, i * observationSize, observationSize);
        }
    }

    /** Closes every sub-environment once; returns false when already closed. */
    boolean closeAll() {
        if (closed) {
            return false;
        }
        closed = true;
        RuntimeException first = null;
        for (Env<float[], Object> e : envs) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return true;
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * The copies' complete state: {@code started}, then per copy its episode bookkeeping ({@code ended}, running
     * return as raw bits, running length) and its wrapper chain ({@link Snapshottable#snapshotChain}) as a layer
     * count followed by each layer's length and values.
     */
    long[] snapshot() {
        checkOpen();
        java.util.List<Long> out = new java.util.ArrayList<>();
        out.add(started ? 1L : 0L);
        for (int i = 0; i < numEnvs; i++) {
            out.add(ended[i] ? 1L : 0L);
            out.add(Double.doubleToRawLongBits(runningReturn[i]));
            out.add((long) runningLength[i]);
            java.util.List<long[]> chain = Snapshottable.snapshotChain(envs.get(i));
            out.add((long) chain.size());
            for (long[] layer : chain) {
                out.add((long) layer.length);
                for (long v : layer) out.add(v);
            }
        }
        long[] a = new long[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    /** Puts back what {@link #snapshot()} of copies made the same way wrote. */
    void restore(long[] v) {
        checkOpen();
        int k = 0;
        try {
            boolean st = v[k++] != 0;
            boolean[] en = new boolean[numEnvs];
            double[] ret = new double[numEnvs];
            int[] len = new int[numEnvs];
            java.util.List<java.util.List<long[]>> chains = new java.util.ArrayList<>();
            for (int i = 0; i < numEnvs; i++) {
                en[i] = v[k++] != 0;
                ret[i] = Double.longBitsToDouble(v[k++]);
                len[i] = (int) v[k++];
                int layers = (int) v[k++];
                java.util.List<long[]> chain = new java.util.ArrayList<>();
                for (int l = 0; l < layers; l++) {
                    int n = (int) v[k++];
                    chain.add(java.util.Arrays.copyOfRange(v, k, k + n));
                    k += n;
                }
                chains.add(chain);
            }
            if (k != v.length) {
                throw new IllegalArgumentException("a vector env snapshot of " + numEnvs + " copies has " + v.length
                        + " values but " + k + " were expected");
            }
            for (int i = 0; i < numEnvs; i++) {
                Snapshottable.restoreChain(envs.get(i), chains.get(i));
            }
            started = st;
            System.arraycopy(en, 0, ended, 0, numEnvs);
            System.arraycopy(ret, 0, runningReturn, 0, numEnvs);
            System.arraycopy(len, 0, runningLength, 0, numEnvs);
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("a vector env snapshot")) {
                throw iae;
            }
            throw new IllegalArgumentException("not a snapshot of these " + numEnvs + " copies: " + e.getMessage(), e);
        }
    }
}
