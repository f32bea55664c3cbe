package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.QTable;
import dev.bellman.core.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** A greedy policy over a {@link QTable}: acts by arg max (ties to the lowest action), saves as {@code q_table.txt}. */
final class TablePolicy implements Policy {
    static final String FILE = "q_table.txt";

    private final QTable table;

    TablePolicy(QTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    QTable table() {
        return table;
    }

    @Override
    public Object act(Object observation) {
        if (!(observation instanceof Integer s)) {
            throw new IllegalArgumentException("a tabular policy needs an Integer (Discrete) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        if (s < 0 || s >= table.numStates()) {
            throw new IllegalArgumentException("observation must be a state in [0, " + table.numStates() + ") but was " + s);
        }
        return table.greedyAction(s);
    }

    @Override
    public void save(Path directory) throws IOException {
        table.save(directory.resolve(FILE));
    }

    static TablePolicy load(Path directory) throws IOException {
        return new TablePolicy(QTable.load(directory.resolve(FILE)));
    }
}
