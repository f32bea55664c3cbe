package dev.bellman.search;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latent tree's pUCT descent, reward-discounted backup and min-max normalisation, against hand-computed cases. */
class LatentTreeTest {
    private static final float[] UNIFORM = {0.5f, 0.5f};

    @Test
    void backup_discountsTheLeafValueThroughEdgeRewards_handComputed() {
        LatentTree t = new LatentTree(2, 1, 4, 19652, 1.25, 0.5);
        t.expandRoot(new float[] {7}, UNIFORM, 0);
        // N(root) = 1, both children unvisited with equal priors: the lowest action
        int leaf = t.selectLeaf();
        assertEquals(0, t.actionOf(leaf));
        assertEquals(7, t.latents()[t.parentLatent(leaf)]);
        t.expandAndBackup(leaf, new float[] {8}, 0, 1, UNIFORM, 0, 2);
        // child 0: N = 1, value 2; root: N = 2, sum 0 + (1 + 0.5·2) = 2
        assertEquals(1.0, t.rootValue(), 1e-12);
        int[] visits = new int[2];
        t.rootVisits(visits);
        assertArrayEquals(new int[] {1, 0}, visits);
        // bounds [0.5, 2] (root 0 + 0.5·1, child 0: 1 + 0.5·2): child 0 scores 1 + 1.768·0.5/2, child 1 only 1.768·0.5;
        // the descent goes on below child 0 to its first child, whose parent latent is 8
        leaf = t.selectLeaf();
        assertEquals(0, t.actionOf(leaf));
        assertEquals(8, t.latents()[t.parentLatent(leaf)]);
        t.expandAndBackup(leaf, new float[] {9}, 0, 4, UNIFORM, 0, 0);
        // grandchild: value 0; child 0: sum 2 + (4 + 0.5·0) = 6, N = 2; root: sum 2 + (1 + 0.5·4) = 5, N = 3
        assertEquals(5.0 / 3, t.rootValue(), 1e-12);
        // bounds over r + γ·V on the paths: 2 (child 0), 0.5 (root: 0 + 0.5·1), 4 (grandchild), 2.5 (child 0:
        // 1 + 0.5·6/2), 0.8333 (root: 0.5·5/3): [0.5, 4]
        assertEquals(2.0 / 3.5, t.normalise(2.5), 1e-12);
        assertEquals(1.0, t.normalise(4.0), 1e-12);
        assertEquals(0.0, t.normalise(0.5), 1e-12);
    }

    @Test
    void aModelWithOneRewardingAction_drawsMostVisitsToIt() {
        // a perfect one-state model: action 1 pays 1, action 0 pays 0, values 0, uniform priors
        LatentTree t = new LatentTree(2, 1, 100, 19652, 1.25, 0.9);
        t.expandRoot(new float[] {0}, UNIFORM, 0);
        for (int i = 0; i < 100; i++) {
            int leaf = t.selectLeaf();
            t.expandAndBackup(leaf, new float[] {0}, 0, t.actionOf(leaf) == 1 ? 1 : 0, UNIFORM, 0, 0);
        }
        int[] visits = new int[2];
        t.rootVisits(visits);
        assertTrue(visits[1] > 3 * visits[0], java.util.Arrays.toString(visits));
        assertEquals(101, visits[0] + visits[1] + 1);
    }

    @Test
    void moreSimulationsThanRoomFor_failsNamingTheCapacity() {
        LatentTree t = new LatentTree(2, 1, 1, 19652, 1.25, 0.9);
        t.expandRoot(new float[] {0}, UNIFORM, 0);
        t.expandAndBackup(t.selectLeaf(), new float[] {0}, 0, 0, UNIFORM, 0, 0);
        var e = assertThrows(IllegalStateException.class, t::selectLeaf);
        assertTrue(e.getMessage().contains("full"), e.getMessage());
    }
}
