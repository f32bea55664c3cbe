package dev.bellman.core.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.TrainingState;
import dev.bellman.env.ByteBox;
import dev.bellman.nn.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteReplayBufferTest {

    /** One transition as added, for the reference model. */
    private record T(byte[] obs, byte[] next, int action, float reward, boolean terminated, int horizon) {}

    /**
     * Vector copies stepping through episodes, one transition per copy per step, as DQN adds them: s' of a step is
     * s of the next step unless the episode ended (then s' is the final observation and s the reset one).
     */
    private static List<T> runStreams(ByteReplayBuffer buf, int numEnvs, int steps, double endProb, int maxValue,
                                      long seed, int obsSize, java.util.function.IntPredicate checkEveryStep) {
        Rng rng = new Rng(seed);
        List<T> added = new ArrayList<>();
        byte[][] current = new byte[numEnvs][];
        for (int e = 0; e < numEnvs; e++) current[e] = random(rng, obsSize, maxValue);
        for (int step = 0; step < steps; step++) {
            for (int e = 0; e < numEnvs; e++) {
                byte[] next = random(rng, obsSize, maxValue);
                boolean ended = rng.nextDouble() < endProb;
                boolean term = ended && rng.nextDouble() < 0.5;
                T t = new T(current[e], next, rng.nextInt(4), (float) rng.nextDouble(), term, 1);
                buf.add(e, t.obs, 0, t.action, t.reward, t.next, 0, t.terminated, 1);
                added.add(t);
                current[e] = ended ? random(rng, obsSize, maxValue) : next; // a reset observation after an episode end
                if (checkEveryStep.test(step)) assertLiveAreTheNewest(buf, added);
            }
        }
        return added;
    }

    private static byte[] random(Rng rng, int n, int maxValue) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) rng.nextInt(maxValue + 1);
        return b;
    }

    /** The live transitions are exactly the newest {@code size()} added, oldest first. */
    private static void assertLiveAreTheNewest(ByteReplayBuffer buf, List<T> added) {
        int n = buf.size();
        ByteReplayBuffer.Batch b = buf.newBatch(n);
        for (int i = 0; i < n; i++) b.indices()[i] = i;
        buf.gather(b);
        int o = buf.obsSize();
        for (int i = 0; i < n; i++) {
            T t = added.get(added.size() - n + i);
            String where = "live transition " + i + " of " + n + " (added #" + (added.size() - n + i) + ")";
            assertArrayEquals(t.obs, Arrays.copyOfRange(b.obs(), i * o, (i + 1) * o), where + ": s");
            assertArrayEquals(t.next, Arrays.copyOfRange(b.nextObs(), i * o, (i + 1) * o), where + ": s'");
            assertEquals(t.action, b.actions()[i], where);
            assertEquals(t.reward, b.rewards()[i], where);
            assertEquals(t.terminated ? 1f : 0f, b.terminated()[i], where);
            assertEquals(t.horizon, b.horizons()[i], where);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void interleavedCopiesWithEpisodeEnds_andWrap_keepTheNewestTransitionsExactly(boolean bits) {
        // capacity 40 wraps many times; 3 copies; episodes end with probability 0.15 (terminations and truncations)
        ByteReplayBuffer buf = new ByteReplayBuffer(40, ByteReplayBuffer.defaultFrameCapacity(40, 3), 3, new int[] {2, 3, 3}, bits);
        List<T> added = runStreams(buf, 3, 400, 0.15, bits ? 1 : 255, 7, 18, step -> true);
        assertEquals(1200, added.size());
        assertTrue(buf.size() >= 30, "frame pressure evicts only a few transitions early, size " + buf.size());
    }

    @Test
    void oneStepEpisodes_evictByFramePressure_butNeverServeAnOverwrittenFrame() {
        ByteReplayBuffer buf = new ByteReplayBuffer(10, 16, 2, new int[] {5}, false);
        runStreams(buf, 2, 100, 1.0, 255, 3, 5, step -> true); // every transition needs two frames of its own
        // 16 frames hold 8 transitions of 2 frames; those whose s' is within W = 4 frames of the next overwritten leave too
        assertEquals(6, buf.size());
    }

    @Test
    void continuingEpisodes_storeEachObservationOnce() {
        ByteReplayBuffer buf = ByteReplayBuffer.forSpace(ByteBox.binary(4, 10, 10), 1000, 1);
        // one copy, 600 steps, no episode end: frames = the first s + one s' per step
        runStreams(buf, 1, 600, 0.0, 1, 5, 400, step -> step % 97 == 0);
        assertEquals(601, buf.framesWritten());
        ByteReplayBuffer two = ByteReplayBuffer.forSpace(ByteBox.pixels(3, 4, 4), 1000, 2);
        runStreams(two, 2, 300, 0.0, 255, 6, 48, step -> step == 299);
        assertEquals(602, two.framesWritten(), "each copy shares its s with its previous s'");
    }

    /**
     * A copy that adds out of turn (here: once, then again much later with {@code s} equal to its old {@code s'}) may
     * not reuse that old frame: the frame would outlive the eviction that protects it.
     */
    @Test
    void copyAddingOutOfTurn_losesTheSharingButNeverServesAnOverwrittenFrame() {
        ByteReplayBuffer buf = new ByteReplayBuffer(20, 26, 2, new int[] {4}, false);
        List<T> added = new ArrayList<>();
        Rng rng = new Rng(9);
        byte[] old = random(rng, 4, 255);
        T first = new T(random(rng, 4, 255), old, 0, 1f, false, 1);
        buf.add(1, first.obs, 0, 0, 1f, first.next, 0, false, 1);
        added.add(first);
        byte[] cur = random(rng, 4, 255);
        for (int k = 0; k < 12; k++) { // copy 0 alone: 13 more frames, copy 1's old s' is still in the ring
            T t = new T(cur, random(rng, 4, 255), 1, 0f, false, 1);
            buf.add(0, t.obs, 0, 1, 0f, t.next, 0, false, 1);
            added.add(t);
            cur = t.next;
        }
        T late = new T(old, random(rng, 4, 255), 2, 2f, false, 1);
        buf.add(1, late.obs, 0, 2, 2f, late.next, 0, false, 1);
        added.add(late);
        for (int k = 0; k < 30; k++) {
            T t = new T(cur, random(rng, 4, 255), 1, 0f, false, 1);
            buf.add(0, t.obs, 0, 1, 0f, t.next, 0, false, 1);
            added.add(t);
            cur = t.next;
            assertLiveAreTheNewest(buf, added);
        }
    }

    @Test
    void bits_rejectValuesOtherThanZeroAndOne() {
        ByteReplayBuffer buf = new ByteReplayBuffer(4, 8, 1, new int[] {3}, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buf.add(0, new byte[] {0, 2, 1}, 0, 0, 0f, new byte[3], 0, false, 1));
        assertTrue(e.getMessage().contains("was 2"), e.getMessage());
    }

    @Test
    void batchImages_viewTheBatchBytes() {
        ByteReplayBuffer buf = ByteReplayBuffer.forSpace(ByteBox.pixels(1, 2, 2), 8, 1);
        buf.add(0, new byte[] {1, 2, 3, (byte) 200}, 0, 1, 0.5f, new byte[] {4, 5, 6, 7}, 0, true, 1);
        ByteReplayBuffer.Batch b = buf.newBatch(3);
        buf.sample(new Rng(1), b);
        assertArrayEquals(new int[] {3, 1, 2, 2}, b.images().shape());
        assertEquals(200, b.images().get(3 + 4 * 2));
        assertEquals(7, b.nextImages().get(3 + 4));
        assertTrue(b.images().data() == b.obs() && b.nextImages().data() == b.nextObs(), "views, not copies");
    }

    @Test
    void checkpoint_roundTripsTheByteForm_andTheRestoredBufferContinuesIdentically(@TempDir Path dir) throws Exception {
        ByteReplayBuffer a = ByteReplayBuffer.forSpace(ByteBox.binary(2, 3, 3), 30, 2);
        List<T> added = runStreams(a, 2, 50, 0.2, 1, 11, 18, step -> false);
        TrainingState.Writer w = new TrainingState.Writer();
        a.save(w, "replay.");
        Path file = dir.resolve("state.bin");
        w.write(file);
        ByteReplayBuffer b = ByteReplayBuffer.forSpace(ByteBox.binary(2, 3, 3), 30, 2);
        b.restore(TrainingState.Reader.read(file), "replay.");
        assertLiveAreTheNewest(b, added);
        // each copy's next s is its last s': both buffers share that frame (the restored one knows it)
        for (int e = 0; e < 2; e++) {
            T last = added.get(added.size() - 2 + e);
            a.add(e, last.next, 0, 1, 0f, new byte[18], 0, false, 1);
            b.add(e, last.next, 0, 1, 0f, new byte[18], 0, false, 1);
        }
        assertEquals(a.framesWritten(), b.framesWritten());
        // both continue with the same transitions (frame reuse included) and sample the same batches
        List<T> moreA = runStreams(a, 2, 40, 0.2, 1, 12, 18, step -> false);
        List<T> moreB = runStreams(b, 2, 40, 0.2, 1, 12, 18, step -> false);
        assertEquals(moreA.size(), moreB.size());
        assertEquals(a.framesWritten(), b.framesWritten());
        ByteReplayBuffer.Batch ba = a.newBatch(16), bb = b.newBatch(16);
        a.sample(new Rng(3), ba);
        b.sample(new Rng(3), bb);
        assertArrayEquals(ba.obs(), bb.obs());
        assertArrayEquals(ba.nextObs(), bb.nextObs());
        assertArrayEquals(ba.rewards(), bb.rewards());
        assertEquals(a.frameCapacity() * 3, TrainingState.Reader.read(file).bytes("replay.frames").length,
                "18 values of one bit in 3 bytes per frame, on disk too");
        ByteReplayBuffer other = ByteReplayBuffer.forSpace(ByteBox.pixels(2, 3, 3), 30, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.restore(TrainingState.Reader.read(file), "replay."));
        assertTrue(e.getMessage().contains("bits"), e.getMessage());
    }

    /**
     * The issue's memory goal: 100,000 MinAtar transitions (4×10×10 0/1 planes) under 30 MB. Counted exactly from the
     * arrays held, and measured on the heap (after a GC, before and after allocating; the heap figure includes array
     * headers, so it is a little larger).
     */
    @Test
    void minAtarReplayOf100kTransitions_fitsIn30MB() {
        Runtime rt = Runtime.getRuntime();
        long before = usedAfterGc(rt);
        ByteReplayBuffer buf = ByteReplayBuffer.forSpace(ByteBox.binary(4, 10, 10), 100_000, 1);
        long heap = usedAfterGc(rt) - before;
        long exact = buf.allocatedBytes();
        assertTrue(exact < 30L << 20, "arrays held: " + exact + " bytes");
        assertEquals(125_004L * 50 + 50 + 100_000L * 26 + 8, exact);
        assertTrue(heap < 30L << 20, "heap growth " + heap + " bytes (arrays: " + exact + ")");
        assertEquals(100_000, buf.capacity()); // keeps buf reachable until after the measurement
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
