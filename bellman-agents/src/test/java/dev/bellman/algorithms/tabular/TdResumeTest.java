package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Snapshottable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TdResumeTest {
    interface Learner {
        TdResult train(Env<Integer, Integer> env, EpisodeListener l, TdState from, TdCheckpoints c);
    }

    static Learner learner(String name, TdConfig config) {
        return switch (name) {
            case "q-learning" -> new QLearning(config)::train;
            case "sarsa" -> new Sarsa(config)::train;
            default -> new ExpectedSarsa(config)::train;
        };
    }

    /** A run stopped at a checkpoint, saved to disk, and continued in a fresh env ends exactly as the uninterrupted run. */
    @ParameterizedTest
    @ValueSource(strings = {"q-learning", "sarsa", "expected-sarsa"})
    void resumeFromSavedState_endsExactlyAsTheUninterruptedRun(String name, @TempDir Path dir) throws Exception {
        TdConfig config = TdConfig.forEnv("FrozenLake-v1").withTotalTimesteps(30_000).withSeed(3);
        List<String> full = new ArrayList<>();
        TdResult uninterrupted;
        try (Env<Integer, Integer> env = Envs.make("FrozenLake-v1")) {
            uninterrupted = learner(name, config).train(env, (t, e, r, l, eps) -> full.add(t + " " + r + " " + eps),
                    null, TdCheckpoints.NONE);
        }
        // first part: keep the state (and the env's) at step 10,000, as a checkpoint would
        List<long[]> envAt = new ArrayList<>();
        List<Integer> stepsSeen = new ArrayList<>();
        List<String> first = new ArrayList<>();
        try (Env<Integer, Integer> env = Envs.make("FrozenLake-v1")) {
            learner(name, config).train(env, (t, e, r, l, eps) -> first.add(t + " " + r + " " + eps), null,
                    new TdCheckpoints(10_000, s -> {
                        stepsSeen.add((int) s.timestep());
                        if (s.timestep() == 10_000) {
                            try {
                                s.save(dir);
                            } catch (java.io.IOException ex) {
                                throw new java.io.UncheckedIOException(ex);
                            }
                            envAt.addAll(Snapshottable.snapshotChain(env));
                        }
                    }));
        }
        assertEquals(List.of(10_000, 20_000), stepsSeen);
        TdState saved = TdState.load(dir);
        List<String> second = new ArrayList<>();
        TdResult resumed;
        try (Env<Integer, Integer> env = Envs.make("FrozenLake-v1")) {
            Snapshottable.restoreChain(env, envAt);
            resumed = learner(name, config).train(env, (t, e, r, l, eps) -> second.add(t + " " + r + " " + eps), saved,
                    TdCheckpoints.NONE);
        }
        List<String> stitched = new ArrayList<>(first.subList(0, saved.episodes()));
        stitched.addAll(second);
        assertEquals(full, stitched);
        assertArrayEquals(uninterrupted.q().toArray(), resumed.q().toArray());
        assertArrayEquals(uninterrupted.episodeReturns(), resumed.episodeReturns());
        assertArrayEquals(uninterrupted.episodeLengths(), resumed.episodeLengths());
    }

    @Test
    void load_ofATruncatedStateFile_isReportedAsCorrupt(@TempDir Path dir) throws Exception {
        new TdState(5, QTable.filled(4, 2, 0.5), new long[6], 1, -1, new double[] {1, 0}, new int[] {3, 2}, 0, 0).save(dir);
        Path f = dir.resolve("td_state.txt");
        String text = Files.readString(f);
        Files.writeString(f, text.substring(0, text.indexOf("current_return")));
        var e = assertThrows(TdState.CorruptStateException.class, () -> TdState.load(dir));
        assertEquals(true, e.getMessage().startsWith("corrupt TD state file ") && e.getMessage().contains("it has no '"), e.getMessage());
    }

    @Test
    void saveThenLoad_roundTripsExactly(@TempDir Path dir) throws Exception {
        TdState s = new TdState(7, QTable.of(new double[][] {{0.1, 1.0 / 3}, {-2.5e-17, 4}}), new long[] {1, -2, 3, 4, 5, 0},
                1, 0, new double[] {0.7, -1.0 / 7}, new int[] {4, 9}, 0.3, 2);
        s.save(dir);
        TdState r = TdState.load(dir);
        assertArrayEquals(s.q().toArray(), r.q().toArray());
        assertArrayEquals(s.rng(), r.rng());
        assertArrayEquals(s.episodeReturns(), r.episodeReturns());
        assertArrayEquals(s.episodeLengths(), r.episodeLengths());
        assertEquals(List.of(s.timestep(), s.state(), s.action(), s.currentReturn(), s.currentLength()),
                List.of(r.timestep(), r.state(), r.action(), r.currentReturn(), r.currentLength()));
    }
}
