package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.env.Env;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.wrappers.DomainRandomization;
import dev.bellman.env.wrappers.ParameterDistribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands' side of domain randomization: {@code --randomize NAME=DIST} flags and {@code randomize:} blocks of
 * config files become a map from parameter name to distribution text, recorded as {@code "randomize"} in config.json
 * and handed to the algorithm as the make-level keyword argument {@link DomainRandomization#KWARG}.
 */
final class Randomization {
    /** The config.json field. */
    static final String FIELD = "randomize";

    private Randomization() {}

    /**
     * Checks {@code specs} (each {@code NAME=DISTRIBUTION}) against the parameters {@code envId} declares and returns
     * them as name to normalised distribution text, in the given order (a later spec of a name replaces an earlier).
     */
    static Map<String, String> parse(String envId, Map<String, Object> envKwargs, List<String> specs, String source) {
        if (specs.isEmpty()) {
            return Map.of();
        }
        List<PhysicalParameter> declared;
        try (Env<?, ?> env = EnvCatalog.make(envId, envKwargs)) {
            declared = env.unwrapped() instanceof HasPhysicalParameters p ? p.declaredParameters() : List.of();
        }
        if (declared.isEmpty()) {
            throw new UserError(source + " was given, but " + envId + " declares no physical parameters to randomize"
                    + " (the classic-control envs do; see docs/cli.md).");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String spec : specs) {
            try {
                Map<String, ParameterDistribution> one = DomainRandomization.parse(List.of(spec), declared);
                one.forEach((name, dist) -> {
                    out.remove(name);
                    out.put(name, dist.toString());
                });
            } catch (IllegalArgumentException e) {
                throw new UserError(source + ": " + Preflight.sentence(e.getMessage()), e);
            }
        }
        // the distribution must only draw values the parameter accepts: let the wrapper check it
        try (Env<?, ?> env = EnvCatalog.make(envId, withRandomize(envKwargs, out))) {
            return out;
        } catch (UserError e) {
            throw new UserError(source + ": " + e.getMessage(), e);
        }
    }

    /** {@code envKwargs} plus the {@link DomainRandomization#KWARG} entry, or {@code envKwargs} when none. */
    static Map<String, Object> withRandomize(Map<String, Object> envKwargs, Map<String, String> randomize) {
        if (randomize.isEmpty()) {
            return envKwargs;
        }
        Map<String, Object> out = new LinkedHashMap<>(envKwargs);
        out.put(DomainRandomization.KWARG, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(randomize)));
        return out;
    }

    /** The {@code "randomize"} field of a config.json (empty when absent). */
    static Map<String, String> fromConfig(JsonNode cfg) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode n = cfg.get(FIELD);
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** Name to distribution text as {@code NAME=DIST} strings. */
    static List<String> specs(Map<?, ?> block) {
        return block.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
