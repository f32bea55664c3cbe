package dev.bellman.core;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The observation and action space kinds an algorithm can train on.
 *
 * @param observations accepted observation-space kinds (not empty)
 * @param actions accepted action-space kinds (not empty)
 */
public record SpaceSupport(Set<SpaceKind> observations, Set<SpaceKind> actions) {
    public SpaceSupport {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(actions, "actions");
        if (observations.isEmpty() || actions.isEmpty()) {
            throw new IllegalArgumentException("an algorithm must support at least one observation and one action space kind"
                    + " but got observations " + observations + ", actions " + actions);
        }
        observations = Set.copyOf(EnumSet.copyOf(observations));
        actions = Set.copyOf(EnumSet.copyOf(actions));
    }

    /** Support for exactly one observation kind and one action kind. */
    public static SpaceSupport of(SpaceKind observation, SpaceKind action) {
        return new SpaceSupport(EnumSet.of(observation), EnumSet.of(action));
    }

    /** Whether an env with these space kinds can be trained on. */
    public boolean supports(SpaceKind observation, SpaceKind action) {
        return observations.contains(observation) && actions.contains(action);
    }

    /** "Discrete" or "Box|Discrete", in declaration order of {@link SpaceKind}. */
    public static String describe(Set<SpaceKind> kinds) {
        return EnumSet.copyOf(kinds).stream().map(SpaceKind::label).collect(Collectors.joining("|"));
    }

    /** "observations Discrete, actions Discrete". */
    @Override
    public String toString() {
        return "observations " + describe(observations) + ", actions " + describe(actions);
    }
}
