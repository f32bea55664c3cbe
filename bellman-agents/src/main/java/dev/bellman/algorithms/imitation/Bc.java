package dev.bellman.algorithms.imitation;

import dev.bellman.core.Evaluation;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.demos.Dataset;
import dev.bellman.distributions.Categorical;
import dev.bellman.distributions.DiagGaussian;
import dev.bellman.env.Env;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;

import java.util.List;

/**
 * Behavioural cloning: supervised learning of the expert's actions from its states (Pomerleau 1991, "Efficient
 * training of artificial neural networks for autonomous navigation"; the loss as in Ross &amp; Bagnell 2010, §2, and the
 * {@code imitation} library's {@code bc.BC}).
 *
 * <p>Loss per minibatch B of demonstrated pairs (s, a):
 * <pre>
 *   L(θ) = -1/|B| Σ log π_θ(a|s)  -  entCoef · 1/|B| Σ H(π_θ(·|s))  +  l2Coef · Σ_w ||w||²
 * </pre>
 * With {@code Discrete} actions π_θ is a categorical over the network's logits (the first term is the cross-entropy);
 * with {@code Box} actions a diagonal Gaussian with a state-independent log-std (the first term is the Gaussian
 * negative log-likelihood, whose minimiser in the mean is the least-squares fit). Symbols: {@code entCoef} =
 * {@code imitation}'s {@code ent_weight}, {@code l2Coef} = its {@code l2_weight}.
 *
 * <p>Implementation notes. Deviations from {@code imitation}'s BC:
 * <ol>
 *   <li>The network is a tanh MLP of two hidden layers (CleanRL/SB3 initialisation: orthogonal, gain √2, head 0.01)
 *       without the critic that {@code imitation}'s default policy carries but BC never trains.</li>
 *   <li>Training is counted in epochs over the demonstrations (reshuffled each epoch with the run's seed), not in
 *       gradient steps; the last minibatch of an epoch may be smaller.</li>
 *   <li>Adam with PyTorch's defaults except the learning rate; no gradient clipping.</li>
 * </ol>
 * Metrics per epoch (global step = epoch): {@code losses/bc_loss}, {@code losses/neglogp}, {@code losses/entropy},
 * {@code losses/l2_norm}, for Discrete actions {@code charts/accuracy} (greedy action = demonstrated action,
 * over the epoch's minibatches before their update), and with an evaluation env {@code charts/greedy_return}.
 */
public final class Bc {
    private Bc() {}

    /**
     * Hyperparameters.
     *
     * @param epochs passes over the demonstrations
     * @param batchSize pairs per minibatch
     * @param learningRate Adam's step size
     * @param entCoef the entropy bonus coefficient
     * @param l2Coef the coefficient of the squared L2 norm of the weights
     * @param hiddenSize width of the two hidden layers
     * @param seed seed of network initialisation and shuffles
     */
    public record Config(int epochs, int batchSize, double learningRate, double entCoef, double l2Coef, int hiddenSize,
                         long seed) {
        public Config {
            if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive but was " + epochs);
            if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive but was " + batchSize);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (!(entCoef >= 0)) throw new IllegalArgumentException("entCoef must be >= 0 but was " + entCoef);
            if (!(l2Coef >= 0)) throw new IllegalArgumentException("l2Coef must be >= 0 but was " + l2Coef);
            if (hiddenSize <= 0) throw new IllegalArgumentException("hiddenSize must be positive but was " + hiddenSize);
        }

        /** {@code imitation}'s defaults where it has them (batch 32, Adam 1e-3, ent 1e-3, l2 0); 64x64 MLP, 20 epochs. */
        public static Config defaults() {
            return new Config(20, 32, 1e-3, 1e-3, 0.0, 64, 1);
        }
    }

    /** Trains a fresh policy on every step of {@code demos}. */
    public static Policy train(Dataset demos, Config c, MetricsSink sink) {
        return train(demos, c, sink, null, 0);
    }

    /**
     * As {@link #train(Dataset, Config, MetricsSink)}, and after each epoch evaluates the policy greedily for
     * {@code evalEpisodes} episodes on {@code evalEnv} (seeds from {@code c.seed() + 7777 + epoch}), recorded as
     * {@code charts/greedy_return} at global step = epoch; no evaluation when {@code evalEnv} is null or
     * {@code evalEpisodes} is 0. The evaluations draw nothing from the training's generator.
     */
    public static Policy train(Dataset demos, Config c, MetricsSink sink, Env<?, ?> evalEnv, int evalEpisodes) {
        if (evalEpisodes < 0) throw new IllegalArgumentException("evalEpisodes must be >= 0 but was " + evalEpisodes);
        if (demos.totalSteps() == 0) {
            throw new IllegalArgumentException("the dataset " + demos.datasetId() + " has no steps to clone");
        }
        Rng rng = new Rng(c.seed());
        ImitationPolicy policy = ImitationPolicy.create(demos.observationSpace(), demos.actionSpace(),
                new int[] {c.hiddenSize(), c.hiddenSize()}, rng, "bc");
        Adam optimizer = new Adam(policy.net.parameters(), c.learningRate());
        Samples data = Samples.of(demos, policy);
        FiniteGuard guard = FiniteGuard.forLearningRate("bc", c.learningRate());
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            Epoch m = epoch(policy, optimizer, data, c, rng, guard, epoch);
            m.log(sink, epoch, policy.discrete());
            if (evalEnv != null && evalEpisodes > 0) {
                sink.record(epoch, "charts/greedy_return",
                        Evaluation.evaluate(evalEnv, policy, evalEpisodes, c.seed() + 7_777 + epoch).mean());
            }
        }
        return policy;
    }

    /** One epoch's averaged metrics. */
    record Epoch(double loss, double neglogp, double entropy, double l2, double accuracy) {
        void log(MetricsSink sink, long step, boolean discrete) {
            sink.record(step, "losses/bc_loss", loss);
            sink.record(step, "losses/neglogp", neglogp);
            sink.record(step, "losses/entropy", entropy);
            sink.record(step, "losses/l2_norm", l2);
            if (discrete) sink.record(step, "charts/accuracy", accuracy);
        }
    }

    /**
     * One pass over {@code data} in a random order drawn from {@code rng}: the loss of the class Javadoc per minibatch,
     * one Adam step each. Shared with {@link Dagger}, which trains the same loss on its growing dataset.
     */
    static Epoch epoch(ImitationPolicy policy, Adam optimizer, Samples data, Config c, Rng rng, FiniteGuard guard,
                       long step) {
        int n = data.size;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates with the run's generator
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Tensor> params = policy.net.parameters();
        double sLoss = 0, sNll = 0, sEnt = 0, sL2 = 0;
        long correct = 0;
        int batches = 0;
        int d = data.obsSize, k = data.actionSize;
        for (int start = 0; start < n; start += c.batchSize()) {
            int b = Math.min(c.batchSize(), n - start);
            float[] x = new float[b * d];
            for (int i = 0; i < b; i++) System.arraycopy(data.features, order[start + i] * d, x, i * d, d);
            Tensor out = policy.net.head(Tensor.of(x, b, d));
            Tensor logProb, entropy;
            if (data.discrete) {
                int[] a = new int[b];
                for (int i = 0; i < b; i++) a[i] = data.discreteActions[order[start + i]];
                Categorical pi = new Categorical(out);
                int[] mode = pi.mode();
                for (int i = 0; i < b; i++) if (mode[i] == a[i]) correct++;
                logProb = pi.logProb(a);
                entropy = pi.entropy();
            } else {
                float[] a = new float[b * k];
                for (int i = 0; i < b; i++) System.arraycopy(data.continuousActions, order[start + i] * k, a, i * k, k);
                DiagGaussian pi = new DiagGaussian(out, policy.net.logStd);
                logProb = pi.logProb(Tensor.of(a, b, k));
                entropy = pi.entropy();
            }
            // BC loss (Pomerleau 1991; imitation's bc.BC): -mean log pi(a|s) - entCoef * mean H + l2Coef * sum ||w||^2
            Tensor neglogp = logProb.mean().neg();
            Tensor ent = entropy.mean();
            Tensor l2 = null;
            for (Tensor p : params) l2 = l2 == null ? p.square().sum() : l2.add(p.square().sum());
            Tensor loss = neglogp.sub(ent.mul((float) c.entCoef())).add(l2.mul((float) c.l2Coef()));
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            guard.update(step, "bc_loss", loss.item(), policy.net);
            sLoss += loss.item();
            sNll += neglogp.item();
            sEnt += ent.item();
            sL2 += l2.item();
            batches++;
        }
        return new Epoch(sLoss / batches, sNll / batches, sEnt / batches, sL2 / batches, (double) correct / n);
    }
}
