package dev.bellman.envs.toytext;

import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.HasState;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.awt.Color;
import java.util.Map;

/**
 * The deterministic 6×9 mazes of Sutton &amp; Barto (2018), <i>Reinforcement Learning: An Introduction</i>, 2nd ed.,
 * chapter 8: the Dyna maze of Example 8.1 (Figure 8.2), and the changing blocking maze (Example 8.2, Figure 8.4) and
 * shortcut maze (Example 8.3, Figure 8.5), whose wall moves after a fixed number of steps.
 *
 * <h2>Description</h2>
 * A grid of 6 rows and 9 columns with walls; the agent moves from the start cell S to the goal cell G.
 * <ul>
 *   <li>{@code DynaMaze-v0}: S at row 2, column 0; G at row 0, column 8; walls at (1..3, 2), (4, 5) and (0..2, 7).
 *       The shortest path takes 14 steps.</li>
 *   <li>{@code BlockingMaze-v0}: S at (5, 3), G at (0, 8); a wall along row 3 over columns 0..7 (the way round is on
 *       the right) that, after {@code change_at} steps (default 1,000), becomes columns 1..8 (the way round is now on
 *       the left). Shortest path 10 steps before the change, 16 after.</li>
 *   <li>{@code ShortcutMaze-v0}: S at (5, 3), G at (0, 8); a wall along row 3 over columns 1..8 (way round on the
 *       left) that, after {@code change_at} steps (default 3,000), opens at column 8 (columns 1..7): a shortcut.
 *       Shortest path 16 steps before the change, 10 after.</li>
 * </ul>
 *
 * <h2>Action space</h2>
 * {@code Discrete(4)}: 0 up, 1 down, 2 left, 3 right. A move into a wall or off the grid leaves the agent in place.
 *
 * <h2>Observation space</h2>
 * {@code Discrete(54)}: {@code row * 9 + col}, from the top-left.
 *
 * <h2>Rewards</h2>
 * +1 on the step that enters G, 0 on every other step.
 *
 * <h2>Starting state</h2>
 * Always S; the env has no randomness, so the seed changes nothing.
 *
 * <h2>Episode end</h2>
 * Termination: entering G. No time limit is registered (the book's episodes run until G is reached).
 *
 * <h2>Arguments</h2>
 * {@code change_at} (blocking and shortcut mazes): the number of steps, counted over the env's whole life across
 * episodes (resets do not clear it), after which the wall moves. The step count is part of the snapshot.
 *
 * <h2>Version history</h2>
 * v0: initial version (Bellman's own; Gymnasium has no such ids).
 */
public final class DynaMaze implements Env<Integer, Integer>, HasState, Snapshottable {
    /** Rows and columns of every maze. */
    public static final int ROWS = 6, COLS = 9;
    private static final int[] DROW = {-1, 1, 0, 0};
    private static final int[] DCOL = {0, 0, -1, 1};

    /** Which of the book's three mazes. */
    public enum Layout { DYNA, BLOCKING, SHORTCUT }

    private final Layout layout;
    private final long changeAt;
    private final Discrete observationSpace = new Discrete(ROWS * COLS);
    private final Discrete actionSpace = new Discrete(4);
    private int state = -1;
    private long totalSteps;

    /** The maze {@code layout}; {@code changeAt} is ignored for {@link Layout#DYNA}. */
    public DynaMaze(Layout layout, long changeAt) {
        if (layout == null) throw new IllegalArgumentException("layout must not be null");
        if (changeAt < 0) throw new IllegalArgumentException("change_at must be >= 0 but was " + changeAt);
        this.layout = layout;
        this.changeAt = changeAt;
    }

    /** The start cell S as a state index. */
    public int start() {
        return layout == Layout.DYNA ? 2 * COLS : 5 * COLS + 3;
    }

    /** The goal cell G as a state index. */
    public int goal() {
        return 8;
    }

    /** Whether the wall has moved (always false for the Dyna maze). */
    public boolean changed() {
        return layout != Layout.DYNA && totalSteps >= changeAt;
    }

    /** Whether cell (row, col) is a wall now. */
    public boolean isWall(int row, int col) {
        return switch (layout) {
            case DYNA -> (col == 2 && row >= 1 && row <= 3) || (row == 4 && col == 5) || (col == 7 && row <= 2);
            case BLOCKING -> row == 3 && (changed() ? col >= 1 : col <= 7);
            case SHORTCUT -> row == 3 && col >= 1 && (changed() ? col <= 7 : col <= 8);
        };
    }

    /** The cell reached from {@code s} by action {@code a} in the current layout (deterministic). */
    public int next(int s, int a) {
        int r = s / COLS + DROW[a], c = s % COLS + DCOL[a];
        if (r < 0 || r >= ROWS || c < 0 || c >= COLS || isWall(r, c)) return s;
        return r * COLS + c;
    }

    /** Steps taken over the env's life, across episodes. */
    public long totalSteps() {
        return totalSteps;
    }

    @Override
    public Reset<Integer> reset(Long seed, Map<String, Object> options) {
        state = start();
        return new Reset<>(state, Map.of());
    }

    @Override
    public Step<Integer> step(Integer action) {
        if (state < 0) throw new IllegalStateException("cannot call step before reset: call reset(seed) first (DynaMaze)");
        if (action == null || action < 0 || action >= 4) {
            throw new IllegalArgumentException("action must be in [0, 4) but was " + action);
        }
        state = next(state, action);
        totalSteps++;
        boolean done = state == goal();
        return new Step<>(state, done ? 1.0 : 0.0, done, false, Map.of());
    }

    @Override
    public Space<Integer> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public double[] state() {
        return new double[] {state};
    }

    @Override
    public void setState(double[] s) {
        if (s == null || s.length != 1 || s[0] != Math.rint(s[0]) || s[0] < 0 || s[0] >= ROWS * COLS) {
            throw new IllegalArgumentException("DynaMaze state must be one cell index in [0, 54) but was "
                    + java.util.Arrays.toString(s));
        }
        state = (int) s[0];
    }

    /** {@link Snapshottable}: the cell and the life-long step count. */
    @Override
    public long[] snapshot() {
        return new long[] {state, totalSteps};
    }

    @Override
    public void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 2, this);
        if (snapshot[0] < -1 || snapshot[0] >= ROWS * COLS || snapshot[1] < 0) {
            throw new IllegalArgumentException("a DynaMaze snapshot needs a cell in [-1, 54) and a step count >= 0 but was "
                    + java.util.Arrays.toString(snapshot));
        }
        state = (int) snapshot[0];
        totalSteps = snapshot[1];
    }

    @Override
    public RenderFrame render() {
        if (state < 0) return null;
        return GridRender.grid(ROWS, COLS, (r, c) -> isWall(r, c) ? Color.DARK_GRAY
                : r * COLS + c == goal() ? GridRender.GOAL : r * COLS + c == start() ? GridRender.START : Color.WHITE, state);
    }

    @Override
    public int renderFps() {
        return 4;
    }

    /** A text picture: {@code #} wall, {@code S} start, {@code G} goal, {@code x} the agent, {@code .} free. */
    public String renderText() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                int s = r * COLS + c;
                sb.append(s == state ? 'x' : isWall(r, c) ? '#' : s == goal() ? 'G' : s == start() ? 'S' : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {}
}
