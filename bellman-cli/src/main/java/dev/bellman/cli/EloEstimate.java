package dev.bellman.cli;

/**
 * The Elo difference of player A over player B from a match's wins, draws and losses (A's view), with a 95% interval.
 *
 * <p>Method (the one cutechess-cli reports): the mean score {@code p = (W + D/2) / N} and its standard error from the
 * per-game scores (1, 1/2, 0), {@code se = sqrt(((W(1-p)^2 + D(1/2-p)^2 + L p^2) / N) / N)}; the interval is
 * {@code p ± 1.96 se}, and the estimate and both ends are mapped through the logistic Elo curve
 * {@code elo(p) = -400 log10(1/p - 1)}. A score of 0 or 1 (or an interval end beyond them) maps to an infinite
 * difference: the match then bounds the difference on one side only.
 *
 * @param elo the estimate ({@code ±Infinity} when every game was won or lost)
 * @param low the lower end of the 95% interval
 * @param high the upper end of the 95% interval
 * @param score the mean score p
 * @param scoreStdErr its standard error
 */
record EloEstimate(double elo, double low, double high, double score, double scoreStdErr) {
    /** The two-sided 95% quantile of the normal distribution. */
    static final double Z95 = 1.959963984540054;

    static EloEstimate of(int wins, int draws, int losses) {
        int n = wins + draws + losses;
        if (wins < 0 || draws < 0 || losses < 0 || n == 0) {
            throw new IllegalArgumentException("an Elo estimate needs at least one game and non-negative counts, got "
                    + wins + "/" + draws + "/" + losses);
        }
        double p = (wins + 0.5 * draws) / n;
        double var = (wins * sq(1 - p) + draws * sq(0.5 - p) + losses * sq(p)) / n;
        double se = Math.sqrt(var / n);
        return new EloEstimate(elo(p), elo(p - Z95 * se), elo(p + Z95 * se), p, se);
    }

    /** The Elo difference at which the stronger side's expected score is {@code p}; infinite at and beyond 0 and 1. */
    static double elo(double p) {
        if (p <= 0) return Double.NEGATIVE_INFINITY;
        if (p >= 1) return Double.POSITIVE_INFINITY;
        return -400 * Math.log10(1 / p - 1);
    }

    private static double sq(double x) {
        return x * x;
    }
}
