package dev.bellman.core.replay;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

class PrioritizedReplayBufferTest {

    private static PrioritizedReplayBuffer filled(int n, double alpha) {
        PrioritizedReplayBuffer per = new PrioritizedReplayBuffer(ReplayBuffer.discrete(n, 1), alpha, 1e-6);
        for (int k = 0; k < n; k++) per.add(new float[]{k}, 0, 0, 0f, new float[]{k}, 0, false, 1);
        return per;
    }

    @Test
    void newTransitions_getTheMaximalPriority() {
        PrioritizedReplayBuffer per = filled(4, 0.6);
        per.updatePriorities(new int[]{0, 1}, new float[]{3f, 0.5f}, 2);
        per.add(new float[]{9}, 0, 0, 0f, new float[]{9}, 0, false, 1); // overwrites slot 0 with max priority 3
        // slots 2 and 3 keep the initial priority 1
        double p0 = Math.pow(3 + 1e-6, 0.6);
        assertEquals(p0 / (p0 + Math.pow(0.5 + 1e-6, 0.6) + 2), per.probability(0), 1e-9);
    }

    @Test
    void sampling_frequenciesProportionalToPriorityPowAlpha_chiSquare() {
        int n = 8;
        double alpha = 0.7;
        PrioritizedReplayBuffer per = filled(n, alpha);
        int[] all = new int[n];
        float[] td = new float[n];
        for (int i = 0; i < n; i++) { all[i] = i; td[i] = (i + 1) * 0.5f; }
        per.updatePriorities(all, td, n);
        ReplayBuffer.Batch batch = per.storage().newBatch(32);
        Rng rng = new Rng(5);
        int[] counts = new int[n];
        int rounds = 5000;
        for (int r = 0; r < rounds; r++) {
            per.sample(rng, batch, 0.4);
            for (int k = 0; k < batch.size(); k++) {
                int i = batch.indices()[k];
                assertEquals(i, batch.obs()[k]); // rows come from their slots
                counts[i]++;
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) total += Math.pow(td[i] + 1e-6, alpha);
        double chi2 = 0;
        int draws = rounds * batch.size();
        for (int i = 0; i < n; i++) {
            double e = draws * Math.pow(td[i] + 1e-6, alpha) / total;
            chi2 += (counts[i] - e) * (counts[i] - e) / e;
        }
        // 7 degrees of freedom: the 99.9% quantile is 24.32
        assertTrue(chi2 < 24.32, "chi-square " + chi2);
    }

    @Test
    void weights_areNormalisedImportanceRatios() {
        int n = 4;
        PrioritizedReplayBuffer per = filled(n, 1.0);
        per.updatePriorities(new int[]{0, 1, 2, 3}, new float[]{1f, 2f, 3f, 4f}, 4);
        ReplayBuffer.Batch batch = per.storage().newBatch(64);
        double beta = 0.5;
        per.sample(new Rng(1), batch, beta);
        double total = 10 + 4e-6;
        double maxW = 0;
        for (int k = 0; k < batch.size(); k++) {
            maxW = Math.max(maxW, Math.pow(n * (batch.indices()[k] + 1 + 1e-6) / total, -beta));
        }
        boolean sawOne = false;
        for (int k = 0; k < batch.size(); k++) {
            int i = batch.indices()[k];
            double p = (i + 1 + 1e-6) / total;
            assertEquals(Math.pow(n * p, -beta) / maxW, batch.weights()[k], 1e-6);
            assertTrue(batch.weights()[k] <= 1f);
            sawOne |= batch.weights()[k] == 1f;
        }
        assertTrue(sawOne, "the largest weight in the batch is 1");
    }

    @Test
    void alphaZero_isUniform_andBetaOne_givesWeightOne() {
        PrioritizedReplayBuffer per = filled(5, 0.0);
        per.updatePriorities(new int[]{0, 1}, new float[]{100f, 0.01f}, 2);
        for (int i = 0; i < 5; i++) assertEquals(0.2, per.probability(i), 1e-12);
        ReplayBuffer.Batch batch = per.storage().newBatch(10);
        per.sample(new Rng(2), batch, 1.0);
        for (float w : batch.weights()) assertEquals(1f, w, 1e-6f);
    }

    @Test
    void badArguments_throw() {
        assertThrows(IllegalArgumentException.class, () -> new PrioritizedReplayBuffer(ReplayBuffer.discrete(4, 1), 1.5, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new PrioritizedReplayBuffer(ReplayBuffer.discrete(4, 1), 0.5, 0));
        PrioritizedReplayBuffer per = filled(2, 0.5);
        assertThrows(IllegalArgumentException.class, () -> per.sample(new Rng(0), per.storage().newBatch(1), 2.0));
        assertThrows(IllegalArgumentException.class, () -> per.updatePriorities(new int[]{0}, new float[]{Float.NaN}, 1));
    }

    @Test
    void saveRestore_roundTripsTransitionsPrioritiesAndMaxPriority(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        PrioritizedReplayBuffer per = new PrioritizedReplayBuffer(ReplayBuffer.discrete(5, 2), 0.6, 1e-6);
        for (int k = 0; k < 7; k++) per.add(new float[]{k, -k}, 0, k % 3, k, new float[]{k + 1, 0}, 0, k == 4, 1 + k % 2);
        per.updatePriorities(new int[]{1, 3}, new float[]{4f, 0.25f}, 2);
        dev.bellman.core.TrainingState.Writer w = new dev.bellman.core.TrainingState.Writer();
        per.save(w, "r.");
        w.write(dir.resolve("s.bin"));
        PrioritizedReplayBuffer back = new PrioritizedReplayBuffer(ReplayBuffer.discrete(5, 2), 0.6, 1e-6);
        back.restore(dev.bellman.core.TrainingState.Reader.read(dir.resolve("s.bin")), "r.");
        assertEquals(per.size(), back.size());
        assertEquals(per.storage().position(), back.storage().position());
        for (int i = 0; i < 5; i++) assertEquals(per.probability(i), back.probability(i));
        ReplayBuffer.Batch a = per.storage().newBatch(16), b = back.storage().newBatch(16);
        per.sample(new Rng(3), a, 0.5);
        back.sample(new Rng(3), b, 0.5);
        assertArrayEquals(a.indices(), b.indices());
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.obs(), b.obs());
        assertArrayEquals(a.nextObs(), b.nextObs());
        assertArrayEquals(a.actions(), b.actions());
        assertArrayEquals(a.rewards(), b.rewards());
        assertArrayEquals(a.terminated(), b.terminated());
        assertArrayEquals(a.horizons(), b.horizons());
        // the largest priority (4 + eps) carries over to new transitions
        per.add(new float[]{9, 9}, 0, 0, 0f, new float[]{9, 9}, 0, false, 1);
        back.add(new float[]{9, 9}, 0, 0, 0f, new float[]{9, 9}, 0, false, 1);
        for (int i = 0; i < 5; i++) assertEquals(per.probability(i), back.probability(i));
        PrioritizedReplayBuffer other = new PrioritizedReplayBuffer(ReplayBuffer.discrete(6, 2), 0.6, 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.restore(dev.bellman.core.TrainingState.Reader.read(dir.resolve("s.bin")), "r."));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
    }
}
