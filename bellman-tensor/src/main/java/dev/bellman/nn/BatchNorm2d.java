package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * Batch normalisation over {@code [N, C, H, W]} inputs (statistics per channel over N, H and W),
 * as {@code torch.nn.BatchNorm2d}; see {@link BatchNorm}.
 */
public final class BatchNorm2d extends BatchNorm {
    /** eps 1e-5, momentum 0.1 (PyTorch's defaults). */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f);
    }

    public BatchNorm2d(int numFeatures, float eps, float momentum) {
        super(numFeatures, eps, momentum);
    }

    @Override
    void checkInput(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("BatchNorm2d expects [N, C, H, W] input but got " + Arrays.toString(x.shape()));
        }
    }
}
