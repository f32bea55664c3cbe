package dev.bellman.algorithms.pg;

import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;

import java.util.EnumSet;

/** What the providers of this package share. */
final class PgProviders {
    private PgProviders() {}

    /** Box observations; Discrete (Categorical) or Box (diagonal Gaussian) actions. */
    static final SpaceSupport SPACES = new SpaceSupport(EnumSet.of(SpaceKind.BOX), EnumSet.of(SpaceKind.DISCRETE, SpaceKind.BOX));
}
