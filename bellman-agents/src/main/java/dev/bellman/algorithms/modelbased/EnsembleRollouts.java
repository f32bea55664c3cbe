package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;

/**
 * Trajectory sampling through a {@link DynamicsEnsemble} (Chua et al. 2018, §4.2): each candidate action sequence is
 * rolled out by {@code particles} particles, each next state sampled from the Gaussian of one member, and the
 * candidate's return is the particles' mean, with the reward and termination of the known {@link TaskFunctions}.
 * <ul>
 *   <li>{@link Propagation#TS1}: every particle draws a new member uniformly at every step;</li>
 *   <li>{@link Propagation#TS_INF}: every particle keeps one member for the whole horizon (particle p of every
 *       candidate uses member {@code (p + offset) mod E}, the offset drawn once per call: a bootstrap per particle);</li>
 *   <li>{@link Propagation#MEAN}: one particle per member through the members' means (no sampling; the DE and D
 *       models' propagation).</li>
 * </ul>
 */
public final class EnsembleRollouts implements RolloutModel {

    /** How particles move through the ensemble. */
    public enum Propagation { TS1, TS_INF, MEAN }

    private final DynamicsEnsemble model;
    private final TaskFunctions task;
    private final int particles;
    private final Propagation propagation;

    public EnsembleRollouts(DynamicsEnsemble model, TaskFunctions task, int particles, Propagation propagation) {
        if (particles < 1) throw new IllegalArgumentException("particles must be at least 1 but was " + particles);
        if (task == null) throw new IllegalArgumentException("task functions must not be null");
        this.model = model;
        this.task = task;
        this.particles = particles;
        this.propagation = propagation;
    }

    @Override
    public int obsDim() { return model.obsDim(); }

    @Override
    public int actDim() { return model.actDim(); }

    @Override
    public void returns(float[] obs, float[] actions, int n, int horizon, Rng rng, double[] returns) {
        int od = model.obsDim(), ad = model.actDim(), e = model.ensembleSize(), rows = n * particles;
        float[] s = new float[rows * od], s2 = new float[rows * od], a = new float[rows * ad];
        for (int r = 0; r < rows; r++) System.arraycopy(obs, 0, s, r * od, od);
        int[] member = new int[rows];
        int offset = rng.nextInt(e);
        for (int r = 0; r < rows; r++) member[r] = (r % particles + offset) % e;
        boolean[] done = new boolean[rows];
        double[] ret = new double[rows];
        Rng sampling = propagation == Propagation.MEAN ? null : rng;
        for (int t = 0; t < horizon; t++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(actions, ((r / particles) * horizon + t) * ad, a, r * ad, ad);
                if (propagation == Propagation.TS1) member[r] = rng.nextInt(e);
            }
            model.predict(s, a, rows, member, sampling, s2);
            for (int r = 0; r < rows; r++) {
                if (done[r]) continue;
                ret[r] += task.reward(s, r * od, a, r * ad, s2, r * od);
                done[r] = task.terminated(s2, r * od);
            }
            float[] tmp = s;
            s = s2;
            s2 = tmp;
        }
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int p = 0; p < particles; p++) {
                double v = ret[i * particles + p];
                sum += Double.isFinite(v) ? v : -1e9; // a diverging particle counts as a very bad outcome
            }
            returns[i] = sum / particles;
        }
    }
}
