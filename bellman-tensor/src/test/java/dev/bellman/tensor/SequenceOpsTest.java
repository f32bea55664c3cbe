package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Cross-entropy, embedding and gradient scaling: finite-difference checks, known values and validation. */
class SequenceOpsTest {

    private static final int[] TARGETS = {2, 0, 4};

    @Test
    void crossEntropy_hardTargets_gradientsAndTangentsMatchFiniteDifferences() {
        GradCheck.check("crossEntropy(int[])", in -> Losses.crossEntropy(in[0], TARGETS), GradCheck.randn(new Rng(1), 3, 5));
    }

    @Test
    void crossEntropy_softTargets_gradientsAndTangentsMatchFiniteDifferences() {
        Rng rng = new Rng(2);
        Tensor probs = GradCheck.randn(rng, 3, 5).softmax(1);
        GradCheck.check("crossEntropy(probs)", in -> Losses.crossEntropy(in[0], in[1]), GradCheck.randn(rng, 3, 5), probs);
    }

    @Test
    void crossEntropy_knownValues() {
        // uniform logits: log K; a confident correct row: about 0
        assertEquals(Math.log(4), Losses.crossEntropy(Tensor.zeros(2, 4), new int[]{1, 3}).item(), 1e-6);
        Tensor z = Tensor.of(new float[]{1000f, 0f, -1000f}, 1, 3);
        assertEquals(0f, Losses.crossEntropy(z, new int[]{0}).item(), 0f);
        assertEquals(2000f, Losses.crossEntropy(z, new int[]{2}).item(), 1e-3f); // stable: no overflow at 1000
        Tensor p = Tensor.of(new float[]{0f, 0f, 1f}, 1, 3);
        assertEquals(2000f, Losses.crossEntropy(z, p).item(), 1e-3f);
        // soft targets that are one-hot give the hard loss
        Tensor logits = GradCheck.randn(new Rng(3), 3, 5);
        assertEquals(Losses.crossEntropy(logits, TARGETS).item(),
                Losses.crossEntropy(logits, Tensor.oneHot(TARGETS, 5)).item(), 1e-6f);
    }

    @Test
    void crossEntropy_badTargets_areRejectedNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.zeros(3, 5), new int[]{2, 5, 0}));
        assertEquals("crossEntropy: target 5 at row 1 is not a class index in [0, 5) of logits [3, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.zeros(3, 5), new int[]{2, 1}));
        assertEquals("crossEntropy: 2 targets for logits [3, 5] (one class index per row expected)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.zeros(3, 5), Tensor.zeros(3, 4)));
        assertEquals("crossEntropy: target probabilities [3, 4] must have the shape of the logits [3, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.zeros(15), TARGETS));
        assertEquals("crossEntropy: logits must be [N, K] with N, K > 0 but were [15]", e.getMessage());
    }

    @Test
    void embedding_gradientsAndTangentsMatchFiniteDifferences_withRepeatedIndices() {
        int[] idx = {1, 4, 1, 0, 1, 3};
        GradCheck.check("embedding", in -> SequenceOps.embedding(in[0], idx, 2, 3), GradCheck.randn(new Rng(4), 5, 3));
    }

    @Test
    void embedding_picksRowsAndScatterAddsGradients() {
        Tensor w = Tensor.parameter(new float[]{0, 1, 10, 11, 20, 21}, 3, 2);
        Tensor out = SequenceOps.embedding(w, new int[]{2, 0, 2});
        assertArrayEquals(new int[]{3, 2}, out.shape());
        assertArrayEquals(new float[]{20, 21, 0, 1, 20, 21}, out.toArray());
        out.backward(new float[]{1, 2, 3, 4, 5, 6});
        assertArrayEquals(new float[]{3, 4, 0, 0, 6, 8}, w.grad());
    }

    @Test
    void embedding_badIndex_isRejectedNamingItAndItsPosition() {
        Tensor w = Tensor.zeros(3, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> SequenceOps.embedding(w, new int[]{0, 2, -1}));
        assertEquals("embedding: index -1 at position 2 is out of range for an embedding of 3 rows (valid: 0 to 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequenceOps.embedding(w, new int[]{3}));
        assertEquals("embedding: index 3 at position 0 is out of range for an embedding of 3 rows (valid: 0 to 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequenceOps.embedding(w, new int[]{0, 1, 2}, 2, 2));
        assertEquals("embedding: 3 indices do not fill index shape [2, 2] (4 elements)", e.getMessage());
    }

    @Test
    void scaleGradient_isTheIdentityForward_andScalesTheFiniteDifferenceGradient() {
        Rng rng = new Rng(5);
        Tensor x0 = GradCheck.randn(rng, 2, 3);
        // the composition without scaling is finite-difference checked; scaling by 1 changes nothing
        GradCheck.check("tanh∘scaleGradient(1)", in -> SequenceOps.scaleGradient(in[0], 1f).tanh(), x0);
        Tensor a = Tensor.parameter(x0.toArray(), 2, 3), b = Tensor.parameter(x0.toArray(), 2, 3);
        Tensor ya = SequenceOps.scaleGradient(a, 0.5f).tanh();
        Tensor yb = b.tanh();
        assertArrayEquals(yb.toArray(), ya.toArray(), 0f);
        ya.sum().backward();
        yb.sum().backward();
        for (int i = 0; i < 6; i++) assertEquals(0.5f * b.grad()[i], a.grad()[i], 0f);
        // and forward-mode tangents pass unchanged (the forward map is the identity)
        try (var fw = Tensor.forwardAD()) {
            Tensor c = x0.copy();
            c.setTangent(new float[]{1, 2, 3, 4, 5, 6});
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, SequenceOps.scaleGradient(c, 0.5f).tangent());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> SequenceOps.scaleGradient(a, Float.NaN));
        assertEquals("scaleGradient: scale must be finite but was NaN", e.getMessage());
    }
}
