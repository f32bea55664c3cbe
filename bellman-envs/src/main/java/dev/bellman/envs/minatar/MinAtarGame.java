package dev.bellman.envs.minatar;

import dev.bellman.env.NpRandomState;
import java.util.Arrays;
import java.util.List;

/**
 * One MinAtar game's dynamics (Young &amp; Tian 2019), without sticky actions or action sets (those are
 * {@link MinAtarEnv}'s). Actions are MinAtar's full set: 0 no-op, 1 left, 2 up, 3 right, 4 down, 5 fire. The game
 * draws from the generator it is handed in {@link #reset}, the same one the env draws sticky actions from, as the
 * Python package shares one {@code RandomState} between the two once seeded.
 */
abstract class MinAtarGame {
    static final int NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4, FIRE = 5;

    NpRandomState random;
    boolean terminal;

    /** The number of 10×10 planes in an observation. */
    abstract int channels();

    /** The actions that have a distinct effect in this game, ascending (MinAtar's {@code minimal_action_set}). */
    abstract int[] minimalActionSet();

    /** Starts a new episode, drawing from {@code random}. */
    abstract void reset(NpRandomState random);

    /** Advances one frame with a full-set action; returns the reward. A terminal game does nothing and returns 0. */
    abstract int act(int action);

    /** Writes the observation, channel-first: plane c, row y, column x at {@code c·100 + y·10 + x}; {@code out} is zeroed. */
    abstract void state(byte[] out);

    /** The game's dynamic state (the generator excluded), appended to {@code out}. */
    abstract void save(Longs out);

    /** Reads back what {@link #save} wrote. */
    abstract void load(Longs.Cursor in);

    static void set(byte[] out, int channel, int y, int x) {
        out[channel * 100 + y * 10 + x] = 1;
    }

    // ------------------------------------------------------------------ Python list semantics
    // MinAtar keeps objects in Python lists and removes them with list.remove (the first element equal by value) while
    // iterating over reversed(list); these helpers reproduce exactly what CPython does then.

    /** {@code list.remove(item)}: removes the first element equal by value. */
    static void removeFirstEqual(List<int[]> list, int[] item) {
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), item)) {
                list.remove(i);
                return;
            }
        }
        throw new IllegalStateException("list.remove(x): x not in list");
    }

    static boolean at(int[] o, int x, int y) {
        return o[0] == x && o[1] == y;
    }

    static void saveList(Longs out, List<int[]> list, int width) {
        out.add(list.size());
        for (int[] o : list) {
            for (int k = 0; k < width; k++) out.add(o[k]);
        }
    }

    static void loadList(Longs.Cursor in, List<int[]> list, int width) {
        list.clear();
        int n = in.nextInt();
        for (int i = 0; i < n; i++) {
            int[] o = new int[width];
            for (int k = 0; k < width; k++) o[k] = in.nextInt();
            list.add(o);
        }
    }
}
