package dev.bellman.algorithms.preference;

import dev.bellman.nn.Rng;
import java.util.List;

/**
 * A simulated person who prefers the clip with the higher true return, optionally noisy.
 *
 * <p>For each query, in order: with probability {@code equalRate} the answer is "equal" (too close to call);
 * otherwise clips whose true returns differ by at most {@code equalMargin} are equal; otherwise the first clip is
 * preferred with probability sigmoid(β (R¹ − R²)) when {@code beta > 0} (Boltzmann-rational), or exactly when its
 * return is higher when {@code beta = 0}; finally the answer is flipped with probability {@code flipProbability}.
 * Every draw comes from the generator handed in, so the answers are a function of the run's seed.
 *
 * @param beta Boltzmann rationality β (0 = perfectly rational)
 * @param flipProbability probability of answering the opposite of the decided preference
 * @param equalRate probability of answering "equal" whatever the clips
 * @param equalMargin returns closer than this are equal
 */
public record SyntheticLabeller(double beta, double flipProbability, double equalRate, double equalMargin, Rng rng)
        implements Labeller {
    public SyntheticLabeller {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("beta must be non-negative but was " + beta);
        }
        unit("flipProbability", flipProbability);
        unit("equalRate", equalRate);
        if (!(equalMargin >= 0)) {
            throw new IllegalArgumentException("equalMargin must be non-negative but was " + equalMargin);
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
    }

    /** A perfectly rational labeller: prefers the higher true return, equal on equal returns. */
    public static SyntheticLabeller rational(Rng rng) {
        return new SyntheticLabeller(0, 0, 0, 0, rng);
    }

    @Override
    public float[] label(List<Query> queries) {
        float[] out = new float[queries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(queries.get(i).first().trueReturn(), queries.get(i).second().trueReturn());
        }
        return out;
    }

    /** One answer for clips of true returns {@code r1}, {@code r2}. */
    float label(double r1, double r2) {
        // the draws are made in a fixed order whatever the branch, so that one query's answer never shifts another's
        double uEqual = rng.nextDouble();
        double uChoice = rng.nextDouble();
        double uFlip = rng.nextDouble();
        if (uEqual < equalRate || Math.abs(r1 - r2) <= equalMargin) {
            return 0.5f;
        }
        boolean first = beta > 0 ? uChoice < BradleyTerry.probability(beta * r1, beta * r2) : r1 > r2;
        if (uFlip < flipProbability) {
            first = !first;
        }
        return first ? 1f : 0f;
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + v);
        }
    }
}
