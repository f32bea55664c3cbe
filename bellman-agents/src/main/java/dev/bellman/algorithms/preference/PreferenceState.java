package dev.bellman.algorithms.preference;

import dev.bellman.core.TrainingState;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint parts that {@link PreferencePpo} and {@link PreferenceSac} share: the labelled comparisons, the
 * reward model (members, their Adam moments, its shuffling generator and normalisation), the synthetic labeller's
 * generator, and the query bookkeeping. A page labeller keeps its state in its directory's files, which a resumed
 * run reads again (the queries after the checkpoint are asked again with the same ids and clips, so answers already
 * given to them are found and reused).
 */
final class PreferenceState {
    private PreferenceState() {
    }

    /** Writes {@code data}: counts and shapes, then every clip's arrays concatenated, then the labels. */
    static void putComparisons(TrainingState.Writer w, List<Comparison> data) {
        int n = data.size();
        int len = n == 0 ? 0 : data.get(0).first().length();
        int input = n == 0 ? 0 : data.get(0).first().inputSize();
        int obs = n == 0 ? 0 : data.get(0).first().observationSize();
        float[] features = new float[2 * n * len * input];
        float[] observations = new float[2 * n * len * obs];
        int[] alive = new int[2 * n];
        double[] trueReturn = new double[2 * n];
        float[] mu = new float[n];
        for (int c = 0; c < n; c++) {
            Segment[] pair = {data.get(c).first(), data.get(c).second()};
            for (int j = 0; j < 2; j++) {
                int k = 2 * c + j;
                System.arraycopy(pair[j].features(), 0, features, k * len * input, len * input);
                System.arraycopy(pair[j].observations(), 0, observations, k * len * obs, len * obs);
                alive[k] = pair[j].aliveSteps();
                trueReturn[k] = pair[j].trueReturn();
            }
            mu[c] = data.get(c).mu();
        }
        w.put("comparisons.shape", new long[] {n, len, input, obs}).put("comparisons.features", features)
                .put("comparisons.observations", observations).put("comparisons.alive", alive)
                .put("comparisons.true_return", trueReturn).put("comparisons.mu", mu);
    }

    /** The comparisons written by {@link #putComparisons}. */
    static List<Comparison> comparisons(TrainingState.Reader r) {
        long[] shape = r.longs("comparisons.shape");
        int n = (int) shape[0];
        int len = (int) shape[1];
        int input = (int) shape[2];
        int obs = (int) shape[3];
        float[] features = r.floats("comparisons.features");
        float[] observations = r.floats("comparisons.observations");
        int[] alive = r.ints("comparisons.alive");
        double[] trueReturn = r.doubles("comparisons.true_return");
        float[] mu = r.floats("comparisons.mu");
        List<Comparison> out = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            Segment[] pair = new Segment[2];
            for (int j = 0; j < 2; j++) {
                int k = 2 * c + j;
                float[] f = new float[len * input];
                float[] o = new float[len * obs];
                System.arraycopy(features, k * len * input, f, 0, f.length);
                System.arraycopy(observations, k * len * obs, o, 0, o.length);
                pair[j] = new Segment(f, len, input, o, alive[k], trueReturn[k]);
            }
            out.add(new Comparison(pair[0], pair[1], mu[c]));
        }
        return out;
    }

    /** Writes the reward model: each member and its optimizer, the shuffling generator, the normalisation. */
    static void putRewardModel(TrainingState.Writer w, RewardModel model) {
        for (int k = 0; k < model.members().size(); k++) {
            w.putModule("reward." + k + ".", model.members().get(k));
            w.putOptimizer("reward_optimizer." + k, model.optimizers().get(k));
        }
        w.putRng("reward_shuffle_rng", model.shuffleRng());
        w.putDouble("reward_shift", model.shift()).putDouble("reward_scale", model.scale());
    }

    /** Restores what {@link #putRewardModel} wrote into a model built as for a fresh run. */
    static void loadRewardModel(TrainingState.Reader r, RewardModel model) {
        for (int k = 0; k < model.members().size(); k++) {
            r.loadModule("reward." + k + ".", model.members().get(k));
            r.loadOptimizer("reward_optimizer." + k, model.optimizers().get(k));
        }
        r.loadRng("reward_shuffle_rng", model.shuffleRng());
        model.setNormalization(r.getDouble("reward_shift"), r.getDouble("reward_scale"));
    }

    /** Writes the synthetic labeller's generator (a page labeller's answers are files, nothing to write). */
    static void putLabeller(TrainingState.Writer w, Labeller labeller) {
        if (labeller instanceof SyntheticLabeller s) {
            w.putRng("labeller_rng", s.rng());
        }
    }

    /** Restores the synthetic labeller's generator. */
    static void loadLabeller(TrainingState.Reader r, Labeller labeller) {
        if (labeller instanceof SyntheticLabeller s) {
            r.loadRng("labeller_rng", s.rng());
        }
    }

    /** The query loop's counters and last reward-model figures. */
    static void putQueries(TrainingState.Writer w, int labelsAsked, long nextQueryId, double rewardLoss,
            double rewardAccuracy) {
        w.putLong("labels_asked", labelsAsked).putLong("next_query_id", nextQueryId)
                .putDouble("reward_loss", rewardLoss).putDouble("reward_accuracy", rewardAccuracy);
    }
}
