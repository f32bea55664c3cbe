package dev.bellman.algorithms.tabular;

import java.util.Arrays;

/** Accumulates the online return and length of each training episode. */
final class EpisodeLog {
    private double[] returns = new double[64];
    private int[] lengths = new int[64];
    private int count;
    private double currentReturn;
    private int currentLength;

    void step(double reward) {
        currentReturn += reward;
        currentLength++;
    }

    private final EpisodeListener listener;

    EpisodeLog(EpisodeListener listener) {
        this.listener = listener == null ? EpisodeListener.NONE : listener;
    }

    void endEpisode(long timestep, double epsilon) {
        if (count == returns.length) {
            returns = Arrays.copyOf(returns, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        returns[count] = currentReturn;
        lengths[count] = currentLength;
        count++;
        listener.onEpisode(timestep, count - 1, currentReturn, currentLength, epsilon);
        currentReturn = 0;
        currentLength = 0;
    }

    /** The learner's state at step {@code t}, for a checkpoint. */
    TdState state(long t, QTable q, long[] rng, int s, int a) {
        return new TdState(t, q.copy(), rng, s, a, Arrays.copyOf(returns, count), Arrays.copyOf(lengths, count),
                currentReturn, currentLength);
    }

    /** Continues from a checkpoint's episodes. */
    void restore(TdState from) {
        count = from.episodes();
        returns = Arrays.copyOf(from.episodeReturns(), Math.max(64, count * 2));
        lengths = Arrays.copyOf(from.episodeLengths(), Math.max(64, count * 2));
        currentReturn = from.currentReturn();
        currentLength = from.currentLength();
    }

    TdResult result(QTable q, long timesteps) {
        return new TdResult(q, Arrays.copyOf(returns, count), Arrays.copyOf(lengths, count), timesteps);
    }
}
