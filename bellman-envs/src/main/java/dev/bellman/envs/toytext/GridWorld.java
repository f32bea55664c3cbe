package dev.bellman.envs.toytext;

import dev.bellman.env.RenderFrame;

/**
 * The 4x4 grid world of the lectures: Sutton &amp; Barto (2018), <i>Reinforcement Learning: An Introduction</i>, 2nd
 * ed., Example 4.1 (the grid of Figure 4.1), as an episodic environment.
 *
 * <h2>Description</h2>
 * A 4x4 grid whose two opposite corners (top-left, state 0, and bottom-right, state 15) are terminal. Each move costs
 * 1 until a corner is reached. Under the equiprobable random policy and no discounting the state values are those of
 * Figure 4.1: 0 -14 -20 -22 / -14 -18 -20 -20 / -20 -20 -18 -14 / -22 -20 -14 0.
 *
 * <h2>Action space</h2>
 * {@code Discrete(4)}: 0 right, 1 left, 2 up, 3 down. A move that would leave the grid leaves the state unchanged.
 *
 * <h2>Observation space</h2>
 * {@code Discrete(16)}: {@code row * 4 + col}, rows and columns from 0 at the top-left.
 *
 * <h2>Rewards</h2>
 * -1 on every move, including the move into a terminal corner and moves into the wall.
 *
 * <h2>Starting state</h2>
 * Uniform over the 14 non-terminal states (the book's example has no start state; this makes every state's value
 * visible to Monte Carlo methods).
 *
 * <h2>Episode end</h2>
 * Termination: entering state 0 or 15. Truncation: 100 steps under the registered time limit. Steps from a corner
 * stay there with reward 0 and {@code terminated = true}.
 *
 * <h2>Arguments</h2>
 * None: {@code Envs.make("GridWorld-v0")}.
 *
 * <h2>Version history</h2>
 * v0: initial version (Bellman's own; Gymnasium has no such id).
 */
public final class GridWorld extends TabularEnv {

    public GridWorld() {
        super(GridWorldModel.build());
    }

    @Override
    RenderFrame renderFrame() {
        return GridRender.grid(GridWorldModel.SIZE, GridWorldModel.SIZE,
                (r, c) -> GridWorldModel.isTerminal(r * GridWorldModel.SIZE + c) ? GridRender.START : java.awt.Color.WHITE,
                state);
    }

    @Override
    public String renderText() {
        StringBuilder sb = new StringBuilder();
        if (lastAction >= 0) {
            sb.append("  (").append(new String[] {"Right", "Left", "Up", "Down"}[lastAction]).append(")\n");
        }
        for (int s = 0; s < GridWorldModel.NUM_STATES; s++) {
            char c = s == state ? 'x' : GridWorldModel.isTerminal(s) ? 'T' : 'o';
            sb.append(c).append(s % GridWorldModel.SIZE == GridWorldModel.SIZE - 1 ? "\n" : " ");
        }
        return sb.toString();
    }
}
