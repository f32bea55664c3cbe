package dev.bellman.core.demos;

/**
 * Summary statistics of a {@link Dataset}: what {@code bellman dataset info} prints.
 *
 * @param episodes number of episodes
 * @param steps total steps (actions) over all episodes
 * @param returnMean mean undiscounted episode return (NaN without episodes)
 * @param returnStd population standard deviation of the returns (as NumPy's {@code std})
 * @param returnMin smallest return
 * @param returnMax largest return
 * @param lengthMean mean episode length in steps
 * @param terminated episodes that ended by termination
 * @param truncated episodes that ended by truncation (and not termination)
 */
public record DatasetStats(int episodes, long steps, double returnMean, double returnStd, double returnMin,
                           double returnMax, double lengthMean, int terminated, int truncated) {

    /** The statistics of {@code dataset}'s episodes. */
    public static DatasetStats of(Iterable<Episode> episodes) {
        int n = 0;
        long steps = 0;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int term = 0, trunc = 0;
        for (Episode e : episodes) {
            double r = e.episodeReturn();
            n++;
            steps += e.steps();
            sum += r;
            min = Math.min(min, r);
            max = Math.max(max, r);
            int last = e.steps() - 1;
            if (last >= 0 && e.terminated(last)) term++;
            else if (last >= 0 && e.truncated(last)) trunc++;
        }
        if (n == 0) return new DatasetStats(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
        double mean = sum / n;
        double ss = 0;
        for (Episode e : episodes) {
            double d = e.episodeReturn() - mean;
            ss += d * d;
        }
        return new DatasetStats(n, steps, mean, Math.sqrt(ss / n), min, max, (double) steps / n, term, trunc);
    }
}
