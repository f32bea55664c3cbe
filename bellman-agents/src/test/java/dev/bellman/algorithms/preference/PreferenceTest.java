package dev.bellman.algorithms.preference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.Algorithms;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.HasState;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferenceTest {

    // d = ln 3: P = 3 / (3 + 1) = 0.75. μ = 1: loss = −ln 0.75, ∂/∂d = 0.75 − 1. Tie μ = ½: loss = ½(−ln 0.75 − ln 0.25),
    // ∂/∂d = 0.75 − 0.5. μ = 0: loss = −ln 0.25, ∂/∂d = 0.75.
    @Test
    void bradleyTerry_handComputedLossAndGradient() {
        double d = Math.log(3);
        assertEquals(0.75, BradleyTerry.probability(d + 2, 2), 1e-12);
        assertEquals(-Math.log(0.75), BradleyTerry.loss(d, 0, 1), 1e-12);
        assertEquals(0.2876820724517809, BradleyTerry.loss(d, 0, 1), 1e-12);
        assertEquals(-0.25, BradleyTerry.gradient(d, 0, 1), 1e-12);
        assertEquals(0.5 * (Math.log(4) + Math.log(4.0 / 3)), BradleyTerry.loss(d, 0, 0.5), 1e-12);
        assertEquals(0.25, BradleyTerry.gradient(d, 0, 0.5), 1e-12);
        assertEquals(Math.log(4), BradleyTerry.loss(d, 0, 0), 1e-12);
        assertEquals(0.75, BradleyTerry.gradient(d, 0, 0), 1e-12);

        // the taped loss: mean over the three cases, gradient (σ(d) − μ) / 3 on R¹ and its negative on R²
        Tensor first = Tensor.parameter(new float[] {(float) d, (float) d, (float) d}, 3);
        Tensor second = Tensor.parameter(new float[] {0, 0, 0}, 3);
        Tensor loss = BradleyTerry.loss(first, second, new float[] {1, 0.5f, 0});
        double expected = (Math.log(4.0 / 3) + 0.5 * (Math.log(4) + Math.log(4.0 / 3)) + Math.log(4)) / 3;
        assertEquals(expected, loss.item(), 1e-6);
        loss.backward();
        assertArrayEquals(new float[] {-0.25f / 3, 0.25f / 3, 0.75f / 3}, first.gradTensor().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.25f / 3, -0.25f / 3, -0.75f / 3}, second.gradTensor().toArray(), 1e-6f);
    }

    @Test
    void syntheticLabeller_prefersHigherReturn_noiseAndTiesFromSeed() {
        Segment lo = segment(3);
        Segment hi = segment(7);
        List<Labeller.Query> q = List.of(new Labeller.Query(1, hi, lo), new Labeller.Query(2, lo, hi),
                new Labeller.Query(3, lo, lo));
        assertArrayEquals(new float[] {1, 0, 0.5f}, SyntheticLabeller.rational(new Rng(1)).label(q));
        assertArrayEquals(new float[] {0, 1, 0.5f}, new SyntheticLabeller(0, 1, 0, 0, new Rng(1)).label(q));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, new SyntheticLabeller(0, 0, 1, 0, new Rng(1)).label(q));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, new SyntheticLabeller(0, 0, 0, 4, new Rng(1)).label(q));
        List<Labeller.Query> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new Labeller.Query(i, hi, lo));
        }
        float[] a = new SyntheticLabeller(0.5, 0.1, 0.1, 0, new Rng(9)).label(many);
        assertArrayEquals(a, new SyntheticLabeller(0.5, 0.1, 0.1, 0, new Rng(9)).label(many));
        assertTrue(!Arrays.equals(a, new SyntheticLabeller(0.5, 0.1, 0.1, 0, new Rng(10)).label(many)));
        int first = 0;
        for (float v : a) {
            first += v == 1f ? 1 : 0;
        }
        // P(first) = 0.9 · [0.9 σ(2) + 0.1 (1 − σ(2))] ≈ 0.72
        assertTrue(first > 120 && first < 170, "first preferred " + first + " times of 200");
    }

    /** A reward model fitted to 300 synthetic comparisons ranks 60 unseen CartPole clips as their true returns. */
    @Test
    void rewardModel_onSyntheticPreferences_ranksHeldOutCartPoleClipsLikeTrueReturn() {
        List<Segment> train = cartPoleClips(11, 200);
        List<Segment> heldOut = cartPoleClips(12, 60);
        Rng rng = new Rng(3);
        SyntheticLabeller labeller = SyntheticLabeller.rational(rng.split());
        List<Labeller.Query> queries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            queries.add(new Labeller.Query(i, train.get(rng.nextInt(train.size())), train.get(rng.nextInt(train.size()))));
        }
        float[] mu = labeller.label(queries);
        List<Comparison> data = new ArrayList<>();
        for (int i = 0; i < mu.length; i++) {
            data.add(new Comparison(queries.get(i).first(), queries.get(i).second(), mu[i]));
        }
        RewardModel model = new RewardModel(train.get(0).inputSize(), 3, 32, 3e-3, rng.split());
        model.train(data, 20, 32);
        double[] predicted = new double[heldOut.size()];
        double[] truth = new double[heldOut.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = model.predictedReturn(heldOut.get(i));
            truth[i] = heldOut.get(i).trueReturn();
        }
        double rho = spearman(predicted, truth);
        assertTrue(rho >= 0.9, "Spearman " + rho + " of held-out clips, true returns " + Arrays.toString(truth));
    }

    @Test
    void preferencePpo_sameSeedSameMetrics_otherSeedOther() {
        assertEquals(run(5), run(5));
        assertNotEquals(run(5), run(6));
    }

    @Test
    void preferenceSac_sameSeedSameMetrics_spendsItsBudget() {
        String a = runSac(3);
        assertEquals(a, runSac(3));
        assertTrue(a.contains("preference/labels_used 16.0"), a);
    }

    @Test
    void pageLabeller_writesClipsAndQueries_thenReadsTheAnswers(@TempDir Path dir) throws Exception {
        List<Segment> clips = cartPoleClips(4, 2, 3);   // short clips: what is checked is the exchange, not the GIFs
        PageLabeller page = new PageLabeller(dir, () -> Envs.make("CartPole-v1"), 20);
        Thread answerer = new Thread(() -> {
            try {
                while (PageLabeller.readQueries(dir).size() < 2) {
                    Thread.sleep(20);
                }
                PageLabeller.appendAnswer(dir, 8, "right");
                PageLabeller.appendAnswer(dir, 7, "left");
                PageLabeller.appendAnswer(dir, 7, "right");   // a second answer is ignored
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        answerer.start();
        float[] mu = page.label(List.of(new Labeller.Query(7, clips.get(0), clips.get(1)),
                new Labeller.Query(8, clips.get(1), clips.get(0))));
        answerer.join();
        assertArrayEquals(new float[] {1, 0}, mu);
        assertTrue(Files.size(dir.resolve(PageLabeller.clipPath(7, "left"))) > 100);
        assertTrue(Files.size(dir.resolve(PageLabeller.clipPath(8, "right"))) > 100);
        assertEquals(7, PageLabeller.queryId(PageLabeller.readQueries(dir).get(0)));
    }

    /**
     * Pendulum and Acrobot observe cos/sin of their angles, not their state: the page's clips are rendered from the
     * state each observation was made in, so each frame shows the env's true state at that step (to the float
     * precision of the observation: at most a few edge pixels differ), and the pole moves across the clip.
     */
    @Test
    void pageLabeller_rendersPendulumAndAcrobotClips_fromTheStateOfEachObservation() {
        assertClipShowsTheRecordedSteps("Pendulum-v1", new float[] {2f});
        assertClipShowsTheRecordedSteps("Acrobot-v1", 2);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertClipShowsTheRecordedSteps(String id, Object action) {
        int n = 8;
        List<RenderFrame> shown = new ArrayList<>();
        float[] observations;
        try (Env env = Envs.make(id); Env<?, ?> viewer = Envs.make(id)) {
            viewer.reset(0L);
            float[] obs = (float[]) env.reset(5L).observation();
            observations = new float[n * obs.length];
            for (int t = 0; t < n; t++) {
                System.arraycopy(obs, 0, observations, t * obs.length, obs.length);
                // the true state, shown by an env that took no action (Pendulum draws its last torque)
                ((HasState) viewer.unwrapped()).setState(((HasState) env.unwrapped()).state());
                shown.add(viewer.render());
                obs = ((float[]) env.step(action).observation()).clone();
            }
        }
        Segment clip = new Segment(new float[n], n, 1, observations, n, 0);
        List<RenderFrame> frames;
        try (Env<?, ?> fresh = Envs.make(id)) {
            frames = PageLabeller.frames(fresh, clip);
        }
        assertEquals(n, frames.size(), id);
        for (int t = 0; t < n; t++) {
            double differing = differingPixels(shown.get(t), frames.get(t));
            assertTrue(differing < 0.002, id + " frame " + t + ": " + differing + " of the pixels differ");
        }
        assertTrue(differingPixels(frames.get(0), frames.get(n - 1)) > 0.002, id + ": the clip does not move");
    }

    private static double differingPixels(RenderFrame a, RenderFrame b) {
        assertEquals(a.rgb().length, b.rgb().length);
        int differing = 0;
        for (int i = 0; i < a.rgb().length; i += 3) {
            if (a.rgb()[i] != b.rgb()[i] || a.rgb()[i + 1] != b.rgb()[i + 1] || a.rgb()[i + 2] != b.rgb()[i + 2]) {
                differing++;
            }
        }
        return differing / (a.rgb().length / 3.0);
    }

    /** The metrics of a short preference-ppo run on CartPole, as text. */
    private static String run(long seed) {
        var provider = Algorithms.get("preference-ppo");
        Hyperparameters h = provider.resolve(Map.of("num-envs", "2", "num-steps", "64", "max-labels", "16",
                "initial-labels", "8", "query-batch", "8", "segment-length", "16", "num-minibatches", "2",
                "update-epochs", "4", "reward-hidden-size", "16", "labeller-flip", "0.1"));
        StringBuilder sb = new StringBuilder();
        MetricsSink sink = (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) {   // wall-clock speed is the one metric that may differ
                sb.append(step).append(' ').append(key).append(' ').append(value)
                        .append('\n');
            }
        };
        provider.train(new TrainRequest("CartPole-v1", seed, 512, h), sink);
        assertTrue(sb.toString().contains("preference/labels_used 16"), sb.toString());
        return sb.toString();
    }

    /** The metrics of a short preference-sac run on Pendulum, as text (speed left out). */
    private static String runSac(long seed) {
        var provider = Algorithms.get("preference-sac");
        Hyperparameters h = provider.resolve(Map.of("learning-starts", "100", "hidden-size", "16", "batch-size", "16",
                "max-labels", "16", "initial-labels", "8", "query-batch", "8", "segment-length", "10",
                "history-size", "100", "labeller-beta", "1"));
        StringBuilder sb = new StringBuilder();
        MetricsSink sink = (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) {
                sb.append(step).append(' ').append(key).append(' ').append(value).append('\n');
            }
        };
        provider.train(new TrainRequest("Pendulum-v1", seed, 400, h), sink);
        return sb.toString();
    }

    private static Segment segment(double trueReturn) {
        return new Segment(new float[] {0, 0}, 1, 2, new float[] {0}, 1, trueReturn);
    }

    /** Clips of CartPole under a balancing heuristic with per-copy action noise from 0.4 to 1 (most clips fail). */
    static List<Segment> cartPoleClips(long seed, int count) {
        return cartPoleClips(seed, count, 25);
    }

    /** {@link #cartPoleClips(long, int)} with clips of {@code length} steps. */
    static List<Segment> cartPoleClips(long seed, int count, int length) {
        int numEnvs = 16;
        int numSteps = 120;
        float[][] obs = new float[numSteps][numEnvs * 4];
        int[][] actions = new int[numSteps][numEnvs];
        float[][] rewards = new float[numSteps][numEnvs];
        boolean[][] terminated = new boolean[numSteps][numEnvs];
        boolean[][] truncated = new boolean[numSteps][numEnvs];
        Rng rng = new Rng(seed);
        try (VectorEnv envs = VectorEnvs.make("CartPole-v1", numEnvs, AutoresetMode.SAME_STEP)) {
            VectorStep step = envs.reset(seed);
            for (int t = 0; t < numSteps; t++) {
                System.arraycopy(step.observations(), 0, obs[t], 0, numEnvs * 4);
                int[] a = new int[numEnvs];
                for (int i = 0; i < numEnvs; i++) {
                    double eps = 0.4 + 0.6 * i / (numEnvs - 1.0);
                    float theta = obs[t][i * 4 + 2];
                    float omega = obs[t][i * 4 + 3];
                    a[i] = rng.nextDouble() < eps ? rng.nextInt(2) : (theta + 0.5f * omega > 0 ? 1 : 0);
                    actions[t][i] = a[i];
                }
                step = envs.step(a);
                for (int i = 0; i < numEnvs; i++) {
                    rewards[t][i] = (float) step.rewards()[i];
                    terminated[t][i] = step.terminated()[i];
                    truncated[t][i] = step.truncated()[i] && !step.terminated()[i];
                }
            }
        }
        List<Segment> out = new ArrayList<>();
        while (out.size() < count) {
            Segment s = PreferencePpo.cut(rng, obs, actions, rewards, terminated, truncated, 4, 2, false, length);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Spearman's rank correlation with average ranks for ties. */
    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElse(0);
        double my = Arrays.stream(ry).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[idx[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }
}
