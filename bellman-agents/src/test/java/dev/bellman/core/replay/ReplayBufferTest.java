package dev.bellman.core.replay;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.nn.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    /** Adds transition number k: obs = (k, -k), next = (k+1, -(k+1)), action k % 3, reward k / 10. */
    private static void addDiscrete(ReplayBuffer b, int k, boolean terminated) {
        float[] o = {k, -k};
        float[] n = {k + 1, -(k + 1)};
        b.add(o, 0, k % 3, k / 10f, n, 0, terminated);
    }

    @Test
    void add_beyondCapacity_wrapsAroundAndOverwritesOldest() {
        ReplayBuffer b = ReplayBuffer.discrete(4, 2);
        for (int k = 0; k < 6; k++) addDiscrete(b, k, k == 5);
        assertEquals(4, b.size());
        assertTrue(b.isFull());
        assertEquals(2, b.position());
        ReplayBuffer.Batch batch = b.newBatch(4);
        batch.indices()[0] = 0; batch.indices()[1] = 1; batch.indices()[2] = 2; batch.indices()[3] = 3;
        b.gather(batch);
        // slots 0 and 1 now hold transitions 4 and 5; slots 2 and 3 still hold 2 and 3
        int[] expectedK = {4, 5, 2, 3};
        for (int i = 0; i < 4; i++) {
            int k = expectedK[i];
            assertEquals(k, batch.obs()[2 * i]);
            assertEquals(-k, batch.obs()[2 * i + 1]);
            assertEquals(k + 1, batch.nextObs()[2 * i]);
            assertEquals(k % 3, batch.actions()[i]);
            assertEquals(k / 10f, batch.rewards()[i]);
            assertEquals(k == 5 ? 1f : 0f, batch.terminated()[i]);
            assertEquals(1, batch.horizons()[i]);
        }
    }

    @Test
    void add_returnsSlotWritten_andCursorWraps() {
        ReplayBuffer b = ReplayBuffer.discrete(3, 1);
        float[] o = {0};
        int[] slots = new int[7];
        for (int k = 0; k < 7; k++) slots[k] = b.add(o, 0, 0, 0f, o, 0, false);
        assertArrayEquals(new int[]{0, 1, 2, 0, 1, 2, 0}, slots);
    }

    @Test
    void sample_drawsOnlyFilledSlots_roughlyUniformly() {
        ReplayBuffer b = ReplayBuffer.discrete(100, 2);
        for (int k = 0; k < 10; k++) addDiscrete(b, k, false);
        ReplayBuffer.Batch batch = b.newBatch(50);
        Rng rng = new Rng(7);
        int[] counts = new int[10];
        for (int t = 0; t < 2000; t++) {
            b.sample(rng, batch);
            for (int i = 0; i < batch.size(); i++) {
                int j = batch.indices()[i];
                assertTrue(j >= 0 && j < 10, "index " + j);
                // the row matches the slot it came from
                assertEquals(j, batch.obs()[2 * i]);
                assertEquals(1f, batch.weights()[i]);
                counts[j]++;
            }
        }
        // chi-square, 9 degrees of freedom: 99.9% quantile is 27.9
        double expected = 2000 * 50 / 10.0;
        double chi2 = 0;
        for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
        assertTrue(chi2 < 27.9, "chi-square " + chi2 + " counts " + Arrays.toString(counts));
    }

    @Test
    void sample_sameSeed_sameBatches() {
        ReplayBuffer b = ReplayBuffer.discrete(64, 2);
        for (int k = 0; k < 64; k++) addDiscrete(b, k, false);
        ReplayBuffer.Batch x = b.newBatch(16);
        ReplayBuffer.Batch y = b.newBatch(16);
        Rng r1 = new Rng(3), r2 = new Rng(3);
        for (int t = 0; t < 5; t++) {
            b.sample(r1, x);
            b.sample(r2, y);
            assertArrayEquals(x.indices(), y.indices());
            assertArrayEquals(x.obs(), y.obs());
        }
    }

    @Test
    void continuous_storesActionVectors() {
        ReplayBuffer b = ReplayBuffer.continuous(5, 3, 2);
        assertFalse(b.isDiscrete());
        for (int k = 0; k < 7; k++) {
            float[] o = {k, k, k};
            float[] a = {99, k * 0.5f, -k * 0.5f, 99};
            b.add(o, 0, a, 1, k, o, 0, false);
        }
        ReplayBuffer.Batch batch = b.newBatch(2);
        assertNull(batch.actions());
        batch.indices()[0] = 0;   // holds k = 5
        batch.indices()[1] = 4;   // holds k = 4
        b.gather(batch);
        assertArrayEquals(new float[]{2.5f, -2.5f, 2f, -2f}, batch.continuousActions());
        assertArrayEquals(new float[]{5, 4}, batch.rewards());
    }

    @Test
    void truncatedTransition_isStoredAsNotTerminated_withItsFinalObservation() {
        ReplayBuffer b = ReplayBuffer.discrete(2, 1);
        b.add(new float[]{1}, 0, 0, 1f, new float[]{42}, 0, false); // time limit: terminated = false
        ReplayBuffer.Batch batch = b.newBatch(1);
        b.sample(new Rng(0), batch);
        assertEquals(0f, batch.terminated()[0]);
        assertEquals(42f, batch.nextObs()[0]);
    }

    @Test
    void misuse_throwsWithMessages() {
        assertThrows(IllegalArgumentException.class, () -> ReplayBuffer.discrete(0, 2));
        assertThrows(IllegalArgumentException.class, () -> ReplayBuffer.continuous(4, 2, 0));
        ReplayBuffer d = ReplayBuffer.discrete(4, 2);
        var e = assertThrows(IllegalStateException.class, () -> d.sample(new Rng(0), d.newBatch(2)));
        assertTrue(e.getMessage().contains("empty"));
        assertThrows(IllegalStateException.class, () -> d.add(new float[2], 0, new float[1], 0, 0f, new float[2], 0, false));
        ReplayBuffer c = ReplayBuffer.continuous(4, 2, 1);
        assertThrows(IllegalStateException.class, () -> c.add(new float[2], 0, 1, 0f, new float[2], 0, false));
        assertThrows(IllegalArgumentException.class, () -> d.sample(new Rng(0), c.newBatch(2)));
        assertThrows(IllegalArgumentException.class, () -> d.add(new float[2], 0, 0, 0f, new float[2], 0, false, 0));
    }
}
