package dev.bellman.algorithms.imitation;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.core.demos.ImitationProvider;
import dev.bellman.core.demos.Recorder;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Demonstrations from scripted experts and small configs for the GAIL and AIRL tests. */
final class AdversarialTestSupport {
    private AdversarialTestSupport() {}

    /** CartPole's textbook controller: push towards the side the pole falls to (angle plus angular velocity). */
    static Dataset cartPoleDemos(int episodes) {
        try (Env<?, ?> env = Envs.make("CartPole-v1")) {
            var eps = Recorder.record(env, o -> {
                float[] x = (float[]) o;
                return x[2] + 0.5f * x[3] > 0 ? 1 : 0;
            }, episodes, 7, 0);
            return new Dataset("test/CartPole/scripted-v0", "CartPole-v1", env.observationSpace(), env.actionSpace(),
                    eps, Map.of());
        }
    }

    /** Pendulum with an energy-free PD push towards upright (only its shape matters to these tests). */
    static Dataset pendulumDemos(int episodes) {
        try (Env<?, ?> env = Envs.make("Pendulum-v1")) {
            var eps = Recorder.record(env, o -> {
                float[] x = (float[]) o;
                float theta = (float) Math.atan2(x[1], x[0]);
                return new float[] {Math.max(-2f, Math.min(2f, -4f * theta - x[2]))};
            }, episodes, 7, 0);
            return new Dataset("test/Pendulum/scripted-v0", "Pendulum-v1", env.observationSpace(), env.actionSpace(),
                    eps, Map.of());
        }
    }

    /** Tiny rounds: 2 copies x 32 steps, 2 minibatches, 2 epochs; discriminator 16 + 16 transitions, 2 steps. */
    static Map<String, String> small() {
        return Map.of("num-envs", "2", "num-steps", "32", "num-minibatches", "2", "update-epochs", "2",
                "hidden-size", "16", "demo-batch-size", "16", "disc-updates-per-round", "2", "disc-hidden-size", "8");
    }

    /** Every metric except the wall-clock one, as "step key value" lines. */
    static final class Collect implements MetricsSink {
        final List<String> rows = new ArrayList<>();

        @Override
        public void record(long step, String key, double value) {
            if (!key.equals(MetricsSink.SPS)) rows.add(step + " " + key + " " + value);
        }
    }

    /** {@code p} with its demonstrations fixed, as a plain checkpointing provider (for ResumeTesting). */
    static AlgorithmProvider withDemos(ImitationProvider p, Dataset demos) {
        return withInputs(p, new ImitationInputs(demos, null));
    }

    /** {@code p} with its demonstrations (and expert) fixed, as a plain provider that checkpoints as {@code p} does. */
    static AlgorithmProvider withInputs(ImitationProvider p, ImitationInputs inputs) {
        return new AlgorithmProvider() {
            @Override public String id() { return p.id(); }
            @Override public String description() { return p.description(); }
            @Override public SpaceSupport spaces() { return p.spaces(); }
            @Override public List<Hyperparameter> hyperparameters() { return p.hyperparameters(); }
            @Override public Policy train(TrainRequest r, MetricsSink s) { return p.train(r, s, inputs); }
            @Override public boolean supportsCheckpoints() { return p.supportsCheckpoints(); }
            @Override public Policy train(TrainRequest r, MetricsSink s, Checkpoints c) { return p.train(r, s, inputs, c); }
            @Override public Policy load(Path d) throws java.io.IOException { return p.load(d); }
        };
    }
}
