package dev.bellman.nn;

import dev.bellman.tensor.Norms;
import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015) with learnable affine parameters and running
 * statistics, as {@code torch.nn.BatchNorm1d/2d} with {@code affine=True,
 * track_running_stats=True}: parameters {@code weight} (γ, ones) and {@code bias} (β, zeros),
 * buffers {@code running_mean} (zeros), {@code running_var} (ones) and the int64 counter
 * {@code num_batches_tracked}, in that order, PyTorch's state-dict names.
 *
 * <p>In training mode ({@link Module#train()}, the default) a forward pass normalises with the
 * batch statistics, updates the running statistics with {@code momentum} (running variance from
 * the unbiased batch variance) and adds one to {@code num_batches_tracked}; in evaluation mode
 * ({@link Module#eval()}) it normalises with the running statistics and changes nothing. The op is
 * {@link Norms#batchNorm}. Defaults as PyTorch: eps 1e-5, momentum 0.1.
 *
 * <p>Deviation: PyTorch's {@code momentum=None} (a cumulative moving average driven by
 * {@code num_batches_tracked}) is not offered; the counter is kept for state-dict compatibility.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final int numFeatures;
    private final float eps, momentum;
    private final Tensor weight, bias, runningMean, runningVar;
    private final Counter numBatchesTracked;

    BatchNorm(int numFeatures, float eps, float momentum) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " numFeatures must be positive but was " + numFeatures);
        }
        if (!(eps > 0)) throw new IllegalArgumentException(getClass().getSimpleName() + " eps must be positive but was " + eps);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " momentum must be in [0, 1] but was " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        float[] ones = new float[numFeatures];
        Arrays.fill(ones, 1f);
        weight = registerParameter("weight", Tensor.parameter(ones.clone(), numFeatures));
        bias = registerParameter("bias", Tensor.parameter(new float[numFeatures], numFeatures));
        runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        runningVar = registerBuffer("running_var", Tensor.of(ones, numFeatures));
        numBatchesTracked = registerCounter("num_batches_tracked");
    }

    /** Checks the input's rank, naming the layer and the accepted shapes. */
    abstract void checkInput(Tensor x);

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        if (x.dim(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + ") got input "
                    + Arrays.toString(x.shape()) + " with " + x.dim(1) + " channels");
        }
        Tensor y = Norms.batchNorm(x, weight, bias, runningMean, runningVar, isTraining(), momentum, eps);
        if (isTraining()) numBatchesTracked.increment();
        return y;
    }

    /**
     * {@code relu(forward(x) + residual)} ({@code relu(forward(x))} when residual is null) as one fused op,
     * {@link Norms#batchNormRelu}: the same results bit for bit as the composed ops, with fewer passes over the data.
     */
    public Tensor forwardRelu(Tensor x, Tensor residual) {
        checkInput(x);
        if (x.dim(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + ") got input "
                    + Arrays.toString(x.shape()) + " with " + x.dim(1) + " channels");
        }
        Tensor y = Norms.batchNormRelu(x, weight, bias, runningMean, runningVar, isTraining(), momentum, eps, residual);
        if (isTraining()) numBatchesTracked.increment();
        return y;
    }

    public Tensor weight() { return weight; }

    public Tensor bias() { return bias; }

    /** The running mean (a live buffer). */
    public Tensor runningMean() { return runningMean; }

    /** The running variance (a live buffer). */
    public Tensor runningVar() { return runningVar; }

    /** Forward passes made in training mode (PyTorch's {@code num_batches_tracked}). */
    public long numBatchesTracked() { return numBatchesTracked.get(); }

    public int numFeatures() { return numFeatures; }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=True, track_running_stats=True";
    }
}
