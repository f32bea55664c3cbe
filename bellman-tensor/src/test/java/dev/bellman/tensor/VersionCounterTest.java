package dev.bellman.tensor;

import dev.bellman.nn.Activation;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The version counter of {@link Tensor}: modifying a tensor in place between the forward pass that used it and the
 * backward pass fails loudly (naming the tensor and the op) instead of giving a gradient computed from the new values;
 * the legitimate in-place sequences (step after backward, parameter copies between iterations, no-grad updates of
 * tensors off the tape) still work.
 */
class VersionCounterTest {

    private static Tensor batch() {
        return Tensor.of(new float[]{0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f}, 2, 3);
    }

    private static Module net(long seed) {
        return new Sequential(List.of(new Linear(3, 4, new Rng(seed)), Activation.tanh(), new Linear(4, 1, new Rng(seed + 1))));
    }

    @Test
    void backward_afterOptimizerStepOnTheTape_failsNamingTensorAndOp() {
        Module m = net(1);
        Sgd opt = new Sgd(m.parameters(), 0.1);
        Tensor loss = m.forward(batch()).square().mean();
        // the footgun: a step (from some other loss's gradient) between this loss's forward and its backward
        m.forward(batch()).sum().backward();
        opt.step();
        opt.zeroGrad();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
        assertTrue(e.getMessage().contains("op 'linear'"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*tensor \\[(1, 4|1)\\] '2\\.(weight|bias)'.*"), e.getMessage());
        // no half-propagated gradients are left behind
        for (Tensor p : m.parameters()) assertTrue(p.grad() == null || allZero(p.grad()), "gradient left on a parameter");
    }

    @Test
    void backward_afterCopyFromIntoTensorOnTheTape_fails() {
        Module online = net(1), other = net(5);
        Tensor loss = online.forward(batch()).square().mean();
        online.copyFrom(other); // e.g. a target-network update aimed at the wrong network
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("'2.weight'") || e.getMessage().contains("'2.bias'"), e.getMessage());
    }

    @Test
    void backward_afterInPlaceOpOnAView_failsAndNamesShapeAndOp() {
        Tensor w = Tensor.parameter(new float[]{1f, 2f, 3f, 4f, 5f, 6f}, 2, 3).name("w");
        Tensor x = Tensor.of(new float[]{1f, -1f, 0.5f}, 3, 1);
        Tensor y = w.matmul(x).tanh().sum();
        w.reshape(6).fill_(0f); // a view shares its source's counter
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("tensor [2, 3] 'w'"), e.getMessage());
        assertTrue(e.getMessage().contains("op 'matmul'"), e.getMessage());
    }

    @Test
    void backward_afterOutputOfOpModified_fails() {
        Tensor x = Tensor.parameter(new float[]{0.1f, 0.2f}, 2);
        Tensor y = x.exp(); // exp's backward reads its output
        Tensor z = y.mul(3f);
        y.copy_(Tensor.vector(7f, 7f));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("op 'mul'") || e.getMessage().contains("op 'exp'"), e.getMessage());
    }

    @Test
    void legitimateSequences_stepAfterBackward_copiesBetweenIterations_noGradUpdates_work() {
        Module online = net(1), target = net(3);
        Adam opt = new Adam(online.parameters(), 1e-2);
        for (int it = 0; it < 5; it++) {
            Tensor y;
            try (var g = Tensor.noGrad()) {
                y = target.forward(batch()).detach(); // computed off the tape
            }
            Tensor loss = online.forward(batch()).sub(y.add(1f)).square().mean();
            target.polyakFrom(online, 0.5f);          // target is not on the live tape: fine before backward
            opt.zeroGrad();
            loss.backward();
            opt.step();                                // after backward: fine
            if (it % 2 == 1) target.copyFrom(online);  // between iterations: fine
        }
        // a tensor modified before the forward pass that uses it is fine, and gradients are those of the new values
        Tensor w = Tensor.parameter(new float[]{1f, 2f}, 2);
        w.copy_(Tensor.vector(3f, -1f));
        Tensor loss = w.square().sum();
        loss.backward();
        assertArrayEquals(new float[]{6f, -2f}, w.grad());
        assertEquals(1, w.version());
    }

    @Test
    void version_isSharedByViewsAndDetachedAliases_notByCopies() {
        Tensor w = Tensor.parameter(new float[]{1f, 2f, 3f, 4f}, 2, 2);
        Tensor view = w.reshape(4), alias = w.detach(), copy = w.copy();
        alias.fill_(1f);
        assertEquals(1, w.version());
        assertEquals(1, view.version());
        assertEquals(0, copy.version());
        w.bumpVersion();
        assertEquals(2, alias.version());
        assertNull(copy.name());
    }

    @Test
    void noGrad_recordsNothing_soInPlaceAfterNoGradForwardIsHarmless() {
        Tensor w = Tensor.parameter(new float[]{1f, 2f}, 2);
        Tensor y;
        try (var g = Tensor.noGrad()) {
            y = w.mul(2f);
        }
        assertNull(y.savedVersions);
        w.fill_(0f);
        assertEquals(2f, y.get(0));
    }

    private static boolean allZero(float[] a) {
        for (float v : a) if (v != 0f) return false;
        return true;
    }
}
