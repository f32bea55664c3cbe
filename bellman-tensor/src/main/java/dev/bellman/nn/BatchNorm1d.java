package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * Batch normalisation over {@code [N, C]} or {@code [N, C, L]} inputs, as
 * {@code torch.nn.BatchNorm1d}; see {@link BatchNorm}.
 */
public final class BatchNorm1d extends BatchNorm {
    /** eps 1e-5, momentum 0.1 (PyTorch's defaults). */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f);
    }

    public BatchNorm1d(int numFeatures, float eps, float momentum) {
        super(numFeatures, eps, momentum);
    }

    @Override
    void checkInput(Tensor x) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw new IllegalArgumentException("BatchNorm1d expects [N, C] or [N, C, L] input but got " + Arrays.toString(x.shape()));
        }
    }
}
