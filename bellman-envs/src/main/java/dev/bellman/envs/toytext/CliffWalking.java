package dev.bellman.envs.toytext;

import dev.bellman.env.RenderFrame;

/**
 * Cliff walking: Sutton &amp; Barto (2018), Example 6.6, with Gymnasium 1.x's dynamics
 * ({@code gymnasium/envs/toy_text/cliffwalking.py}, registered as {@code CliffWalking-v1} and
 * {@code CliffWalkingSlippery-v1} since Gymnasium 1.2, {@code CliffWalking-v0} before).
 *
 * <h2>Description</h2>
 * A 4x12 grid. The walker starts at the bottom-left [3, 0], the goal is the bottom-right [3, 11], and the cells
 * [3, 1..10] between them are a cliff. Stepping onto the cliff costs 100 and sends the walker back to the start; the
 * episode goes on (Gymnasium 1.x does not terminate on the cliff).
 *
 * <h2>Action space</h2>
 * {@code Discrete(4)}: 0 up, 1 right, 2 down, 3 left. Moves into the outer wall leave the position unchanged.
 *
 * <h2>Observation space</h2>
 * {@code Discrete(48)}: {@code row * 12 + col}; the start is 36, the goal 47.
 *
 * <h2>Rewards</h2>
 * -1 per step, -100 for a step onto the cliff.
 *
 * <h2>Starting state</h2>
 * Always 36.
 *
 * <h2>Episode end</h2>
 * Termination: entering the goal (47). No time limit is registered (as in Gymnasium); wrap in a time limit when
 * training with exploratory policies.
 *
 * <h2>Arguments</h2>
 * {@code is_slippery} (default false): when true the walker moves in the intended direction or one of the two
 * perpendicular ones, 1/3 each, in the order (a - 1) mod 4, a, (a + 1) mod 4.
 *
 * <h2>Version history</h2>
 * v1 (Gymnasium 1.2): {@code CliffWalking-v1}, and {@code CliffWalkingSlippery-v1} for {@code is_slippery=true};
 * the dynamics are those of v0. v0: {@code CliffWalking-v0}, kept as a deprecated alias of {@code CliffWalking-v1}.
 */
public final class CliffWalking extends TabularEnv {

    private final boolean slippery;

    public CliffWalking() {
        this(false);
    }

    public CliffWalking(boolean slippery) {
        super(CliffWalkingModel.build(slippery));
        this.slippery = slippery;
    }

    public boolean isSlippery() {
        return slippery;
    }

    @Override
    RenderFrame renderFrame() {
        return GridRender.grid(CliffWalkingModel.ROWS, CliffWalkingModel.COLS, (r, c) -> {
            int s = r * CliffWalkingModel.COLS + c;
            if (s == CliffWalkingModel.GOAL) {
                return GridRender.GOAL;
            }
            if (s == CliffWalkingModel.START) {
                return GridRender.START;
            }
            return CliffWalkingModel.isCliff(r, c) ? GridRender.CLIFF : java.awt.Color.WHITE;
        }, state);
    }

    /** Gymnasium's ansi render: {@code x} the walker, {@code T} the goal, {@code C} the cliff, {@code o} the rest. */
    @Override
    public String renderText() {
        StringBuilder sb = new StringBuilder();
        int cols = CliffWalkingModel.COLS;
        for (int s = 0; s < CliffWalkingModel.NUM_STATES; s++) {
            int row = s / cols;
            int col = s % cols;
            String out;
            if (s == state) {
                out = " x ";
            } else if (s == CliffWalkingModel.GOAL) {
                out = " T ";
            } else if (CliffWalkingModel.isCliff(row, col)) {
                out = " C ";
            } else {
                out = " o ";
            }
            if (col == 0) {
                out = out.stripLeading();
            }
            if (col == cols - 1) {
                out = out.stripTrailing() + "\n";
            }
            sb.append(out);
        }
        return sb.append('\n').toString();
    }
}
