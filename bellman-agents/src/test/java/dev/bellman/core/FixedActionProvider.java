package dev.bellman.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in third-party algorithm, registered only through this module's test
 * {@code META-INF/services}: always plays one action. Shows that the registry discovers providers it
 * was not compiled with.
 */
public final class FixedActionProvider implements AlgorithmProvider {
    @Override
    public String id() {
        return "fixed-action";
    }

    @Override
    public String description() {
        return "Always plays the same action (test stand-in for a third-party algorithm)";
    }

    @Override
    public SpaceSupport spaces() {
        return new SpaceSupport(java.util.EnumSet.of(SpaceKind.DISCRETE, SpaceKind.BOX), java.util.EnumSet.of(SpaceKind.DISCRETE));
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(Hyperparameter.ofInt("action", 0, "the action to play").atLeast(0));
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink) {
        return new Fixed(request.hyperparameters().getInt("action"));
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return new Fixed(Integer.parseInt(Files.readString(directory.resolve("action.txt")).strip()));
    }

    private record Fixed(int action) implements Policy {
        @Override
        public Object act(Object observation) {
            return action;
        }

        @Override
        public void save(Path directory) throws IOException {
            Files.writeString(directory.resolve("action.txt"), Integer.toString(action));
        }
    }
}
