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

    @Test
    void twoPlayer_backsUpNegamax_handComputed() {
        LatentTree t = new LatentTree(2, 1, 4, 19652, 1.25, 1.0, true);
        t.expandRoot(new float[] {0}, UNIFORM, 0.5f);
        int leaf = t.selectLeaf();
        assertEquals(0, t.actionOf(leaf));
        // the child's value 0.8 is its mover's opponent's: the root gets 0 − 0.8; root sum 0.5 − 0.8, N = 2
        t.expandAndBackup(leaf, new float[] {1}, 0, 0, UNIFORM, 0, 0.8f);
        assertEquals(-0.15, t.rootValue(), 1e-6);
        // bounds: child 0's Q = −0.8, the root's V = −0.15; the unvisited child 1 (1.768·0.5) beats child 0
        // (1.768·0.5/2 + 0): a winning move for the root's player (reward 1, value 0)
        leaf = t.selectLeaf();
        assertEquals(1, t.actionOf(leaf));
        t.expandAndBackup(leaf, new float[] {2}, 0, 1, UNIFORM, 0, 0);
        assertEquals(0.7 / 3, t.rootValue(), 1e-6);
        // child 1 (Q = 1, normalised 1) is chosen again, and the descent goes on to its first child; that edge pays
        // its mover (the root's player) 0.2 and the grandchild's value is 0.4 (root's player's view):
        // child 1 gets 0.2 − 0.4 = −0.2, the root 1 − (−0.2) = 1.2 (a single-agent backup: 0.6 and 1.6)
        leaf = t.selectLeaf();
        assertEquals(0, t.actionOf(leaf));
        assertEquals(2, t.latents()[t.parentLatent(leaf)]);
        t.expandAndBackup(leaf, new float[] {3}, 0, 0.2f, UNIFORM, 0, 0.4f);
        assertEquals((0.7 + 1.2) / 4, t.rootValue(), 1e-6);
        // bounds now [−0.8, 1.1]: −0.8 (child 0), 1.1 (child 1: 1 − V = 1 − (−0.2 / 2))
        assertEquals(0.0, t.normalise(-0.8), 1e-6);
        assertEquals(1.0, t.normalise(1.1), 1e-6);
        assertEquals(0.5, t.normalise(0.15), 1e-6);
    }

    /**
     * A perfect model of a tiny game: the root's action 0 lets the opponent win at once (their action 0 pays them 1),
     * action 1 leads to a dead draw. Negamax steers the visits to action 1; a single-agent backup, which adds the
     * opponent's reward as if it were the root player's, prefers action 0.
     */
    @Test
    void twoPlayer_avoidsTheMoveThatLetsTheOpponentWin_whereASingleAgentSearchWouldSeekIt() {
        int[] twoPlayer = searchTinyGame(true), singleAgent = searchTinyGame(false);
        assertTrue(twoPlayer[1] > 3 * twoPlayer[0], java.util.Arrays.toString(twoPlayer));
        assertTrue(singleAgent[0] > 3 * singleAgent[1], java.util.Arrays.toString(singleAgent));
    }

    private static int[] searchTinyGame(boolean twoPlayer) {
        LatentTree t = new LatentTree(2, 1, 200, 19652, 1.25, 1.0, twoPlayer);
        t.expandRoot(new float[] {0}, UNIFORM, 0);
        for (int i = 0; i < 200; i++) {
            int leaf = t.selectLeaf();
            int state = (int) t.latents()[t.parentLatent(leaf)], a = t.actionOf(leaf);
            // states: 0 root, 1 after the root's action 0, 2 after its action 1, 3 over (absorbing, no reward)
            int next = state == 0 ? 1 + a : 3;
            float reward = state == 1 && a == 0 ? 1 : 0;
            t.expandAndBackup(leaf, new float[] {next}, 0, reward, UNIFORM, 0, 0);
        }
        int[] visits = new int[2];
        t.rootVisits(visits);
        return visits;
    }

    @Test
    void aLegalMaskAtTheRoot_renormalisesThePrior_andNeverSelectsAnIllegalAction() {
        LatentTree t = new LatentTree(3, 1, 50, 19652, 1.25, 1.0, true);
        // the network puts most mass on the illegal action 0
        t.expandRoot(new float[] {0}, new float[] {0.8f, 0.15f, 0.05f}, 0, new boolean[] {false, true, true});
        t.addRootNoise(0.3, 0.25, new dev.bellman.nn.Rng(1));
        for (int i = 0; i < 50; i++) {
            int leaf = t.selectLeaf();
            t.expandAndBackup(leaf, new float[] {0}, 0, 0, new float[] {0.8f, 0.15f, 0.05f}, 0, 0);
        }
        int[] visits = new int[3];
        t.rootVisits(visits);
        assertEquals(0, visits[0], java.util.Arrays.toString(visits));
        assertEquals(50, visits[1] + visits[2]);
        // the renormalised prior 0.75 / 0.25 (before noise) draws most visits to action 1
        assertTrue(visits[1] > visits[2], java.util.Arrays.toString(visits));
        assertThrows(IllegalArgumentException.class,
                () -> t.expandRoot(new float[] {0}, new float[3], 0, new boolean[3]));
    }

    @Test
    void knownBounds_startEverySearch_andWidenWithTheValuesSeen() {
        LatentTree t = new LatentTree(2, 1, 4, 19652, 1.25, 1.0, true);
        t.setKnownBounds(-1, 1);
        t.expandRoot(new float[] {0}, UNIFORM, 0);
        assertEquals(0.5, t.normalise(0), 1e-12);
        // a winning edge (reward 1) into a position whose mover's opponent is lost (−1): Q = 1 − (−1) = 2
        t.expandAndBackup(t.selectLeaf(), new float[] {0}, 0, 1, UNIFORM, 0, -1);
        assertEquals(1.0 / 3, t.normalise(0), 1e-12);
        t.expandRoot(new float[] {0}, UNIFORM, 0); // the next search starts from [−1, 1] again
        assertEquals(0.5, t.normalise(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> t.setKnownBounds(1, 1));
    }
}
