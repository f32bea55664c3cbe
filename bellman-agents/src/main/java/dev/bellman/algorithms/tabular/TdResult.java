package dev.bellman.algorithms.tabular;

/**
 * What a tabular TD learner returns.
 *
 * @param q the learned action values
 * @param episodeReturns the undiscounted return of every episode completed during training (online, with
 *     exploration; Sutton and Barto's figure 6.4 plots these)
 * @param episodeLengths the length of each of those episodes
 * @param timesteps environment steps taken
 */
public record TdResult(QTable q, double[] episodeReturns, int[] episodeLengths, long timesteps) {
    /** Number of completed episodes. */
    public int episodes() {
        return episodeReturns.length;
    }

    /** Mean online return of the last {@code n} completed episodes (all of them when fewer); NaN when none. */
    public double meanReturnOfLast(int n) {
        int from = Math.max(0, episodeReturns.length - n);
        if (from == episodeReturns.length) return Double.NaN;
        double sum = 0;
        for (int i = from; i < episodeReturns.length; i++) sum += episodeReturns[i];
        return sum / (episodeReturns.length - from);
    }
}
