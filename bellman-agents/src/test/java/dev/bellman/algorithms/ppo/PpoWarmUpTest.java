package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bellman.algorithms.ppo.PpoTestSupport.Metric;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PpoWarmUpTest {

    @Test
    void runsRoundsOnItsOwnThread_andStopsWhenAsked() throws InterruptedException {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one CPU: no warm-up thread");
        String before = System.getProperty("bellman.ppo.warmup");
        System.setProperty("bellman.ppo.warmup", "true");
        PpoWarmUp w;
        try {
            w = PpoWarmUp.start(4, 2, 64, 4, 128);
        } finally {
            if (before == null) {
                System.clearProperty("bellman.ppo.warmup");
            } else {
                System.setProperty("bellman.ppo.warmup", before);
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (w.rounds() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(w.rounds() > 0, "no round within 120 s");
        w.stop();
        Thread.sleep(2000);     // the round in progress ends
        int after = w.rounds();
        Thread.sleep(300);
        assertEquals(after, w.rounds(), "still running after stop()");
        assertTrue(after < PpoWarmUp.MAX_ROUNDS, "ran all its rounds before stop() took effect");
    }

    @Test
    void offByDefault() {
        String before = System.getProperty("bellman.ppo.warmup");
        try {
            System.clearProperty("bellman.ppo.warmup");
            assertNull(PpoWarmUp.start(4, 2, 64, 4, 128));
        } finally {
            if (before != null) {
                System.setProperty("bellman.ppo.warmup", before);
            }
        }
    }

    @Test
    void offWithTheProperty() {
        String before = System.getProperty("bellman.ppo.warmup");
        try {
            System.setProperty("bellman.ppo.warmup", "false");
            assertNull(PpoWarmUp.start(4, 2, 64, 4, 128));
        } finally {
            if (before == null) {
                System.clearProperty("bellman.ppo.warmup");
            } else {
                System.setProperty("bellman.ppo.warmup", before);
            }
        }
    }

    /** A run's metrics and weights are the same bits with and without the warm-up thread beside it. */
    @Test
    void sameRunWithAndWithoutWarmUp() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one CPU: no warm-up thread");
        TrainRequest request = new TrainRequest("CartPole-v1", 5, 2048, PpoTestSupport.PROVIDER.resolve(Map.of(
                "num-envs", "4", "num-steps", "128", "num-minibatches", "4", "update-epochs", "4")));
        String before = System.getProperty("bellman.ppo.warmup");
        List<Metric> off = new ArrayList<>();
        List<Metric> on = new ArrayList<>();
        Ppo.Trained a;
        Ppo.Trained b;
        try {
            System.setProperty("bellman.ppo.warmup", "false");
            a = (Ppo.Trained) PpoTestSupport.train(request, off);
            System.setProperty("bellman.ppo.warmup", "true");
            b = (Ppo.Trained) PpoTestSupport.train(request, on);
        } finally {
            if (before == null) {
                System.clearProperty("bellman.ppo.warmup");
            } else {
                System.setProperty("bellman.ppo.warmup", before);
            }
        }
        assertEquals(withoutSps(off), withoutSps(on));
        Map<String, Tensor> pa = a.network().namedParameters();
        Map<String, Tensor> pb = b.network().namedParameters();
        assertEquals(pa.keySet(), pb.keySet());
        for (String k : pa.keySet()) {
            assertArrayEquals(pa.get(k).toArray(), pb.get(k).toArray(), k);
        }
    }

    private static List<Metric> withoutSps(List<Metric> metrics) {
        return metrics.stream().filter(m -> !m.key().equals(MetricsSink.SPS)).toList();
    }
}
