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

    TdResult result(QTable q, long timesteps) {
        return new TdResult(q, Arrays.copyOf(returns, count), Arrays.copyOf(lengths, count), timesteps);
    }
}
