package dev.bellman.algorithms.tabular;

/**
 * Called by the TD learners at the end of every training episode (a plug-in point for a metrics sink or a CLI
 * progress line; CleanRL logs the same figures as {@code charts/episodic_return}, {@code charts/episodic_length}
 * and {@code charts/epsilon}).
 */
@FunctionalInterface
public interface EpisodeListener {
    /** Does nothing. */
    EpisodeListener NONE = (timestep, episode, episodicReturn, episodicLength, epsilon) -> {};

    /**
     * @param timestep environment steps taken so far (including this episode's)
     * @param episode index of the episode that ended, from 0
     * @param episodicReturn its undiscounted return
     * @param episodicLength its number of steps
     * @param epsilon the exploration probability at its last step
     */
    void onEpisode(long timestep, int episode, double episodicReturn, int episodicLength, double epsilon);
}
