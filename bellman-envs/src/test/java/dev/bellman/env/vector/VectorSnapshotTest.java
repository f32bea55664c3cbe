package dev.bellman.env.vector;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.wrappers.FrameStack;
import dev.bellman.env.wrappers.NormalizeObservation;
import dev.bellman.env.wrappers.NormalizeReward;
import dev.bellman.env.wrappers.RecordEpisodeStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoint support of the continuous-observation envs: a snapshot taken mid-run and restored into an env made the
 * same way (but reset differently) continues with exactly the trajectory the original takes, across episode ends.
 */
class VectorSnapshotTest {

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1",
            "Identity-v0", "IdentityContinuous-v0"})
    void singleEnv_restoredChain_continuesTheSameTrajectory(String id) {
        try (Env<float[], Object> a = Envs.make(id); Env<float[], Object> b = Envs.make(id)) {
            a.reset(3L);
            trajectory(a, 1, 250); // long enough to end CartPole's episodes and reset (unseeded) a few times
            List<long[]> snap = Snapshottable.snapshotChain(a);
            b.reset(999L);
            Snapshottable.restoreChain(b, snap);
            assertEquals(trajectory(a, 2, 400), trajectory(b, 2, 400));
        }
    }

    @Test
    void snapshot_beforeFirstReset_restoresAnUnseededEnv() {
        try (Env<float[], Object> a = Envs.make("CartPole-v1"); Env<float[], Object> b = Envs.make("CartPole-v1")) {
            b.reset(1L);
            Snapshottable.restoreChain(b, Snapshottable.snapshotChain(a));
            assertThrows(IllegalStateException.class, () -> b.step(0)); // OrderEnforcing: reset first, as for a
        }
    }

    @Test
    void statefulWrappers_restoredChain_continueTheSameTrajectory() {
        try (Env<float[], Object> a = wrapped(); Env<float[], Object> b = wrapped()) {
            a.reset(4L);
            trajectory(a, 1, 300);
            b.reset(77L);
            trajectory(b, 3, 50); // different statistics and frames, overwritten by the restore
            Snapshottable.restoreChain(b, Snapshottable.snapshotChain(a));
            assertEquals(trajectory(a, 2, 300), trajectory(b, 2, 300));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Env<float[], Object> wrapped() {
        Env<float[], Object> e = Envs.make("Pendulum-v1");
        e = new NormalizeObservation(e);
        e = new NormalizeReward(e, 0.99, 1e-8);
        e = new FrameStack(e, 3);
        return new RecordEpisodeStatistics(e);
    }

    @ParameterizedTest
    @CsvSource({"CartPole-v1,SAME_STEP,native", "CartPole-v1,NEXT_STEP,native", "CartPole-v1,SAME_STEP,sync",
            "CartPole-v1,NEXT_STEP,threaded", "Pendulum-v1,SAME_STEP,sync", "MountainCar-v0,NEXT_STEP,sync"})
    void vectorEnv_restoredSnapshot_continuesTheSameSteps(String id, AutoresetMode mode, String kind) {
        try (VectorEnv a = vector(kind, id, mode); VectorEnv b = vector(kind, id, mode)) {
            a.reset(11L);
            vectorTrajectory(a, 1, 300);
            long[] snap = VectorEnvs.snapshot(a);
            b.reset(12L);
            VectorEnvs.restore(b, snap);
            assertEquals(vectorTrajectory(a, 2, 400), vectorTrajectory(b, 2, 400));
        }
    }

    @Test
    void vectorRestore_ofAnotherEnvsSnapshot_isRejectedNamingTheSizes() {
        try (VectorEnv a = VectorEnvs.sync("CartPole-v1", Map.of(), 3, AutoresetMode.SAME_STEP);
             VectorEnv b = VectorEnvs.sync("CartPole-v1", Map.of(), 2, AutoresetMode.SAME_STEP)) {
            a.reset(1L);
            b.reset(1L);
            var e = assertThrows(IllegalArgumentException.class, () -> VectorEnvs.restore(b, VectorEnvs.snapshot(a)));
            assertTrue(e.getMessage().contains("2 copies"), e.getMessage());
            var n = new CartPoleVectorEnv(2, AutoresetMode.SAME_STEP);
            var e2 = assertThrows(IllegalArgumentException.class, () -> n.restore(new long[5]));
            assertTrue(e2.getMessage().contains("31 values but this one has 5"), e2.getMessage());
        }
    }

    private static VectorEnv vector(String kind, String id, AutoresetMode mode) {
        return switch (kind) {
            case "native" -> new CartPoleVectorEnv(3, mode);
            case "sync" -> VectorEnvs.sync(id, Map.of(), 3, mode);
            case "threaded" -> VectorEnvs.threaded(id, Map.of(), 3, mode, 2);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Steps with a deterministic action pattern (no generator involved), resetting at episode ends. */
    private static List<String> trajectory(Env<float[], Object> env, int salt, int steps) {
        List<String> out = new ArrayList<>();
        Space<?> space = env.actionSpace();
        for (int t = 0; t < steps; t++) {
            Object action = space instanceof Discrete d ? (Object) ((t * salt + t / 7) % d.n())
                    : new float[] {(float) Math.sin(t * 0.37 * salt) * ((Box) space).high()[0]};
            Step<float[]> s = env.step(action);
            out.add(Arrays.toString(s.observation()) + s.reward() + s.terminated() + s.truncated());
            if (s.terminated() || s.truncated()) {
                out.add("reset " + Arrays.toString(env.reset().observation()));
            }
        }
        return out;
    }

    private static List<String> vectorTrajectory(VectorEnv env, int salt, int steps) {
        List<String> out = new ArrayList<>();
        int n = env.numEnvs();
        for (int t = 0; t < steps; t++) {
            VectorStep s;
            if (env.singleActionSpace() instanceof Discrete d) {
                int[] actions = new int[n];
                for (int i = 0; i < n; i++) actions[i] = (t * salt + i + t / 5) % d.n();
                s = env.step(actions);
            } else {
                float[] actions = new float[n];
                for (int i = 0; i < n; i++) actions[i] = (float) Math.sin(t * 0.37 * salt + i);
                s = env.step(actions);
            }
            out.add(Arrays.toString(s.observations()) + Arrays.toString(s.rewards()) + Arrays.toString(s.terminated())
                    + Arrays.toString(s.truncated()));
        }
        return out;
    }
}
