package dev.bellman.nn;

import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Tensor;

/**
 * The convolutional torso of the Nature DQN (Mnih et al. 2015, "Human-level control through deep
 * reinforcement learning", Methods: model architecture): input {@code [N, 4, 84, 84]};
 * 32 filters 8×8 stride 4, ReLU; 64 filters 4×4 stride 2, ReLU; 64 filters 3×3 stride 1, ReLU;
 * flatten (64·7·7 = 3136); fully connected 512, ReLU. Output {@code [N, 512]}; heads go on top.
 *
 * <p>Children are numbered as CleanRL's {@code nn.Sequential} ({@code 0, 2, 4} convolutions,
 * {@code 7} the linear layer), so parameter names are {@code 0.weight ... 7.bias}. With
 * {@code scaleInput} the input is divided by 255 (pixel values as floats, or bytes); the first
 * convolution does the division as it reads its input, so no scaled copy of the batch is made and
 * the result is bitwise that of dividing first.
 */
public final class NatureCnn extends Module {
    private final boolean scaleInput;
    private final Sequential body;
    private final Conv2d first;

    /** The standard torso: 4×84×84 input scaled by 1/255, PyTorch's default initialisation. */
    public NatureCnn(Rng rng) {
        this(4, 84, 84, true, LayerInit.torchDefault(), rng);
    }

    /**
     * @param init for every layer; CleanRL's PPO uses {@code LayerInit.orthogonal(Math.sqrt(2), 0)}
     */
    public NatureCnn(int inChannels, int height, int width, boolean scaleInput, LayerInit init, Rng rng) {
        this.scaleInput = scaleInput;
        Conv2d c1 = new Conv2d(inChannels, 32, 8, 4, 0, init, rng);
        Conv2d c2 = new Conv2d(32, 64, 4, 2, 0, init, rng);
        Conv2d c3 = new Conv2d(64, 64, 3, 1, 0, init, rng);
        int h = c3.outputSize(c2.outputSize(c1.outputSize(height)));
        int w = c3.outputSize(c2.outputSize(c1.outputSize(width)));
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("NatureCnn input " + height + "x" + width + " is too small (needs at least 36x36)");
        }
        Module[] layers = {c1, Activation.relu(), c2, Activation.relu(), c3, Activation.relu(), Activation.flatten(),
                new Linear(64 * h * w, 512, init, rng), Activation.relu()};
        for (int i = 0; i < layers.length; i++) registerModule(Integer.toString(i), layers[i]);
        body = new Sequential(layers);
        first = c1;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!scaleInput) return body.forward(x);
        // the first convolution reads x / 255 inside im2col: no scaled copy of the batch
        Tensor h = first.forward(x, 255f);
        for (int i = 1; i < body.size(); i++) h = body.get(i).forward(h);
        return h;
    }

    /**
     * The torso on 8-bit images: the first convolution reads the bytes, divided by 255 when
     * {@code scaleInput}, so the batch is never copied to floats.
     */
    public Tensor forward(ByteImages x) {
        Tensor h = first.forward(x, scaleInput ? 255f : 1f);
        for (int i = 1; i < body.size(); i++) h = body.get(i).forward(h);
        return h;
    }

    /** The number of output features (512). */
    public int outputDim() {
        return 512;
    }
}
