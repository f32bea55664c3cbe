package dev.bellman.nn;

import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Tensor;

/**
 * The torso of the MinAtar baselines (Young and Tian 2019, "MinAtar: An Atari-Inspired Testbed
 * for Thorough and Reproducible Reinforcement Learning Experiments", Sec. 4): one convolution of
 * 16 filters 3×3 stride 1 (no padding), ReLU, flatten, fully connected 128, ReLU. For the
 * 10×10 MinAtar boards the flattened size is 16·8·8 = 1024. Output {@code [N, 128]}.
 *
 * <p>Children: {@code 0} convolution, {@code 1} ReLU, {@code 2} flatten, {@code 3} linear,
 * {@code 4} ReLU.
 */
public final class MinAtarCnn extends Module {
    private final Sequential body;
    private final Conv2d first;

    /** For {@code inChannels}×10×10 boards with PyTorch's default initialisation. */
    public MinAtarCnn(int inChannels, Rng rng) {
        this(inChannels, 10, 10, LayerInit.torchDefault(), rng);
    }

    public MinAtarCnn(int inChannels, int height, int width, LayerInit init, Rng rng) {
        Conv2d conv = new Conv2d(inChannels, 16, 3, 1, 0, init, rng);
        int h = conv.outputSize(height), w = conv.outputSize(width);
        if (h <= 0 || w <= 0) throw new IllegalArgumentException("MinAtarCnn input " + height + "x" + width + " is smaller than 3x3");
        Module[] layers = {conv, Activation.relu(), Activation.flatten(), new Linear(16 * h * w, 128, init, rng),
                Activation.relu()};
        for (int i = 0; i < layers.length; i++) registerModule(Integer.toString(i), layers[i]);
        body = new Sequential(layers);
        first = conv;
    }

    @Override
    public Tensor forward(Tensor x) {
        return body.forward(x);
    }

    /** The torso on 0/1 board planes held as bytes, read by the convolution without a float copy. */
    public Tensor forward(ByteImages x) {
        Tensor h = first.forward(x, 1f);
        for (int i = 1; i < body.size(); i++) h = body.get(i).forward(h);
        return h;
    }

    /** The number of output features (128). */
    public int outputDim() {
        return 128;
    }
}
