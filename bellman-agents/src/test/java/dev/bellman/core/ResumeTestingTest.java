package dev.bellman.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The harness itself: it passes for a provider that resumes exactly and fails for one that does not. */
class ResumeTestingTest {

    @Test
    void qLearning_resumesExactly(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("q-learning", "FrozenLake-v1", 3, 20_000, 3_000, 10_000, Map.of(), dir);
    }

    @Test
    void aProviderThatRestartsFromScratch_fails(@TempDir Path dir) {
        // q-learning with its checkpoint ignored on resume: trains from step 0 again, so the metrics differ
        AlgorithmProvider real = Algorithms.get("q-learning");
        assertThrows(AssertionError.class, () -> ResumeTesting.assertResumeMatchesUninterrupted(
                new AlgorithmProvider() {
                    @Override public String id() { return "forgetful"; }
                    @Override public String description() { return "q-learning that forgets its checkpoint"; }
                    @Override public SpaceSupport spaces() { return real.spaces(); }
                    @Override public java.util.List<Hyperparameter> hyperparameters() { return real.hyperparameters(); }
                    @Override public Policy train(TrainRequest r, MetricsSink s) { return real.train(r, s); }
                    @Override public boolean supportsCheckpoints() { return true; }
                    @Override public Policy train(TrainRequest r, MetricsSink s, Checkpoints c) {
                        return real.train(r, s, c.resumeFrom().isPresent() ? Checkpoints.in(dir.resolve("x"), c.frequency(),
                                step -> Map.of(), null) : c);
                    }
                    @Override public Policy load(Path d) throws java.io.IOException { return real.load(d); }
                }, "FrozenLake-v1", 3, 20_000, 3_000, 10_000, Map.of(), dir));
    }
}
