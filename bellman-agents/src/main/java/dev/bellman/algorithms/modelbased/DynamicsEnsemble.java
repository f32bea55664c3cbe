package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A learned dynamics model s' = s + Δ(s, a): an ensemble of {@code ensembleSize} MLPs, each deterministic (a point
 * prediction of Δ, trained by mean squared error) or probabilistic (a diagonal Gaussian over Δ, trained by its
 * negative log-likelihood), as in Chua et al. 2018, "Deep Reinforcement Learning in a Handful of Trials using
 * Probabilistic Dynamics Models" (PETS): the D, DE, P and PE models of its §4 are {@code (1, false)},
 * {@code (E, false)}, {@code (1, true)} and {@code (E, true)}.
 *
 * <p>Equations (per member b, inputs and targets normalised):
 * <pre>
 *   x = ((s, a) − μ_in) / σ_in,     y = (s' − s − μ_Δ) / σ_Δ                     (normalisation, PETS' code)
 *   μ_b(x), ℓ_raw(x) = MLP_b(x)                                                 (swish hidden layers)
 *   ℓ = ℓ_max − softplus(ℓ_max − ℓ_raw),  ℓ = ℓ_min + softplus(ℓ − ℓ_min)      (bounded log-variance, App. A.1)
 *   loss_P = mean[(μ_b − y)² e^{−ℓ} + ℓ] + 0.01 (Σ ℓ_max − Σ ℓ_min)            (Gaussian NLL up to constants)
 *   loss_D = mean[(μ_b − y)²]
 * </pre>
 * ℓ_max and ℓ_min are learned per member and output dimension (initial 0.5 and −10, as PETS). Each member trains on
 * its own bootstrap resample of the data (drawn once per {@link #fit}), all members in one Adam step per minibatch.
 *
 * <p>Symbols: {@code maxLogVar} = ℓ_max, {@code minLogVar} = ℓ_min, {@code inMean/inStd} = μ_in/σ_in,
 * {@code outMean/outStd} = μ_Δ/σ_Δ.
 *
 * <p>Deviations from PETS: no per-layer weight decay and no held-out early stopping (a fixed number of epochs per
 * fit); the normalisation statistics are recomputed over all data at every fit (PETS does the same for the inputs).
 * A standard deviation below 1e-6 is replaced by 1.
 */
public final class DynamicsEnsemble extends Module {

    /**
     * @param ensembleSize  members E (1: a single model)
     * @param hidden        hidden layer sizes of each member
     * @param probabilistic Gaussian outputs and NLL (true) or point outputs and MSE (false)
     * @param learningRate  Adam step size
     * @param batchSize     minibatch size of each member
     */
    public record Config(int ensembleSize, int[] hidden, boolean probabilistic, double learningRate, int batchSize) {
        public Config {
            if (ensembleSize < 1) throw new IllegalArgumentException("ensembleSize must be at least 1 but was " + ensembleSize);
            if (hidden == null || hidden.length == 0) throw new IllegalArgumentException("hidden must list at least one layer size");
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden sizes must be positive but were " + Arrays.toString(hidden));
            hidden = hidden.clone();
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }
    }

    /** One member: an MLP to (mean, raw log-variance) or to the mean alone. */
    static final class Member extends Module {
        private final List<Linear> layers = new ArrayList<>();
        final Tensor maxLogVar, minLogVar;
        private final int outDim;
        private final boolean probabilistic;

        Member(int inDim, int outDim, int[] hidden, boolean probabilistic, Rng rng) {
            this.outDim = outDim;
            this.probabilistic = probabilistic;
            int in = inDim;
            for (int i = 0; i < hidden.length; i++) {
                layers.add(registerModule("fc" + (i + 1), new Linear(in, hidden[i], rng)));
                in = hidden[i];
            }
            layers.add(registerModule("fc" + (hidden.length + 1), new Linear(in, probabilistic ? 2 * outDim : outDim, rng)));
            float[] hi = new float[outDim], lo = new float[outDim];
            Arrays.fill(hi, 0.5f);
            Arrays.fill(lo, -10f);
            maxLogVar = registerParameter("max_logvar", Tensor.parameter(hi, outDim));
            minLogVar = registerParameter("min_logvar", Tensor.parameter(lo, outDim));
        }

        /** {mean, bounded log-variance} (normalised units); the log-variance is null for a deterministic member. */
        Tensor[] predict(Tensor x) {
            Tensor h = x;
            for (int i = 0; i < layers.size(); i++) {
                h = layers.get(i).forward(h);
                if (i + 1 < layers.size()) h = h.mul(h.sigmoid()); // swish (PETS)
            }
            if (!probabilistic) return new Tensor[] {h, null};
            Tensor mean = h.slice(1, 0, outDim);
            Tensor raw = h.slice(1, outDim, 2 * outDim);
            Tensor logVar = maxLogVar.sub(maxLogVar.sub(raw).softplus());
            logVar = minLogVar.add(logVar.sub(minLogVar).softplus());
            return new Tensor[] {mean, logVar};
        }
    }

    private final Config config;
    private final int obsDim, actDim;
    private final List<Member> members = new ArrayList<>();
    private final Tensor inMean, inStd, outMean, outStd;
    private final Adam optimizer;

    public DynamicsEnsemble(int obsDim, int actDim, Config config, Rng rng) {
        if (obsDim <= 0 || actDim <= 0) {
            throw new IllegalArgumentException("obsDim and actDim must be positive but were " + obsDim + ", " + actDim);
        }
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        for (int b = 0; b < config.ensembleSize(); b++) {
            members.add(registerModule("member" + b, new Member(obsDim + actDim, obsDim, config.hidden(), config.probabilistic(), rng)));
        }
        inMean = registerBuffer("in_mean", Tensor.zeros(obsDim + actDim));
        inStd = registerBuffer("in_std", Tensor.full(1f, obsDim + actDim));
        outMean = registerBuffer("out_mean", Tensor.zeros(obsDim));
        outStd = registerBuffer("out_std", Tensor.full(1f, obsDim));
        optimizer = new Adam(parameters(), config.learningRate());
    }

    public Config config() { return config; }

    public int obsDim() { return obsDim; }

    public int actDim() { return actDim; }

    public int ensembleSize() { return members.size(); }

    /** The Adam optimiser of all members (for checkpoints). */
    public Adam optimizer() { return optimizer; }

    /**
     * Fits on {@code data} for {@code epochs} passes over each member's bootstrap resample, minibatches of
     * {@code batchSize}; refreshes the normalisation statistics first.
     *
     * @return the mean training loss (summed over members) of the last epoch
     */
    public double fit(TransitionData data, int epochs, Rng rng) {
        int n = data.size();
        if (n == 0) throw new IllegalArgumentException("cannot fit a dynamics model on no transitions");
        computeStatistics(data);
        int e = members.size(), bs = Math.min(config.batchSize(), n);
        int[][] idx = new int[e][n];
        for (int b = 0; b < e; b++) for (int i = 0; i < n; i++) idx[b][i] = e == 1 ? i : rng.nextInt(n); // bootstrap
        int in = obsDim + actDim;
        float[] x = new float[bs * in], y = new float[bs * obsDim];
        double last = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int[] id : idx) rng.shuffle(id);
            double sum = 0;
            int batches = 0;
            for (int start = 0; start + bs <= n; start += bs) {
                Tensor loss = null;
                for (int b = 0; b < e; b++) {
                    for (int k = 0; k < bs; k++) {
                        int i = idx[b][start + k];
                        normaliseInput(data.obs(), i * obsDim, data.act(), i * actDim, x, k * in);
                        for (int d = 0; d < obsDim; d++) {
                            float delta = data.nextObs()[i * obsDim + d] - data.obs()[i * obsDim + d];
                            y[k * obsDim + d] = (delta - outMean.data()[d]) / outStd.data()[d];
                        }
                    }
                    Tensor lb = memberLoss(members.get(b), Tensor.of(x.clone(), bs, in), Tensor.of(y.clone(), bs, obsDim));
                    loss = loss == null ? lb : loss.add(lb);
                }
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                sum += loss.item();
                batches++;
            }
            last = sum / batches;
        }
        return last;
    }

    private Tensor memberLoss(Member m, Tensor x, Tensor y) {
        Tensor[] p = m.predict(x);
        Tensor err = p[0].sub(y).square();
        if (!config.probabilistic()) return err.mean();
        Tensor nll = err.mul(p[1].neg().exp()).add(p[1]).mean();
        return nll.add(m.maxLogVar.sum().sub(m.minLogVar.sum()).mul(0.01f));
    }

    private void computeStatistics(TransitionData data) {
        int n = data.size(), in = obsDim + actDim;
        double[] mi = new double[in], si = new double[in], mo = new double[obsDim], so = new double[obsDim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < in; d++) {
                double v = d < obsDim ? data.obs()[i * obsDim + d] : data.act()[i * actDim + d - obsDim];
                mi[d] += v;
                si[d] += v * v;
            }
            for (int d = 0; d < obsDim; d++) {
                double v = data.nextObs()[i * obsDim + d] - data.obs()[i * obsDim + d];
                mo[d] += v;
                so[d] += v * v;
            }
        }
        for (int d = 0; d < in; d++) {
            double m = mi[d] / n, s = Math.sqrt(Math.max(0, si[d] / n - m * m));
            inMean.data()[d] = (float) m;
            inStd.data()[d] = s < 1e-6 ? 1f : (float) s;
        }
        for (int d = 0; d < obsDim; d++) {
            double m = mo[d] / n, s = Math.sqrt(Math.max(0, so[d] / n - m * m));
            outMean.data()[d] = (float) m;
            outStd.data()[d] = s < 1e-6 ? 1f : (float) s;
        }
    }

    private void normaliseInput(float[] obs, int oo, float[] act, int ao, float[] x, int xo) {
        float[] m = inMean.data(), s = inStd.data();
        for (int d = 0; d < obsDim; d++) x[xo + d] = (obs[oo + d] - m[d]) / s[d];
        for (int d = 0; d < actDim; d++) x[xo + obsDim + d] = (act[ao + d] - m[obsDim + d]) / s[obsDim + d];
    }


    /**
     * Predicts s' for {@code n} rows (no tape): row i uses member {@code member[i]} and, when {@code rng} is not null
     * and the model is probabilistic, samples Δ from its Gaussian; otherwise takes its mean.
     *
     * @param obs    {@code n × obsDim} observations
     * @param act    {@code n × actDim} actions
     * @param member the member of each row, in [0, ensembleSize)
     * @param out    receives {@code n × obsDim} next observations
     */
    public void predict(float[] obs, float[] act, int n, int[] member, Rng rng, float[] out) {
        int in = obsDim + actDim;
        int[] rows = new int[n];
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            for (int b = 0; b < members.size(); b++) {
                int k = 0;
                for (int i = 0; i < n; i++) if (member[i] == b) rows[k++] = i;
                if (k == 0) continue;
                float[] x = new float[k * in];
                for (int r = 0; r < k; r++) normaliseInput(obs, rows[r] * obsDim, act, rows[r] * actDim, x, r * in);
                Tensor[] p = members.get(b).predict(Tensor.of(x, k, in));
                float[] mean = p[0].toArray();
                float[] logVar = p[1] == null ? null : p[1].toArray();
                for (int r = 0; r < k; r++) {
                    int i = rows[r];
                    for (int d = 0; d < obsDim; d++) {
                        double z = mean[r * obsDim + d];
                        if (rng != null && logVar != null) z += Math.exp(0.5 * logVar[r * obsDim + d]) * rng.nextGaussian();
                        out[i * obsDim + d] = obs[i * obsDim + d] + (float) (z * outStd.data()[d] + outMean.data()[d]);
                    }
                }
            }
        }
    }

    /**
     * The mean prediction of member {@code b} on the tape, for planning by gradient: s' = s + μ_b·σ_Δ + μ_Δ for a
     * batch {@code obs [N, obsDim]}, {@code act [N, actDim]}.
     */
    public Tensor meanNext(int b, Tensor obs, Tensor act) {
        Tensor x = Tensor.concat(1, obs, act).sub(inMean).div(inStd);
        Tensor mu = members.get(b).predict(x)[0];
        return obs.add(mu.mul(outStd).add(outMean));
    }
}
