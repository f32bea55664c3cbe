package dev.bellman.nn;

import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Ops;
import dev.bellman.tensor.Tensor;

/**
 * The residual torso of IMPALA (Espeholt et al. 2018, "IMPALA: Scalable Distributed Deep-RL with
 * Importance Weighted Actor-Learner Architectures", Fig. 3, the "large" network).
 *
 * <p>For each of the stacks (16, 32, 32 channels by default): a 3×3 convolution with padding 1,
 * max pooling 3×3 stride 2 padding 1, then two residual blocks, each
 * {@code x + conv(relu(conv(relu(x))))} with 3×3 convolutions of padding 1. Then ReLU, flatten,
 * fully connected 256, ReLU. A 64×64 input leaves 8×8 planes after three stacks (each halves the
 * size, rounding up), so the linear layer has 32·8·8 = 2048 inputs. Output {@code [N, 256]}; heads go on top.
 *
 * <p>Parameter names follow CleanRL's {@code ppo_procgen.py} port (an {@code nn.Sequential} of
 * {@code ConvSequence}s, then {@code Flatten}, {@code ReLU}, {@code Linear}, {@code ReLU}):
 * stack {@code k} is child {@code k} with {@code k.conv}, {@code k.res_block0.conv0},
 * {@code k.res_block0.conv1}, {@code k.res_block1.conv0}, {@code k.res_block1.conv1} (each with
 * {@code .weight} and {@code .bias}); the linear layer is child {@code n + 2} for {@code n} stacks
 * ({@code 5.weight}, {@code 5.bias} for the default three). Flatten comes before the final-stack ReLU
 * there; both are elementwise or reshapes, so the order does not change the result.
 *
 * <p>With {@code scaleInput} the input is divided by 255 as the first convolution reads it (no
 * scaled copy), as CleanRL's {@code x / 255.0}.
 */
public final class ImpalaCnn extends Module {
    private final boolean scaleInput;
    private final ConvSequence[] stacks;
    private final Linear fc;
    private final int outputDim;

    /** The standard torso for {@code inChannels}×64×64 pixel input (Procgen), channels (16, 32, 32), output 256. */
    public ImpalaCnn(int inChannels, Rng rng) {
        this(inChannels, 64, 64, new int[]{16, 32, 32}, 256, true, LayerInit.torchDefault(), rng);
    }

    /**
     * @param channels   output channels of each stack
     * @param outputDim  width of the final fully connected layer
     * @param scaleInput divide the input by 255 (pixels)
     * @param init       for every convolution and the linear layer
     */
    public ImpalaCnn(int inChannels, int height, int width, int[] channels, int outputDim, boolean scaleInput,
                     LayerInit init, Rng rng) {
        if (inChannels <= 0 || height <= 0 || width <= 0 || outputDim <= 0 || channels == null || channels.length == 0) {
            throw new IllegalArgumentException("ImpalaCnn needs positive inChannels, height, width and outputDim and at least one stack"
                    + " but got inChannels=" + inChannels + ", input " + height + "x" + width + ", outputDim=" + outputDim
                    + ", channels=" + java.util.Arrays.toString(channels));
        }
        this.scaleInput = scaleInput;
        this.outputDim = outputDim;
        stacks = new ConvSequence[channels.length];
        int c = inChannels, h = height, w = width;
        for (int k = 0; k < channels.length; k++) {
            if (channels[k] <= 0) {
                throw new IllegalArgumentException("ImpalaCnn channels must be positive but stack " + k + " has " + channels[k]);
            }
            stacks[k] = registerModule(Integer.toString(k), new ConvSequence(c, channels[k], init, rng));
            c = channels[k];
            h = (h - 1) / 2 + 1; // maxpool 3×3, stride 2, padding 1: (h + 2 − 3)/2 + 1
            w = (w - 1) / 2 + 1;
        }
        fc = registerModule(Integer.toString(channels.length + 2), new Linear(c * h * w, outputDim, init, rng));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = scaleInput ? stacks[0].forward(x, 255f) : stacks[0].forward(x);
        return head(h);
    }

    /** The torso on 8-bit images, read by the first convolution without a float copy (divided by 255 when scaling). */
    public Tensor forward(ByteImages x) {
        return head(stacks[0].forward(x, scaleInput ? 255f : 1f));
    }

    private Tensor head(Tensor h) {
        for (int k = 1; k < stacks.length; k++) h = stacks[k].forward(h);
        return fc.forward(h.relu().flatten(1)).relu();
    }

    /** The number of output features. */
    public int outputDim() {
        return outputDim;
    }

    /** One IMPALA stack: conv 3×3 pad 1, maxpool 3×3 stride 2 pad 1, two residual blocks. */
    private static final class ConvSequence extends Module {
        private final Conv2d conv;
        private final ResidualBlock block0, block1;

        ConvSequence(int in, int out, LayerInit init, Rng rng) {
            conv = registerModule("conv", new Conv2d(in, out, 3, 1, 1, init, rng));
            block0 = registerModule("res_block0", new ResidualBlock(out, init, rng));
            block1 = registerModule("res_block1", new ResidualBlock(out, init, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            return rest(conv.forward(x));
        }

        Tensor forward(Tensor x, float divisor) {
            return rest(conv.forward(x, divisor));
        }

        Tensor forward(ByteImages x, float divisor) {
            return rest(conv.forward(x, divisor));
        }

        private Tensor rest(Tensor h) {
            h = Ops.maxPool2d(h, 3, 2, 1);
            return block1.forward(block0.forward(h));
        }
    }

    /** {@code x + conv1(relu(conv0(relu(x))))}, 3×3 convolutions with padding 1. */
    private static final class ResidualBlock extends Module {
        private final Conv2d conv0, conv1;

        ResidualBlock(int channels, LayerInit init, Rng rng) {
            conv0 = registerModule("conv0", new Conv2d(channels, channels, 3, 1, 1, init, rng));
            conv1 = registerModule("conv1", new Conv2d(channels, channels, 3, 1, 1, init, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.add(conv1.forward(conv0.forward(x.relu()).relu()));
        }
    }
}
