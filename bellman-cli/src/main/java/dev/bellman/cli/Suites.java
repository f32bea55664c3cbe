package dev.bellman.cli;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark suites: which envs an algorithm is benchmarked on. Suite {@code classic} is every toy-text
 * ({@code dev.bellman.envs.toytext}) and classic-control ({@code dev.bellman.envs.classic}) env for which
 * the algorithm ships a tuned section in {@code hyperparams/<algo>.yml}, so that it runs at its tuned budget.
 */
final class Suites {
    static final Map<String, Set<String>> PACKAGES = Map.of(
            "classic", Set.of("dev.bellman.envs.toytext", "dev.bellman.envs.classic"));

    private Suites() {}

    static List<String> names() {
        return List.copyOf(PACKAGES.keySet());
    }

    /** Whether {@code envId} (a registered env) belongs to {@code suite}. */
    static boolean inSuite(String suite, String envId) {
        try (Env<?, ?> env = EnvCatalog.make(envId, Map.of())) {
            return PACKAGES.get(suite).contains(env.unwrapped().getClass().getPackageName());
        }
    }

    /** The suite envs of {@code provider}: its tuned env ids that are registered, in the suite and compatible. */
    static List<String> envs(String suite, AlgorithmProvider provider) {
        List<String> registered = EnvCatalog.ids();
        List<String> out = new ArrayList<>();
        for (String id : TunedHyperparameters.envIds(provider.id())) {
            if (!registered.contains(id) || !inSuite(suite, id)) {
                continue;
            }
            try (Env<?, ?> env = EnvCatalog.make(id, Map.of())) {
                if (provider.incompatibility(env).isEmpty()) {
                    out.add(id);
                }
            }
        }
        return out;
    }
}
