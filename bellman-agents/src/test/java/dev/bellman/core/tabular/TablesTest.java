package dev.bellman.core.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.algorithms.tabular.QTable;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
    @TempDir
    Path tmp;

    @Test
    void of_tabularPolicy_givesItsTable_andTheLoadedOneMatches() throws IOException {
        AlgorithmProvider vi = Algorithms.get("value-iteration");
        Policy policy = vi.train(new TrainRequest("FrozenLake-v1", 1, 1, vi.resolve(Map.of())), MetricsSink.none());
        QTable q = Tables.of(policy).orElseThrow();
        assertEquals(16, q.numStates());
        assertEquals(4, q.numActions());
        for (int s = 0; s < 16; s++) assertEquals(q.greedyAction(s), policy.act(s));
        policy.save(tmp);
        QTable loaded = Tables.of(vi.load(tmp)).orElseThrow();
        assertEquals(q.max(14), loaded.max(14));
        assertTrue(q.max(14) > 0, "the cell beside the goal has positive value");
    }

    @Test
    void of_otherPolicy_isEmpty() {
        Policy other = new Policy() {
            @Override
            public Object act(Object observation) {
                return 0;
            }

            @Override
            public void save(Path directory) {}
        };
        assertTrue(Tables.of(other).isEmpty());
    }
}
