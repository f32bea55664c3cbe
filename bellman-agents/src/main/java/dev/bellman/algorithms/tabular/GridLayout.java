package dev.bellman.algorithms.tabular;

import java.util.List;

/**
 * How the states of a grid-shaped MDP lie on the page: state {@code s} is the cell at row {@code s / cols},
 * column {@code s % cols} (Gymnasium's row-major numbering of FrozenLake, CliffWalking and GridWorld).
 *
 * @param rows number of rows, positive
 * @param cols number of columns, positive
 * @param actionSymbols one symbol per action, printed for the greedy action (for example {@code ←, ↓, →, ↑})
 * @param cells optional map of the grid, one character per state in row-major order (FrozenLake's
 *     {@code "SFFFFHFHFFFHHFFG"}); its character is printed for terminal states; empty for none
 */
public record GridLayout(int rows, int cols, List<String> actionSymbols, String cells) {
    public GridLayout {
        if (rows <= 0) throw new IllegalArgumentException("rows must be positive but was " + rows);
        if (cols <= 0) throw new IllegalArgumentException("cols must be positive but was " + cols);
        if (actionSymbols == null || actionSymbols.isEmpty()) {
            throw new IllegalArgumentException("actionSymbols must name at least one action but was " + actionSymbols);
        }
        actionSymbols = List.copyOf(actionSymbols);
        if (cells == null) cells = "";
        if (!cells.isEmpty() && cells.length() != rows * cols) {
            throw new IllegalArgumentException("cells must have " + rows * cols + " characters (rows x cols) but had "
                    + cells.length());
        }
    }

    /** A layout without a cell map. */
    public GridLayout(int rows, int cols, List<String> actionSymbols) {
        this(rows, cols, actionSymbols, "");
    }

    /** The cell character of state s, or 0 when there is no cell map. */
    char cell(int s) {
        return cells.isEmpty() ? 0 : cells.charAt(s);
    }
}
