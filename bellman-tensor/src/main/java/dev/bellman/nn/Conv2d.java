package dev.bellman.nn;

import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Ops;
import dev.bellman.tensor.Tensor;

/**
 * A 2-D convolution (cross-correlation) with square kernels, as {@code torch.nn.Conv2d}: weight
 * {@code [out, in, k, k]}, bias {@code [out]}; input {@code [N, in, H, W]}, output
 * {@code [N, out, (H + 2p − d·(k − 1) − 1)/s + 1, ...]}, zero padding {@code p}, stride {@code s},
 * dilation {@code d} (1 unless given).
 *
 * <p>Default initialisation is PyTorch's: U(−1/√fan_in, 1/√fan_in) with fan_in = in·k².
 */
public final class Conv2d extends Module {
    private final int inChannels, outChannels, kernel, stride, padding, dilation;
    private final Tensor weight, bias;

    /** A convolution with bias, no padding, and PyTorch's default initialisation. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, Rng rng) {
        this(inChannels, outChannels, kernel, stride, 0, LayerInit.torchDefault(), rng);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, LayerInit init, Rng rng) {
        this(inChannels, outChannels, kernel, stride, padding, 1, init, rng);
    }

    /** A convolution with bias and dilation {@code dilation} (kernel taps that far apart), as {@code nn.Conv2d(..., dilation=d)}. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, LayerInit init, Rng rng) {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || dilation <= 0) {
            throw new IllegalArgumentException("Conv2d needs positive channels, kernel, stride and dilation and padding >= 0 but got in="
                    + inChannels + ", out=" + outChannels + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                    + ", dilation=" + dilation);
        }
        this.dilation = dilation;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = registerParameter("weight",
                Tensor.parameter(new float[outChannels * inChannels * kernel * kernel], outChannels, inChannels, kernel, kernel));
        this.bias = registerParameter("bias", Tensor.parameter(new float[outChannels], outChannels));
        init.init(weight, bias, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.conv2d(x, weight, bias, stride, padding, dilation);
    }

    /**
     * The convolution of {@code x / divisor} without a scaled copy of x (bitwise equal to
     * {@code forward(x.div(divisor))}); for first layers that scale pixels.
     */
    public Tensor forward(Tensor x, float divisor) {
        return Ops.conv2d(x, divisor, weight, bias, stride, padding, dilation);
    }

    /** The convolution of 8-bit images, each value divided by {@code divisor} as it is read (no float copy of the batch). */
    public Tensor forward(ByteImages x, float divisor) {
        return Ops.conv2d(x, divisor, weight, bias, stride, padding, dilation);
    }

    /** The spatial output size for an input size {@code n}. */
    public int outputSize(int n) {
        return (n + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
    }

    public Tensor weight() { return weight; }

    public Tensor bias() { return bias; }

    public int outChannels() { return outChannels; }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernel + ", " + kernel + "), stride=(" + stride + ", "
                + stride + ")" + (padding > 0 ? ", padding=(" + padding + ", " + padding + ")" : "")
                + (dilation > 1 ? ", dilation=(" + dilation + ", " + dilation + ")" : "");
    }
}
