package dev.bellman.envs.toytext;

import dev.bellman.env.NpRandom;
import dev.bellman.env.RenderFrame;

/**
 * Frozen lake with Gymnasium 1.x's dynamics ({@code gymnasium/envs/toy_text/frozen_lake.py}, {@code FrozenLake-v1}
 * and {@code FrozenLake8x8-v1}).
 *
 * <h2>Description</h2>
 * Cross a frozen lake from the start S (top-left) to the goal G (bottom-right) over frozen tiles F without falling
 * into a hole H. On slippery ice the walker may move perpendicular to the intended direction.
 *
 * <h2>Action space</h2>
 * {@code Discrete(4)}: 0 left, 1 down, 2 right, 3 up. Moves into the edge leave the position unchanged.
 *
 * <h2>Observation space</h2>
 * {@code Discrete(nrow * ncol)}: {@code row * ncol + col}.
 *
 * <h2>Rewards</h2>
 * +1 for reaching the goal, 0 otherwise.
 *
 * <h2>Starting state</h2>
 * Uniform over the S tiles (state 0 on the built-in maps).
 *
 * <h2>Episode end</h2>
 * Termination: entering a hole or the goal (both then absorb with reward 0). Truncation: 100 steps for the 4x4
 * registration, 200 for the 8x8 one. Reward thresholds 0.70 (4x4, optimum 0.74) and 0.85 (8x8, optimum 0.91).
 *
 * <h2>Arguments</h2>
 * {@code map_name} ({@code "4x4"} or {@code "8x8"}), {@code desc} (a custom map as rows of S/F/H/G, a
 * {@code String[]} or {@code List<String>}; an empty one selects {@code map_name}), {@code is_slippery} (default
 * true: the intended move and the two perpendicular ones with probability 1/3 each, in the order (a - 1) mod 4, a,
 * (a + 1) mod 4). Random maps: {@link #generateRandomMap(int, double, long)}.
 *
 * <h2>Version history</h2>
 * v1: as Gymnasium 1.x {@code FrozenLake-v1}.
 */
public final class FrozenLake extends TabularEnv {

    private final char[][] desc;
    private final boolean slippery;

    /** The 4x4 map, slippery. */
    public FrozenLake() {
        this("4x4", true);
    }

    public FrozenLake(String mapName, boolean slippery) {
        this(namedMap(mapName), slippery);
    }

    public FrozenLake(String[] desc, boolean slippery) {
        this(FrozenLakeModel.parse(desc), slippery);
    }

    private FrozenLake(char[][] desc, boolean slippery) {
        super(FrozenLakeModel.build(desc, slippery));
        this.desc = desc;
        this.slippery = slippery;
    }

    private static char[][] namedMap(String mapName) {
        String[] rows = FrozenLakeModel.MAPS.get(mapName);
        if (rows == null) {
            throw new IllegalArgumentException("map_name must be \"4x4\" or \"8x8\" but was " + mapName);
        }
        return FrozenLakeModel.parse(rows);
    }

    /** One of the built-in maps, {@code "4x4"} or {@code "8x8"}, as rows. */
    public static String[] map(String mapName) {
        String[] rows = FrozenLakeModel.MAPS.get(mapName);
        if (rows == null) {
            throw new IllegalArgumentException("map_name must be \"4x4\" or \"8x8\" but was " + mapName);
        }
        return rows.clone();
    }

    /**
     * A random map with a path from start to goal, drawn as Gymnasium's {@code generate_random_map(size, p, seed)}
     * draws it: boards of i.i.d. tiles (frozen with probability {@code p}, else a hole) from an {@code np_random}
     * seeded with {@code seed}, corners set to S and G, redrawn until a path exists.
     */
    public static String[] generateRandomMap(int size, double p, long seed) {
        NpRandom rng = new NpRandom(seed);
        return FrozenLakeModel.randomMap(size, p, rng::random);
    }

    /** {@link #generateRandomMap(int, double, long)} with Gymnasium's defaults size 8, p 0.8 and a random seed. */
    public static String[] generateRandomMap() {
        NpRandom rng = NpRandom.fromEntropy();
        return FrozenLakeModel.randomMap(8, 0.8, rng::random);
    }

    public int nrow() {
        return desc.length;
    }

    public int ncol() {
        return desc[0].length;
    }

    public boolean isSlippery() {
        return slippery;
    }

    /** The map as rows of S/F/H/G. */
    public String[] desc() {
        String[] rows = new String[desc.length];
        for (int r = 0; r < desc.length; r++) {
            rows[r] = new String(desc[r]);
        }
        return rows;
    }

    @Override
    RenderFrame renderFrame() {
        return GridRender.grid(nrow(), ncol(), (r, c) -> switch (desc[r][c]) {
            case 'H' -> GridRender.HOLE;
            case 'G' -> GridRender.GOAL;
            case 'S' -> GridRender.START;
            default -> GridRender.ICE;
        }, state);
    }

    /** The map with the walker's tile shown as {@code *}, preceded by the last action as Gymnasium prints it. */
    @Override
    public String renderText() {
        StringBuilder sb = new StringBuilder();
        if (lastAction >= 0) {
            sb.append("  (").append(new String[] {"Left", "Down", "Right", "Up"}[lastAction]).append(")\n");
        } else {
            sb.append('\n');
        }
        int ncol = ncol();
        for (int r = 0; r < desc.length; r++) {
            for (int c = 0; c < ncol; c++) {
                sb.append(r * ncol + c == state ? '*' : desc[r][c]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
