package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import static dev.bellman.tensor.GradCheck.awayFrom;
import static dev.bellman.tensor.GradCheck.check;
import static dev.bellman.tensor.GradCheck.randn;
import static dev.bellman.tensor.GradCheck.uniform;

/** Gradient and tangent (JVP) checks of every differentiable op against finite differences. */
class OpGradientTest {

    private final Rng rng = new Rng(20261123L);

    /** Shape pairs covering same shape, scalar, row bias, column broadcast and two-sided broadcast. */
    private static final int[][][] BROADCAST_CASES = {
            {{3, 4}, {3, 4}},
            {{3, 4}, {}},
            {{}, {3, 4}},
            {{3, 4}, {1}},
            {{3, 4}, {4}},
            {{4}, {3, 4}},
            {{3, 1}, {1, 4}},
            {{2, 3, 4}, {3, 1}},
            {{2, 1, 4}, {3, 4}},
    };

    // ------------------------------------------------------------------ binary

    @Test
    void add_sub_mul_broadcasting_gradientsAndTangents() {
        for (int[][] c : BROADCAST_CASES) {
            Tensor a = randn(rng, c[0]), b = randn(rng, c[1]);
            check("add " + java.util.Arrays.deepToString(c), x -> x[0].add(x[1]), a, b);
            check("sub " + java.util.Arrays.deepToString(c), x -> x[0].sub(x[1]), a, b);
            check("mul " + java.util.Arrays.deepToString(c), x -> x[0].mul(x[1]), a, b);
        }
    }

    @Test
    void div_broadcasting_gradientsAndTangents() {
        for (int[][] c : BROADCAST_CASES) {
            Tensor a = randn(rng, c[0]), b = uniform(rng, 0.5f, 2f, c[1]);
            check("div " + java.util.Arrays.deepToString(c), x -> x[0].div(x[1]), a, b);
        }
    }

    @Test
    void pow_broadcasting_gradientsAndTangents() {
        for (int[][] c : BROADCAST_CASES) {
            Tensor a = uniform(rng, 0.5f, 2f, c[0]), b = uniform(rng, -1.5f, 2f, c[1]);
            check("pow " + java.util.Arrays.deepToString(c), x -> x[0].pow(x[1]), a, b);
        }
    }

    @Test
    void minimumMaximum_broadcasting_gradientsAndTangents() {
        for (int[][] c : BROADCAST_CASES) {
            // a in [-2,-0.5] ∪ [0.5, 2] and b in (-0.3, 0.3): never within 0.2 of each other
            Tensor a = awayFrom(rng, 0.5f, new float[]{0f}, c[0]), b = uniform(rng, -0.3f, 0.3f, c[1]);
            check("minimum " + java.util.Arrays.deepToString(c), x -> x[0].minimum(x[1]), a, b);
            check("maximum " + java.util.Arrays.deepToString(c), x -> x[0].maximum(x[1]), a, b);
        }
    }

    @Test
    void atan2_broadcasting_gradientsAndTangents() {
        for (int[][] c : BROADCAST_CASES) {
            // y at least 0.2 from 0 keeps finite differences off the branch cut (y = 0, x < 0); x of either sign, so
            // all four quadrants are crossed
            Tensor y = awayFrom(rng, 0.2f, new float[]{0f}, c[0]), x = randn(rng, c[1]);
            check("atan2 " + java.util.Arrays.deepToString(c), t -> t[0].atan2(t[1]), y, x);
        }
    }

    @Test
    void scalarForms_gradientsAndTangents() {
        Tensor a = randn(rng, 3, 5);
        check("add(c)", x -> x[0].add(1.5f), a);
        check("sub(c)", x -> x[0].sub(0.7f), a);
        check("mul(c)", x -> x[0].mul(-2.5f), a);
        check("div(c)", x -> x[0].div(3f), a);
        check("rsub(c)", x -> x[0].rsub(2f), a);
        Tensor pos = uniform(rng, 0.5f, 2f, 3, 5);
        check("pow(2)", x -> x[0].pow(2f), a);
        check("pow(1.7)", x -> x[0].pow(1.7f), pos);
        check("pow(-0.5)", x -> x[0].pow(-0.5f), pos);
    }

    /** A random shape of rank 0..3 with dims 1..4. */
    private int[] randomShape() {
        int[] s = new int[rng.nextInt(4)];
        for (int i = 0; i < s.length; i++) s[i] = 1 + rng.nextInt(4);
        return s;
    }

    /** A random shape that broadcasts with {@code s}: a random suffix of it, some dims set to 1, maybe extra leading dims. */
    private int[] broadcastPartner(int[] s) {
        int keep = rng.nextInt(s.length + 1);
        int extra = s.length == keep ? rng.nextInt(2) : 0;
        int[] p = new int[keep + extra];
        for (int i = 0; i < extra; i++) p[i] = 1 + rng.nextInt(3);
        for (int i = 0; i < keep; i++) p[extra + i] = rng.nextInt(3) == 0 ? 1 : s[s.length - keep + i];
        return p;
    }

    @Test
    void binaryOps_seededRandomBroadcastShapes_gradientsAndTangents() {
        for (int trial = 0; trial < 20; trial++) {
            int[] sa = randomShape(), sb = broadcastPartner(sa);
            if (rng.nextInt(2) == 0) { int[] t = sa; sa = sb; sb = t; }
            String tag = java.util.Arrays.toString(sa) + " " + java.util.Arrays.toString(sb);
            Tensor a = awayFrom(rng, 0.5f, new float[]{0f}, sa), b = uniform(rng, 0.5f, 1.5f, sb);
            check("add " + tag, x -> x[0].add(x[1]), a, b);
            check("sub " + tag, x -> x[0].sub(x[1]), a, b);
            check("mul " + tag, x -> x[0].mul(x[1]), a, b);
            check("div " + tag, x -> x[0].div(x[1]), a, b);
            check("pow " + tag, x -> x[1].pow(x[0]), a, b);
            Tensor c = uniform(rng, -0.3f, 0.3f, sb);
            check("maximum " + tag, x -> x[0].maximum(x[1]), a, c);
            Tensor cond = uniform(rng, 0f, 1f, sb).gt(0.5f);
            check("where " + tag, x -> Tensor.where(cond, x[0], x[1]), a, b);
        }
    }

    @Test
    void reductions_seededRandomShapesAndAxes_gradientsAndTangents() {
        for (int trial = 0; trial < 12; trial++) {
            int[] s = randomShape();
            if (s.length == 0) s = new int[]{1 + rng.nextInt(4)};
            int axis = rng.nextInt(s.length) - (rng.nextInt(2) == 0 ? s.length : 0);
            boolean keep = rng.nextInt(2) == 0;
            String tag = java.util.Arrays.toString(s) + " axis " + axis + " keep " + keep;
            Tensor a = randn(rng, s);
            check("sum " + tag, x -> x[0].sum(axis, keep), a);
            check("mean " + tag, x -> x[0].mean(axis, keep), a);
            check("logSumExp " + tag, x -> x[0].logSumExp(axis, keep), a);
            check("softmax " + tag, x -> x[0].softmax(axis), a);
            check("logSoftmax " + tag, x -> x[0].logSoftmax(axis), a);
        }
    }

    // ------------------------------------------------------------------ unary

    @Test
    void unary_smooth_gradientsAndTangents() {
        Tensor a = randn(rng, 4, 3);
        Tensor pos = uniform(rng, 0.5f, 2f, 4, 3);
        check("neg", x -> x[0].neg(), a);
        check("exp", x -> x[0].exp(), a);
        check("log", x -> x[0].log(), pos);
        check("sqrt", x -> x[0].sqrt(), pos);
        check("square", x -> x[0].square(), a);
        check("tanh", x -> x[0].tanh(), a);
        check("sin", x -> x[0].sin(), a);
        check("cos", x -> x[0].cos(), a);
        check("sigmoid", x -> x[0].sigmoid(), a);
        check("softplus", x -> x[0].softplus(), randn(rng, 4, 3).mul(3f));
    }

    @Test
    void unary_kinked_gradientsAndTangents_awayFromKinks() {
        Tensor a = awayFrom(rng, 0.05f, new float[]{0f}, 5, 4);
        check("abs", x -> x[0].abs(), a);
        check("relu", x -> x[0].relu(), a);
        check("leakyRelu", x -> x[0].leakyRelu(0.1f), a);
        check("elu", x -> x[0].elu(1.3f), a);
        Tensor c = awayFrom(rng, 0.05f, new float[]{-0.5f, 0.8f}, 5, 4);
        check("clamp", x -> x[0].clamp(-0.5f, 0.8f), c);
    }

    @Test
    void softplus_largeInputs_followsThreshold() {
        check("softplus large", x -> x[0].softplus(), Tensor.vector(25f, 30f, -25f, 19.5f));
    }

    @Test
    void where_broadcasting_gradientsAndTangents() {
        Tensor cond = Tensor.of(new float[]{1, 0, 0, 1}, 4, 1);
        check("where", x -> Tensor.where(cond, x[0], x[1]), randn(rng, 4, 3), randn(rng, 3));
        check("where scalar", x -> Tensor.where(cond, x[0], x[1]), randn(rng, 1), randn(rng, 4, 1));
    }

    // ------------------------------------------------------------------ matmul and nn

    @Test
    void matmul_allRanks_gradientsAndTangents() {
        check("matmul 2d", x -> x[0].matmul(x[1]), randn(rng, 3, 4), randn(rng, 4, 5));
        check("matmul 1d·2d", x -> x[0].matmul(x[1]), randn(rng, 4), randn(rng, 4, 5));
        check("matmul 2d·1d", x -> x[0].matmul(x[1]), randn(rng, 3, 4), randn(rng, 4));
        check("matmul batched", x -> x[0].matmul(x[1]), randn(rng, 2, 3, 4), randn(rng, 2, 4, 5));
        check("matmul batched broadcast", x -> x[0].matmul(x[1]), randn(rng, 2, 1, 3, 4), randn(rng, 3, 4, 2));
        check("matmul batched·2d", x -> x[0].matmul(x[1]), randn(rng, 2, 3, 4), randn(rng, 4, 2));
    }

    @Test
    void linear_gradientsAndTangents() {
        check("linear", x -> Tensor.linear(x[0], x[1], x[2]), randn(rng, 5, 4), randn(rng, 3, 4), randn(rng, 3));
        check("linear no bias", x -> Tensor.linear(x[0], x[1], null), randn(rng, 5, 4), randn(rng, 3, 4));
        check("linear 3d", x -> Tensor.linear(x[0], x[1], x[2]), randn(rng, 2, 3, 4), randn(rng, 2, 4), randn(rng, 2));
        check("linear 1d", x -> Tensor.linear(x[0], x[1], x[2]), randn(rng, 4), randn(rng, 2, 4), randn(rng, 2));
    }

    @Test
    void conv2d_gradientsAndTangents() {
        check("conv2d s1 p0", x -> Ops.conv2d(x[0], x[1], x[2], 1, 0), randn(rng, 2, 2, 5, 5), randn(rng, 3, 2, 3, 3), randn(rng, 3));
        check("conv2d s2 p1", x -> Ops.conv2d(x[0], x[1], x[2], 2, 1), randn(rng, 2, 3, 6, 5), randn(rng, 2, 3, 3, 2), randn(rng, 2));
        check("conv2d no bias s3 p2", x -> Ops.conv2d(x[0], x[1], null, 3, 2), randn(rng, 1, 2, 7, 7), randn(rng, 2, 2, 4, 4));
    }

    @Test
    void maxPool2d_gradientsAndTangents() {
        // distinct values spaced well apart so no window has a near-tie
        float[] d = new float[2 * 2 * 6 * 6];
        int[] perm = shuffled(d.length);
        for (int i = 0; i < d.length; i++) d[i] = perm[i] * 0.1f;
        check("maxPool2d k2 s2", x -> Ops.maxPool2d(x[0], 2, 2), Tensor.of(d, 2, 2, 6, 6));
        check("maxPool2d k3 s1", x -> Ops.maxPool2d(x[0], 3, 1), Tensor.of(d, 2, 2, 6, 6));
    }

    @Test
    void layerNorm_gradientsAndTangents() {
        check("layerNorm", x -> Ops.layerNorm(x[0], x[1], x[2], 1e-5f), randn(rng, 3, 6), randn(rng, 6), randn(rng, 6));
        check("layerNorm no affine", x -> Ops.layerNorm(x[0], null, null, 1e-5f), randn(rng, 2, 2, 5));
    }

    // ------------------------------------------------------------------ reductions

    @Test
    void sumMean_everyAxis_gradientsAndTangents() {
        Tensor a = randn(rng, 2, 3, 4);
        check("sum()", x -> x[0].sum(), a);
        check("mean()", x -> x[0].mean(), a);
        for (int ax = -3; ax < 3; ax++) {
            int axis = ax;
            check("sum " + ax, x -> x[0].sum(axis, false), a);
            check("sum keep " + ax, x -> x[0].sum(axis, true), a);
            check("mean " + ax, x -> x[0].mean(axis, true), a);
        }
    }

    @Test
    void max_everyAxis_gradientsAndTangents() {
        float[] d = new float[24];
        int[] perm = shuffled(24);
        for (int i = 0; i < 24; i++) d[i] = perm[i] * 0.1f - 1f;
        Tensor a = Tensor.of(d, 2, 3, 4);
        check("maxAll", x -> x[0].maxAll(), a);
        for (int ax = 0; ax < 3; ax++) {
            int axis = ax;
            check("max " + ax, x -> x[0].max(axis, axis == 1), a);
        }
    }

    @Test
    void softmaxFamily_everyAxis_gradientsAndTangents() {
        Tensor a = randn(rng, 2, 3, 4);
        for (int ax = -1; ax < 3; ax++) {
            int axis = ax;
            check("logSumExp " + ax, x -> x[0].logSumExp(axis, false), a);
            check("softmax " + ax, x -> x[0].softmax(axis), a);
            check("logSoftmax " + ax, x -> x[0].logSoftmax(axis), a);
        }
    }

    // ------------------------------------------------------------------ indexing and shape

    @Test
    void gatherIndexSelect_gradientsAndTangents() {
        Tensor q = randn(rng, 4, 3);
        check("gather axis 1", x -> x[0].gather(1, new int[]{2, 0, 1, 2}), q);
        check("gather axis 0 repeats", x -> x[0].gather(0, new int[]{1, 1, 3, 0, 0, 2}), q);
        check("gather 3d", x -> x[0].gather(1, new int[]{0, 1, 1, 0, 1, 0, 0, 0}), randn(rng, 2, 2, 2));
        check("indexSelect 0", x -> x[0].indexSelect(0, new int[]{3, 0, 3}), q);
        check("indexSelect 1", x -> x[0].indexSelect(1, new int[]{2, 2}), q);
    }

    @Test
    void concatStackSplit_gradientsAndTangents() {
        check("concat 0", x -> Tensor.concat(0, x[0], x[1]), randn(rng, 2, 3), randn(rng, 1, 3));
        check("concat 1", x -> Tensor.concat(1, x[0], x[1], x[2]), randn(rng, 2, 3), randn(rng, 2, 1), randn(rng, 2, 2));
        check("stack 0", x -> Tensor.stack(0, x[0], x[1]), randn(rng, 2, 3), randn(rng, 2, 3));
        check("stack -1", x -> Tensor.stack(-1, x[0], x[1]), randn(rng, 2, 3), randn(rng, 2, 3));
        check("split 1", x -> {
            Tensor[] p = x[0].split(1, 1, 3);
            return p[0].mul(2f).sum(1, true).add(p[1].square());
        }, randn(rng, 2, 4));
    }

    @Test
    void sliceViewsAndCopies_gradientsAndTangents() {
        Tensor a = randn(rng, 4, 3, 2);
        check("slice 0 (view)", x -> x[0].slice(0, 1, 3), a);
        check("slice 1 (copy)", x -> x[0].slice(1, 1, 3), a);
        check("slice -1 (copy)", x -> x[0].slice(-1, 0, 1), a);
        check("slice of slice", x -> x[0].slice(0, 1, 4).slice(0, 1, 2).mul(x[0].slice(0, 0, 1)), a);
    }

    @Test
    void reshapeFamily_gradientsAndTangents() {
        Tensor a = randn(rng, 2, 3, 4);
        check("reshape", x -> x[0].reshape(6, -1).mul(x[0].reshape(6, 4)), a);
        check("flatten", x -> x[0].flatten(1), a);
        check("unsqueeze/squeeze", x -> x[0].unsqueeze(1).mul(2f).squeeze(1), a);
        check("transpose", x -> x[0].transpose(0, 2), a);
        check("transpose 2d", x -> x[0].transpose(0, 1), randn(rng, 3, 5));
        check("permute", x -> x[0].permute(1, 2, 0), a);
        check("expand", x -> x[0].expand(2, 3, 4), randn(rng, 3, 1));
        check("expand -1", x -> x[0].expand(5, -1), randn(rng, 1, 3));
    }

    // ------------------------------------------------------------------ losses and compositions

    @Test
    void losses_gradientsAndTangents() {
        check("mse", x -> Losses.mse(x[0], x[1]), randn(rng, 5, 2), randn(rng, 5, 2));
        // differences kept away from the switch points ±delta = ±0.7
        Tensor pred = awayFrom(rng, 0.05f, new float[]{-0.7f, 0.7f}, 8);
        check("huber", x -> Losses.huber(x[0], x[1], 0.7f), pred, Tensor.zeros(8));
        check("huber delta 1", x -> Losses.huber(x[0], x[1], 1f), awayFrom(rng, 0.05f, new float[]{-1f, 1f}, 4, 2), Tensor.zeros(4, 2));
    }

    @Test
    void mlpComposition_gradientsAndTangents() {
        check("mlp", x -> Tensor.linear(Tensor.linear(x[0], x[1], x[2]).tanh(), x[3], x[4]).logSoftmax(-1),
                randn(rng, 4, 3), randn(rng, 5, 3), randn(rng, 5), randn(rng, 2, 5), randn(rng, 2));
    }

    private int[] shuffled(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
