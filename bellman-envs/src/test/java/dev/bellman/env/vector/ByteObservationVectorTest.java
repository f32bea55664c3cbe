package dev.bellman.env.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.EnvChecker;
import dev.bellman.env.Envs;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vector envs over sub-environments that observe bytes ({@link ByteBox}): the bytes travel as bytes. */
class ByteObservationVectorTest {

    private static SyncVectorEnv bars(int numEnvs, int maxSteps) {
        return SyncVectorEnv.of(() -> Envs.make("BarOrientation-v0", Map.of("size", 5), maxSteps), numEnvs,
                AutoresetMode.SAME_STEP);
    }

    @Test
    void byteEnv_stepsCarryTheSubEnvironmentsBytes_andAFloatViewOfTheSameValues() {
        try (SyncVectorEnv v = bars(2, 100); Env<byte[], Integer> single = Envs.make("BarOrientation-v0", Map.of("size", 5))) {
            assertEquals(ByteBox.binary(1, 5, 5), v.singleByteObservationSpace());
            assertEquals(new Box(0f, 1f, 1, 5, 5), v.singleObservationSpace());
            VectorStep s = v.reset(11);
            byte[] expected = single.reset(12L).observation(); // copy 1 is reset with seed 11 + 1
            assertArrayEquals(expected, Arrays.copyOfRange(s.byteObservations(), 25, 50));
            for (int t = 0; t < 5; t++) {
                s = v.step(new int[] {0, 1});
                Step<byte[]> one = single.step(1);
                assertArrayEquals(one.observation(), Arrays.copyOfRange(s.byteObservations(), 25, 50));
                assertEquals(one.reward(), s.rewards()[1]);
                float[] f = s.observations();
                for (int k = 0; k < f.length; k++) assertEquals(s.byteObservations()[k] & 0xFF, f[k], 0f);
            }
        }
    }

    @Test
    void sameStepAutoreset_keepsTheFinalObservationAsBytes() {
        try (SyncVectorEnv v = bars(1, 3); Env<byte[], Integer> single = Envs.make("BarOrientation-v0", Map.of("size", 5), 3)) {
            v.reset(4);
            single.reset(4L);
            VectorStep s = null;
            byte[] last = null;
            for (int t = 0; t < 3; t++) {
                s = v.step(new int[] {0});
                last = single.step(0).observation();
                if (t < 2) assertNull(s.finalByteObservation(0));
            }
            assertTrue(s.truncated()[0]);
            assertArrayEquals(last, s.finalByteObservation(0), "the real last image of the episode");
            float[] asFloats = s.finalObservation(0);
            for (int k = 0; k < last.length; k++) assertEquals(last[k], asFloats[k], 0f);
            assertNotNull(s.byteObservations()); // the reset image of the next episode
        }
    }

    @Test
    void threadedAndSync_giveTheSameBytes_andASnapshotContinuesThem() {
        try (SyncVectorEnv a = bars(3, 4);
             ThreadedVectorEnv b = ThreadedVectorEnv.of(() -> Envs.make("BarOrientation-v0", Map.of("size", 5), 4), 3,
                     AutoresetMode.SAME_STEP, 2);
             SyncVectorEnv c = bars(3, 4)) {
            assertArrayEquals(a.reset(1).byteObservations(), b.reset(1).byteObservations());
            for (int t = 0; t < 6; t++) {
                int[] act = {t % 2, 1, 0};
                assertArrayEquals(a.step(act).byteObservations(), b.step(act).byteObservations());
            }
            c.reset(77);
            c.restore(a.snapshot());
            List<byte[]> fromA = new ArrayList<>(), fromC = new ArrayList<>();
            for (int t = 0; t < 9; t++) {
                int[] act = {1, t % 2, 0};
                fromA.add(a.step(act).byteObservations().clone());
                fromC.add(c.step(act).byteObservations().clone());
            }
            for (int t = 0; t < 9; t++) assertArrayEquals(fromA.get(t), fromC.get(t), "step " + t);
        }
    }

    @Test
    void barOrientation_keepsTheEnvContract_withAndWithoutShuffle() {
        EnvChecker.check(() -> Envs.make("BarOrientation-v0"));
        EnvChecker.check(() -> Envs.make("BarOrientation-v0", Map.of("shuffle", true)));
        try (Env<byte[], Integer> e = Envs.make("BarOrientation-v0", Map.of("size", 4))) {
            byte[] o = e.reset(3L).observation();
            int lit = 0;
            for (byte b : o) lit += b;
            assertEquals(2, lit, "one bar of two pixels");
        }
        // with distractors: 2 + 3 lit pixels, the bar the only pair of neighbours; a snapshot continues the images
        try (Env<byte[], Integer> a = Envs.make("BarOrientation-v0", Map.of("distractors", 3));
             Env<byte[], Integer> b = Envs.make("BarOrientation-v0", Map.of("distractors", 3))) {
            a.reset(5L);
            for (int t = 0; t < 10; t++) a.step(t % 2);
            b.reset(6L);
            Snapshottable.restoreChain(b, Snapshottable.snapshotChain(a));
            for (int t = 0; t < 20; t++) {
                Step<byte[]> sa = a.step(1), sb = b.step(1);
                assertArrayEquals(sa.observation(), sb.observation());
                assertEquals(sa.reward(), sb.reward());
                int lit = 0, pairs = 0;
                byte[] o = sa.observation();
                for (int k = 0; k < 100; k++) {
                    lit += o[k];
                    if (o[k] == 1 && k % 10 < 9 && o[k + 1] == 1) pairs++;
                    if (o[k] == 1 && k < 90 && o[k + 10] == 1) pairs++;
                }
                assertEquals(5, lit);
                assertEquals(1, pairs, "only the bar has a lit neighbour");
            }
        }
    }
}
