package dev.bellman.envs.toytext;

import dev.bellman.env.TabularModel;

/**
 * The transition models of the toy-text environments, for planning without building an environment. Each model is
 * the same table the corresponding environment samples from.
 */
public final class ToyTextModels {

    private ToyTextModels() {}

    /** The 4x4 grid world of Sutton &amp; Barto (2018), Example 4.1 ({@code GridWorld-v0}). */
    public static TabularModel gridWorld() {
        return GridWorldModel.build();
    }

    /** FrozenLake on a named map, {@code "4x4"} or {@code "8x8"}. */
    public static TabularModel frozenLake(String mapName, boolean slippery) {
        String[] desc = FrozenLakeModel.MAPS.get(mapName);
        if (desc == null) {
            throw new IllegalArgumentException("mapName must be 4x4 or 8x8 but was " + mapName);
        }
        return FrozenLakeModel.build(FrozenLakeModel.parse(desc), slippery);
    }

    /** FrozenLake on a custom map (rows of S, F, H, G). */
    public static TabularModel frozenLake(String[] desc, boolean slippery) {
        return FrozenLakeModel.build(FrozenLakeModel.parse(desc), slippery);
    }

    /** CliffWalking, 4x12 ({@code CliffWalking-v0}). */
    public static TabularModel cliffWalking(boolean slippery) {
        return CliffWalkingModel.build(slippery);
    }

    /** Taxi, 500 states and 6 actions ({@code Taxi-v3}). */
    public static TabularModel taxi() {
        return TaxiModel.build();
    }
}
