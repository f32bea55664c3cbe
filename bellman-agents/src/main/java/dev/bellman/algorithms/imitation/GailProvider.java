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

/** Registers {@link Gail} as {@code gail}: {@code bellman train --algo gail --env ID --demos DATASET}. */
public final class GailProvider implements ImitationProvider {

    @Override
    public String id() {
        return "gail";
    }

    @Override
    public String description() {
        return "GAIL (Ho & Ermon 2016) from --demos: PPO generator, (s, a) discriminator, reward -log(1 - D)";
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
        h.add(Hyperparameter.ofDouble("grad-penalty-coef", 0.0, "gradient penalty coefficient (0 = none)").atLeast(0));
        h.add(Hyperparameter.ofBoolean("logit-reward", false,
                "reward log D - log(1 - D) instead of -log(1 - D) (D: the expert probability)"));
        h.add(Hyperparameter.ofBoolean("entropy-reward", false,
                "add -log pi(a|s) to the generator's reward (the causal-entropy term of GAIL's objective)"));
        return h;
    }

    static Gail.Config config(TrainRequest r) {
        return new Gail.Config(AdversarialProviders.generator(r), AdversarialProviders.discriminator(r),
                r.hyperparameters().getDouble("grad-penalty-coef"), r.hyperparameters().getBoolean("logit-reward"),
                r.hyperparameters().getBoolean("entropy-reward"), r.seed());
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
            return Gail.train(envs, AdversarialProviders.demos(request, inputs), config(request), sink, checkpoints);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return ImitationPolicy.load(directory);
    }
}
