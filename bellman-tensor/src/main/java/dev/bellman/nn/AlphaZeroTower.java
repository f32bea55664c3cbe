package dev.bellman.nn;

import dev.bellman.tensor.Ops;
import dev.bellman.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The residual tower with policy and value heads of AlphaGo Zero (Silver et al. 2017, "Mastering
 * the game of Go without human knowledge", Methods, "Neural network architecture"), with the
 * sizes configurable ({@link Config}).
 *
 * <p>Input {@code [N, planes, board, board]}. Architecture (every convolution without bias, zero
 * padding keeping the board size, followed by batch normalisation):
 * <ol>
 *   <li>stem: 3×3 convolution to {@code channels} filters, batch norm, ReLU;</li>
 *   <li>{@code blocks} residual blocks: 3×3 conv, BN, ReLU, 3×3 conv, BN, add the block's input,
 *       ReLU;</li>
 *   <li>policy head: 1×1 conv to 2 filters, BN, ReLU, fully connected {@code 2·board²} →
 *       {@code actions} logits (board² + 1 in Go: every point and pass);</li>
 *   <li>value head: 1×1 conv to 1 filter, BN, ReLU, fully connected board² → {@code valueHidden}
 *       (256), ReLU, fully connected → 1, tanh.</li>
 * </ol>
 * The paper uses 19×19 boards, 17 planes, 256 channels and 19 or 39 blocks.
 *
 * <p>Parameter and buffer names are those of this natural PyTorch port (as in
 * {@code tools/fixtures/make_alphazero_fixtures.py}), so state dicts move both ways with
 * {@code strict=True}:
 * <pre>{@code
 * class ResidualBlock(nn.Module):            # conv1, bn1, conv2, bn2
 * class AlphaZeroTower(nn.Module):
 *     conv = Conv2d(planes, C, 3, padding=1, bias=False); bn = BatchNorm2d(C)
 *     blocks = Sequential(ResidualBlock(C), ...)   # blocks.0.conv1.weight, blocks.0.bn1.running_mean, ...
 *     policy_conv = Conv2d(C, 2, 1, bias=False); policy_bn = BatchNorm2d(2); policy_fc = Linear(2*b*b, actions)
 *     value_conv = Conv2d(C, 1, 1, bias=False); value_bn = BatchNorm2d(1)
 *     value_fc1 = Linear(b*b, 256); value_fc2 = Linear(256, 1)
 * }</pre>
 * Batch-norm entries are {@code weight, bias, running_mean, running_var, num_batches_tracked}.
 * Initialisation is PyTorch's default for every layer (U(−1/√fan_in, 1/√fan_in); BN weight 1,
 * bias 0).
 *
 * <p>Use {@link Module#train()} while learning and {@link Module#eval()} for self-play and
 * evaluation (batch norm with running statistics).
 */
public final class AlphaZeroTower extends Module {

    /**
     * Sizes of the tower.
     *
     * @param planes input feature planes (17 in AlphaGo Zero)
     * @param boardSize board side length (19 in Go)
     * @param blocks residual blocks (19 or 39 in the paper)
     * @param channels filters per convolution of the tower (256 in the paper)
     * @param actions policy logits (board² + 1 in Go)
     * @param valueHidden width of the value head's hidden layer (256 in the paper)
     */
    public record Config(int planes, int boardSize, int blocks, int channels, int actions, int valueHidden) {
        public Config {
            if (planes <= 0) throw new IllegalArgumentException("planes must be positive but was " + planes);
            if (boardSize <= 0) throw new IllegalArgumentException("boardSize must be positive but was " + boardSize);
            if (blocks < 0) throw new IllegalArgumentException("blocks must be >= 0 but was " + blocks);
            if (channels <= 0) throw new IllegalArgumentException("channels must be positive but was " + channels);
            if (actions <= 0) throw new IllegalArgumentException("actions must be positive but was " + actions);
            if (valueHidden <= 0) throw new IllegalArgumentException("valueHidden must be positive but was " + valueHidden);
        }

        /** Go's action count (board² + 1, pass included) and a 256-unit value layer. */
        public static Config of(int planes, int boardSize, int blocks, int channels) {
            return new Config(planes, boardSize, blocks, channels, boardSize * boardSize + 1, 256);
        }
    }

    /** The two heads' outputs: policy logits {@code [N, actions]} and values in (−1, 1), {@code [N, 1]}. */
    public record Output(Tensor policyLogits, Tensor value) {}

    private final Config config;
    private final ConvNoBias conv;
    private final BatchNorm2d bn;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final ConvNoBias policyConv, valueConv;
    private final BatchNorm2d policyBn, valueBn;
    private final Linear policyFc, valueFc1, valueFc2;

    public AlphaZeroTower(Config config, Rng rng) {
        this.config = config;
        int c = config.channels(), b2 = config.boardSize() * config.boardSize();
        conv = registerModule("conv", new ConvNoBias(config.planes(), c, 3, rng));
        bn = registerModule("bn", new BatchNorm2d(c));
        List<ResidualBlock> list = new ArrayList<>();
        for (int i = 0; i < config.blocks(); i++) list.add(new ResidualBlock(c, rng));
        registerModule("blocks", new Sequential(list));
        blocks.addAll(list);
        policyConv = registerModule("policy_conv", new ConvNoBias(c, 2, 1, rng));
        policyBn = registerModule("policy_bn", new BatchNorm2d(2));
        policyFc = registerModule("policy_fc", new Linear(2 * b2, config.actions(), rng));
        valueConv = registerModule("value_conv", new ConvNoBias(c, 1, 1, rng));
        valueBn = registerModule("value_bn", new BatchNorm2d(1));
        valueFc1 = registerModule("value_fc1", new Linear(b2, config.valueHidden(), rng));
        valueFc2 = registerModule("value_fc2", new Linear(config.valueHidden(), 1, rng));
    }

    public Config config() {
        return config;
    }

    /** The tower's features {@code [N, channels, board, board]} (stem and residual blocks). */
    public Tensor torso(Tensor x) {
        int b = config.boardSize();
        if (x.rank() != 4 || x.dim(1) != config.planes() || x.dim(2) != b || x.dim(3) != b) {
            throw new IllegalArgumentException("AlphaZeroTower expects input [N, " + config.planes() + ", " + b + ", " + b
                    + "] but got " + java.util.Arrays.toString(x.shape()));
        }
        Tensor h = bn.forwardRelu(conv.forward(x), null);
        for (ResidualBlock block : blocks) h = block.forward(h);
        return h;
    }

    /** Policy logits and value for a batch of positions. */
    public Output heads(Tensor x) {
        Tensor h = torso(x);
        Tensor p = policyBn.forwardRelu(policyConv.forward(h), null).flatten(1);
        Tensor logits = policyFc.forward(p);
        Tensor v = valueBn.forwardRelu(valueConv.forward(h), null).flatten(1);
        Tensor value = valueFc2.forward(valueFc1.forward(v).relu()).tanh();
        return new Output(logits, value);
    }

    @Override
    protected String extraRepr() {
        return "planes=" + config.planes() + ", board=" + config.boardSize() + ", blocks=" + config.blocks()
                + ", channels=" + config.channels() + ", actions=" + config.actions();
    }

    /** conv1, bn1, ReLU, conv2, bn2, + input, ReLU. */
    static final class ResidualBlock extends Module {
        private final ConvNoBias conv1, conv2;
        private final BatchNorm2d bn1, bn2;

        ResidualBlock(int channels, Rng rng) {
            conv1 = registerModule("conv1", new ConvNoBias(channels, channels, 3, rng));
            bn1 = registerModule("bn1", new BatchNorm2d(channels));
            conv2 = registerModule("conv2", new ConvNoBias(channels, channels, 3, rng));
            bn2 = registerModule("bn2", new BatchNorm2d(channels));
        }

        @Override
        public Tensor forward(Tensor x) {
            // BN + ReLU and BN + input + ReLU as fused ops (BatchNorm#forwardRelu: the composed ops' bits)
            Tensor h = bn1.forwardRelu(conv1.forward(x), null);
            return bn2.forwardRelu(conv2.forward(h), x);
        }
    }

    /**
     * A stride-1 square convolution without bias (batch norm follows), padding k/2 so the board
     * size is kept; parameter {@code weight [out, in, k, k]} as {@code nn.Conv2d(..., bias=False)}.
     */
    static final class ConvNoBias extends Module {
        private final Tensor weight;
        private final int padding;

        ConvNoBias(int in, int out, int k, Rng rng) {
            weight = registerParameter("weight", Tensor.parameter(new float[out * in * k * k], out, in, k, k));
            padding = k / 2;
            LayerInit.torchDefault().init(weight, null, rng);
        }

        @Override
        public Tensor forward(Tensor x) {
            return Ops.conv2d(x, weight, null, 1, padding);
        }
    }
}
