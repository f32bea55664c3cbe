package dev.bellman.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry entry ({@code gymnasium.envs.registration.EnvSpec}): how {@link Envs#make} builds an environment.
 *
 * @param id               versioned id {@code [namespace/]Name-vN}, e.g. {@code CartPole-v1}
 * @param factory          builds the unwrapped environment from keyword arguments
 * @param maxEpisodeSteps  the {@code TimeLimit} {@code make} applies, or null for none
 * @param rewardThreshold  the return at which the task counts as solved, or null
 * @param kwargs           default keyword arguments; their keys are the only ones {@code make} accepts
 */
public record EnvSpec(String id, EnvFactory factory, Integer maxEpisodeSteps, Double rewardThreshold,
                      Map<String, Object> kwargs) {

    private static final Pattern ID = Pattern.compile("^(?:([\\w:-]+)/)?([\\w:.-]+?)-v(\\d+)$");

    public EnvSpec {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("env id must look like [namespace/]Name-vN (e.g. CartPole-v1) but was '"
                    + id + "'");
        }
        Objects.requireNonNull(factory, "factory must not be null for " + id);
        if (maxEpisodeSteps != null && maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be positive or null but was " + maxEpisodeSteps
                    + " for " + id);
        }
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** A spec without keyword arguments. */
    public EnvSpec(String id, EnvFactory factory, Integer maxEpisodeSteps, Double rewardThreshold) {
        this(id, factory, maxEpisodeSteps, rewardThreshold, Map.of());
    }

    /** The namespace before {@code /}, or null. */
    public String namespace() {
        return parse(id).group(1);
    }

    /** The name without namespace and version, e.g. {@code CartPole}. */
    public String name() {
        return parse(id).group(2);
    }

    /** The version number, e.g. 1 for {@code CartPole-v1}. */
    public int version() {
        return Integer.parseInt(parse(id).group(3));
    }

    static Matcher parse(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("env id must look like [namespace/]Name-vN (e.g. CartPole-v1) but was '"
                    + id + "'");
        }
        return m;
    }

    static boolean isWellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
