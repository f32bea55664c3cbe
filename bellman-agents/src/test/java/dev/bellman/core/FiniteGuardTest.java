package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiniteGuardTest {
    private final FiniteGuard guard = FiniteGuard.forLearningRate("dqn", 1e30);

    @Test
    void check_finiteValue_returnsIt() {
        assertEquals(2.5, guard.check(7, "td_loss", 2.5));
        assertEquals(-Double.MAX_VALUE, guard.check(7, "td_loss", -Double.MAX_VALUE));
    }

    @Test
    void check_nan_namesAlgorithmQuantityStepAndHint() {
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> guard.check(812, "td_loss", Double.NaN));
        assertEquals("dqn: td_loss became NaN at step 812 (learning-rate 1e30 too high?)", e.getMessage());
        assertEquals("dqn", e.algorithm());
        assertEquals(812, e.step());
        assertEquals("td_loss", e.quantity());
        assertTrue(Double.isNaN(e.value()));
    }

    @Test
    void check_infinities_sayWhichSign() {
        assertTrue(assertThrows(NonFiniteException.class, () -> guard.check(1, "loss", Double.POSITIVE_INFINITY))
                .getMessage().contains("loss became +infinity at step 1"));
        assertTrue(assertThrows(NonFiniteException.class, () -> guard.check(1, "loss", Float.NEGATIVE_INFINITY))
                .getMessage().contains("loss became -infinity at step 1"));
    }

    @Test
    void update_reportsLossBeforeGradientNormBeforeParameters() {
        Module net = net();
        net.parameters().get(0).data()[3] = Float.NaN;
        assertEquals("loss", assertThrows(NonFiniteException.class,
                () -> guard.update(5, "loss", Double.NaN, Double.NaN, net)).quantity());
        assertEquals("gradient norm", assertThrows(NonFiniteException.class,
                () -> guard.update(5, "loss", 1.0, Double.POSITIVE_INFINITY, net)).quantity());
        assertEquals("parameter 0.weight", assertThrows(NonFiniteException.class,
                () -> guard.update(5, "loss", 1.0, 1.0, net)).quantity());
    }

    @Test
    void parameters_namesTheFirstNonFiniteTensor_andSkipsNullModules() {
        Module net = net();
        guard.parameters(3, net, null); // all finite: no exception
        List<Tensor> params = net.parameters();
        params.get(params.size() - 1).data()[0] = Float.POSITIVE_INFINITY; // the last layer's bias
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> guard.parameters(3, null, net));
        assertEquals("parameter 2.bias", e.quantity());
        assertEquals(Double.POSITIVE_INFINITY, e.value());
    }

    @Test
    void optimizer_nonFiniteMoment_isNamed() {
        Module net = net();
        Adam adam = new Adam(net.parameters(), 1e-3);
        net.forward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)).sum().backward();
        adam.step();
        guard.optimizer(1, "adam", adam); // finite moments pass
        Map<String, float[]> state = adam.state();
        state.get("exp_avg_sq.0")[1] = Float.POSITIVE_INFINITY; // a squared gradient that overflowed
        adam.loadState(state);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> guard.optimizer(1, "adam", adam));
        assertEquals("adam state exp_avg_sq.0", e.quantity());
    }

    @Test
    void firstNonFinite_findsEveryPositionAndKind() {
        for (int n : new int[] {0, 1, 63, 64, 65, 200, 777}) { // 777: several of the SIMD path's blocks and a tail
            float[] a = new float[n];
            Arrays.fill(a, 1.5f);
            assertEquals(-1, FiniteGuard.firstNonFinite(a, 0, n));
            for (int i = 0; i < n; i++) {
                for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    a[i] = bad;
                    assertEquals(i, FiniteGuard.firstNonFinite(a, 0, n), "n " + n + " at " + i + " " + bad);
                    assertEquals(-1, FiniteGuard.firstNonFinite(a, i + 1, n), "outside the range");
                    a[i] = 1.5f;
                }
            }
        }
        float[] big = new float[1000];
        for (int i = 0; i < big.length; i++) big[i] = new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f}[i % 4];
        assertEquals(-1, FiniteGuard.firstNonFinite(big, 0, big.length));
        big[700] = Float.NaN;
        big[900] = Float.POSITIVE_INFINITY;
        assertEquals(700, FiniteGuard.firstNonFinite(big, 3, big.length), "the first of two");
    }

    @Test
    void values_namesTheIndex() {
        assertEquals("values[2]", assertThrows(NonFiniteException.class,
                () -> guard.values(9, "values", new double[] {0, 1, Double.NaN})).quantity());
    }

    @Test
    void format_writesNumbersAsUsersDo() {
        assertEquals("1e30", FiniteGuard.format(1e30));
        assertEquals("2.5e-4", FiniteGuard.format(2.5e-4));
        assertEquals("0.001", FiniteGuard.format(0.001));
        assertEquals("3", FiniteGuard.format(3));
    }

    /**
     * The cost of the parameter scan per update, against the work of an update: one pass over a 64-64 MLP's
     * parameters (about 1/64 of the multiply-adds) must cost less than one forward pass of a 64-row minibatch
     * through it (times printed; the bound is loose so that a loaded machine does not fail it).
     */
    @Test
    void parameters_scanIsCheapAgainstAForwardPass() {
        Module net = net();
        Tensor x = Tensor.of(new float[64 * 4], 64, 4);
        for (int warm = 0; warm < 2000; warm++) {
            guard.parameters(0, net);
            net.forward(x);
        }
        // the fastest of 20 interleaved rounds each, so that a busy machine slows both sides alike
        long scan = Long.MAX_VALUE;
        long forward = Long.MAX_VALUE;
        int reps = 100;
        for (int round = 0; round < 20; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                guard.parameters(i, net);
            }
            scan = Math.min(scan, System.nanoTime() - t0);
            t0 = System.nanoTime();
            try (Tensor.Scope ignored = Tensor.noGrad()) {
                for (int i = 0; i < reps; i++) {
                    net.forward(x);
                }
            }
            forward = Math.min(forward, System.nanoTime() - t0);
        }
        System.out.printf("FiniteGuard: scan of %d parameters %.2f us, forward of 64 rows %.2f us%n",
                net.numParameters(), scan / 1e3 / reps, forward / 1e3 / reps);
        assertTrue(scan < forward, "scan " + scan + " ns vs forward " + forward + " ns");
    }

    private static Module net() {
        Rng rng = new Rng(1);
        return new Sequential(new Linear(4, 64, rng), new Linear(64, 64, rng), new Linear(64, 2, rng));
    }
}
