package dev.bellman.algorithms.imitation;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.core.demos.ImitationProvider;
import dev.bellman.env.Env;
import dev.bellman.env.vector.VectorEnv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Registers {@link Airl} as {@code airl}: {@code bellman train --algo airl --env ID --demos DATASET}. The run
 * directory also holds the learned reward ({@link LearnedReward#FILE}), which {@code bellman train --reward-model RUN}
 * re-optimises.
 */
public final class AirlProvider implements ImitationProvider {

    @Override
    public String id() {
        return "airl";
    }

    @Override
    public String description() {
        return "AIRL (Fu et al. 2018) from --demos: PPO generator, disentangled reward g(s) + gamma h(s') - h(s)";
    }

    @Override
    public SpaceSupport spaces() {
        return new SpaceSupport(Set.of(SpaceKind.BOX), Set.of(SpaceKind.DISCRETE, SpaceKind.BOX));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 1_000_000;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        List<Hyperparameter> h = new ArrayList<>(AdversarialProviders.shared());
        h.add(Hyperparameter.ofBoolean("state-only-reward", true,
                "learn g(s) (disentangled, Fu et al. 2018) rather than g(s, a)"));
        h.add(Hyperparameter.ofBoolean("entropy-reward", false,
                "generator reward f - log pi(a|s) (the paper's log D - log(1 - D)) instead of imitation's f"));
        return h;
    }

    static Airl.Config config(TrainRequest r) {
        return new Airl.Config(AdversarialProviders.generator(r), AdversarialProviders.discriminator(r),
                r.hyperparameters().getBoolean("state-only-reward"), r.hyperparameters().getBoolean("entropy-reward"),
                r.seed());
    }

    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        config(request);
        return AdversarialProviders.preflight(request, env);
    }

    @Override
    public boolean supportsCheckpoints() {
        return true;
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs) {
        return train(request, sink, inputs, Checkpoints.none());
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs, Checkpoints checkpoints) {
        try (VectorEnv envs = AdversarialProviders.vectorEnv(request)) {
            return Airl.train(envs, AdversarialProviders.demos(request, inputs), config(request), sink, checkpoints);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return ImitationPolicy.load(directory);
    }
}
