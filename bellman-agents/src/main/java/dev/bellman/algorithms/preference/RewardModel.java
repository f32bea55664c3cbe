package dev.bellman.algorithms.preference;

import dev.bellman.nn.Activation;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The learned reward r̂ of Christiano et al. (2017): an ensemble of small MLPs, each mapping one step's features to a
 * scalar, trained on pairwise preferences with the {@link BradleyTerry} loss; the reward the policy sees is the
 * ensemble mean, normalised.
 *
 * <p>Normalisation ({@link #normalize}): on recent steps the reward is shifted so that the absorbing state after a
 * termination earns 0 (or to mean 0 on tasks that never terminate) and scaled to unit root mean square over the rollout (the paper normalises to mean 0 and a
 * constant standard deviation; on tasks that end in failure, such as CartPole, a zero-mean reward would make ending
 * the episode as good as an average step, so the shift anchors the absorbing state instead, which is what the
 * policy's return after a termination assumes, and the scale is measured from that anchor).
 *
 * <p>Deviations: members differ by initialisation and minibatch order, not by bootstrap resamples of the labels; no
 * L2 regulariser or dropout; no held-out validation split.
 */
public final class RewardModel {
    /** One ensemble member with its optimizer. */
    private static final class Member extends Module {
        final Sequential net;

        Member(int inputSize, int hidden, Rng rng) {
            net = registerModule("net", Mlp.builder(inputSize, hidden, hidden, 1).activation(Activation::relu)
                    .build(rng));
        }
    }

    private final int inputSize;
    private final List<Member> members = new ArrayList<>();
    private final List<Adam> optimizers = new ArrayList<>();
    private final Rng shuffleRng;
    private double shift;
    private double scale = 1;

    /**
     * An ensemble of {@code size} MLPs with two hidden layers of {@code hidden} ReLU units, initialised from
     * {@code rng}, trained with Adam at {@code learningRate}.
     */
    public RewardModel(int inputSize, int size, int hidden, double learningRate, Rng rng) {
        if (inputSize <= 0 || size <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("inputSize, size and hidden must be positive but were " + inputSize
                    + ", " + size + ", " + hidden);
        }
        this.inputSize = inputSize;
        for (int k = 0; k < size; k++) {
            Member m = new Member(inputSize, hidden, rng.split());
            members.add(m);
            optimizers.add(new Adam(m.parameters(), learningRate));
        }
        shuffleRng = rng.split();
    }

    /** Features per step. */
    public int inputSize() {
        return inputSize;
    }

    /** The ensemble's members (for checkpoints and tests). */
    List<? extends Module> members() {
        return members;
    }

    List<Adam> optimizers() {
        return optimizers;
    }

    Rng shuffleRng() {
        return shuffleRng;
    }

    /**
     * {@code epochs} passes of every member over the comparisons, minibatches of {@code minibatchSize} pairs in each
     * member's own shuffled order; returns the mean loss over the last pass, averaged over members.
     */
    public double train(List<Comparison> data, int epochs, int minibatchSize) {
        if (data.isEmpty()) {
            return Double.NaN;
        }
        int n = data.size();
        int len = data.get(0).first().length();
        double lastLoss = 0;
        for (int k = 0; k < members.size(); k++) {
            Member m = members.get(k);
            Adam opt = optimizers.get(k);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            double sum = 0;
            int batches = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                shuffleRng.shuffle(order);
                sum = 0;
                batches = 0;
                for (int start = 0; start < n; start += minibatchSize) {
                    int b = Math.min(minibatchSize, n - start);
                    float[] x = new float[2 * b * len * inputSize];
                    float[] mu = new float[b];
                    for (int j = 0; j < b; j++) {
                        Comparison c = data.get(order[start + j]);
                        System.arraycopy(c.first().features(), 0, x, (2 * j) * len * inputSize, len * inputSize);
                        System.arraycopy(c.second().features(), 0, x, (2 * j + 1) * len * inputSize, len * inputSize);
                        mu[j] = c.mu();
                    }
                    // R^i = Σ_t r̂(s_t^i): per-step rewards [2b·len, 1] summed over each clip's steps
                    Tensor sums = m.net.forward(Tensor.of(x, 2 * b * len, inputSize)).reshape(b, 2, len)
                            .sum(2, false);
                    Tensor loss = BradleyTerry.loss(sums.slice(1, 0, 1).reshape(b), sums.slice(1, 1, 2).reshape(b), mu);
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    sum += loss.item();
                    batches++;
                }
            }
            lastLoss += sum / Math.max(1, batches);
        }
        return lastLoss / members.size();
    }

    /** Each member's raw reward for {@code rows} steps of features, {@code [member][row]}. */
    public float[][] memberRewards(float[] features, int rows) {
        float[][] out = new float[members.size()][];
        try (Tensor.Scope noGrad = Tensor.noGrad()) {
            Tensor x = Tensor.of(features, rows, inputSize);
            for (int k = 0; k < members.size(); k++) {
                out[k] = members.get(k).net.forward(x).toArray();
            }
        }
        return out;
    }

    /** The ensemble mean's raw (unnormalised) reward for {@code rows} steps of features. */
    public float[] rawRewards(float[] features, int rows) {
        float[][] each = memberRewards(features, rows);
        float[] mean = new float[rows];
        for (float[] r : each) {
            for (int i = 0; i < rows; i++) {
                mean[i] += r[i] / each.length;
            }
        }
        return mean;
    }

    /** The normalised reward the policy is trained on: (raw − shift) · scale. */
    public float[] rewards(float[] features, int rows) {
        float[] raw = rawRewards(features, rows);
        for (int i = 0; i < rows; i++) {
            raw[i] = (float) ((raw[i] - shift) * scale);
        }
        return raw;
    }

    /** The ensemble mean's predicted (raw) return of a clip. */
    public double predictedReturn(Segment s) {
        double sum = 0;
        for (float r : rawRewards(s.features(), s.length())) {
            sum += r;
        }
        return sum;
    }

    /**
     * Each member's P(first ≻ second); their variance is the disagreement that picks queries.
     */
    public double[] memberProbabilities(Segment first, Segment second) {
        float[][] a = memberRewards(first.features(), first.length());
        float[][] b = memberRewards(second.features(), second.length());
        double[] p = new double[members.size()];
        for (int k = 0; k < p.length; k++) {
            double ra = 0;
            double rb = 0;
            for (float v : a[k]) {
                ra += v;
            }
            for (float v : b[k]) {
                rb += v;
            }
            p[k] = BradleyTerry.probability(ra, rb);
        }
        return p;
    }

    /** The variance over members of P(first ≻ second). */
    public double disagreement(Segment first, Segment second) {
        double[] p = memberProbabilities(first, second);
        double mean = 0;
        for (double v : p) {
            mean += v;
        }
        mean /= p.length;
        double var = 0;
        for (double v : p) {
            var += (v - mean) * (v - mean);
        }
        return var / p.length;
    }

    /**
     * The fraction of strict comparisons (μ ≠ ½) in which the ensemble mean prefers the labelled clip; NaN without any.
     */
    public double accuracy(List<Comparison> data) {
        int n = 0;
        int right = 0;
        for (Comparison c : data) {
            if (c.mu() == 0.5f) {
                continue;
            }
            n++;
            boolean firstHigher = predictedReturn(c.first()) > predictedReturn(c.second());
            if (firstHigher == (c.mu() > 0.5f)) {
                right++;
            }
        }
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /**
     * Sets the normalisation from recent steps ({@code rows} steps of features): shift = the raw reward of the
     * absorbing state ({@code absorbing}, one step of features) on tasks that terminate, or the mean raw reward when
     * {@code absorbing} is null (tasks that never terminate, such as Pendulum, where the absorbing state is never
     * seen); scale = 1 / the root mean square of (raw − shift), so the reward the policy sees has unit size.
     */
    public void normalize(float[] features, int rows, float[] absorbing) {
        float[] raw = rawRewards(features, rows);
        if (absorbing != null) {
            shift = rawRewards(absorbing, 1)[0];
        } else {
            double mean = 0;
            for (float v : raw) {
                mean += v;
            }
            shift = mean / rows;
        }
        double ms = 0;
        for (float v : raw) {
            ms += (v - shift) * (v - shift);
        }
        scale = 1 / (Math.sqrt(ms / rows) + 1e-8);
    }

    double shift() {
        return shift;
    }

    double scale() {
        return scale;
    }

    void setNormalization(double shift, double scale) {
        this.shift = shift;
        this.scale = scale;
    }

}
