package dev.bellman.envs.toytext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.TabularModel;
import dev.bellman.env.TabularModel.Transition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToyTextModelTest {

    private static final Map<String, TabularModel> MODELS = Map.of(
            "gridworld", GridWorldModel.build(),
            "frozen4", FrozenLakeModel.build(FrozenLakeModel.parse(FrozenLakeModel.MAPS.get("4x4")), true),
            "frozen8", FrozenLakeModel.build(FrozenLakeModel.parse(FrozenLakeModel.MAPS.get("8x8")), true),
            "frozen4det", FrozenLakeModel.build(FrozenLakeModel.parse(FrozenLakeModel.MAPS.get("4x4")), false),
            "cliff", CliffWalkingModel.build(false),
            "cliffSlippery", CliffWalkingModel.build(true),
            "taxi", TaxiModel.build());

    @Test
    void everyModel_probabilitiesSumToOne_andNextStatesInRange() {
        MODELS.forEach((name, m) -> {
            for (int s = 0; s < m.numStates(); s++) {
                for (int a = 0; a < m.numActions(); a++) {
                    double sum = 0;
                    for (Transition t : m.transitions(s, a)) {
                        assertTrue(t.probability() > 0, name);
                        assertTrue(t.nextState() >= 0 && t.nextState() < m.numStates(), name);
                        sum += t.probability();
                    }
                    assertEquals(1.0, sum, 1e-12, name + " s=" + s + " a=" + a);
                }
            }
            double init = 0;
            for (double p : m.initialStateDistribution()) {
                init += p;
            }
            assertEquals(1.0, init, 1e-12, name);
        });
    }

    @Test
    void categoricalSample_isFirstIndexWithCumsumAboveDraw() {
        double[] p = {0.25, 0.0, 0.5, 0.25};
        assertEquals(0, TransitionTable.categoricalSample(p, 0.0));
        assertEquals(0, TransitionTable.categoricalSample(p, 0.2499));
        assertEquals(2, TransitionTable.categoricalSample(p, 0.25)); // cumsum must be strictly greater
        assertEquals(3, TransitionTable.categoricalSample(p, 0.75));
        // np.argmax of an all-false array is 0
        assertEquals(0, TransitionTable.categoricalSample(new double[] {0.3, 0.3}, 0.9));
    }

    @Test
    void gridWorld_randomPolicyValues_matchSuttonBartoFigure4_1() {
        TabularModel m = GridWorldModel.build();
        double[] v = new double[m.numStates()];
        for (int sweep = 0; sweep < 2000; sweep++) {
            double[] nv = new double[v.length];
            for (int s = 0; s < v.length; s++) {
                for (int a = 0; a < 4; a++) {
                    for (Transition t : m.transitions(s, a)) {
                        nv[s] += 0.25 * t.probability() * (t.reward() + (t.terminated() ? 0 : v[t.nextState()]));
                    }
                }
            }
            v = nv;
        }
        // S&B (2018) Figure 4.1, k = infinity: 0 -14 -20 -22 / -14 -18 -20 -20 / -20 -20 -18 -14 / -22 -20 -14 0
        double[] expected = {0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0};
        assertArrayEquals(expected, v, 1e-6);
    }

    @Test
    void gridWorld_movesOffGridStayAndCornersAbsorb() {
        TabularModel m = GridWorldModel.build();
        assertEquals(List.of(new Transition(1, 1, -1, false)), m.transitions(1, 2)); // up from the top row
        assertEquals(List.of(new Transition(1, 0, -1, true)), m.transitions(1, 1)); // left into corner 0
        assertEquals(List.of(new Transition(1, 15, -1, true)), m.transitions(11, 3)); // down into corner 15
        assertEquals(List.of(new Transition(1, 6, -1, false)), m.transitions(5, 0)); // right
        assertEquals(List.of(new Transition(1, 0, 0, true)), m.transitions(0, 3));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, m.initialStates());
    }

    @Test
    void frozenLake_slipperyLeft_goesLeftUpOrDownInGymnasiumOrder() {
        TabularModel m = FrozenLakeModel.build(FrozenLakeModel.parse(FrozenLakeModel.MAPS.get("4x4")), true);
        // state 6 = (1, 2); LEFT: (a-1)%4 = UP -> 2, LEFT -> 5 (hole), DOWN -> 10
        List<Transition> t = m.transitions(6, FrozenLakeModel.LEFT);
        assertEquals(List.of(
                new Transition(1.0 / 3, 2, 0, false),
                new Transition(1.0 / 3, 5, 0, true),
                new Transition(1.0 / 3, 10, 0, false)), t);
        // state 14 = (3, 2); RIGHT reaches the goal with reward 1; DOWN stays (wall)
        List<Transition> r = m.transitions(14, FrozenLakeModel.RIGHT);
        assertEquals(new Transition(1.0 / 3, 15, 1, true), r.get(1));
        assertEquals(new Transition(1.0 / 3, 14, 0, false), r.get(0)); // (RIGHT-1) = DOWN into the wall
        assertEquals(new Transition(1.0 / 3, 10, 0, false), r.get(2)); // UP
        // holes and goal absorb
        assertEquals(List.of(new Transition(1, 5, 0, true)), m.transitions(5, 2));
        assertArrayEquals(new int[] {0}, m.initialStates());
    }

    @Test
    void frozenLake_badMap_isRejectedWithMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrozenLakeModel.parse(new String[] {"SFF", "FX", "FFG"}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void frozenLake_randomMap_alwaysHasPath_andUsesOneUniformPerTile() {
        java.util.Random r = new java.util.Random(3);
        int[] draws = {0};
        String[] map = FrozenLakeModel.randomMap(6, 0.5, () -> {
            draws[0]++;
            return r.nextDouble();
        });
        assertEquals(6, map.length);
        assertEquals('S', map[0].charAt(0));
        assertEquals('G', map[5].charAt(5));
        assertTrue(FrozenLakeModel.hasPath(FrozenLakeModel.parse(map) ));
        assertEquals(0, draws[0] % 36);
        // p = 1 gives an all-frozen board on the first try
        assertArrayEquals(new String[] {"SFF", "FFF", "FFG"}, FrozenLakeModel.randomMap(3, 1.0, r::nextDouble));
        assertFalse(FrozenLakeModel.hasPath(FrozenLakeModel.parse(new String[] {"SH", "HG"})));
    }

    @Test
    void cliffWalking_stepIntoCliff_returnsToStartWithoutTermination() {
        TabularModel m = CliffWalkingModel.build(false);
        // from the start (36) moving right (1) steps onto the cliff at (3, 1)
        assertEquals(List.of(new Transition(1, 36, -100, false)), m.transitions(36, 1));
        // from (2, 5) = 29 moving down (2) falls as well
        assertEquals(List.of(new Transition(1, 36, -100, false)), m.transitions(29, 2));
        // from (2, 11) = 35 moving down reaches the goal
        assertEquals(List.of(new Transition(1, 47, -1, true)), m.transitions(35, 2));
        // up from the start
        assertEquals(List.of(new Transition(1, 24, -1, false)), m.transitions(36, 0));
        assertArrayEquals(new int[] {36}, m.initialStates());
    }

    @Test
    void cliffWalkingSlippery_hasThreeOutcomesInGymnasiumOrder() {
        TabularModel m = CliffWalkingModel.build(true);
        // at 36 action up (0): moves (0-1)%4 = left (wall, stays), up -> 24, right -> cliff
        assertEquals(List.of(
                new Transition(1.0 / 3, 36, -1, false),
                new Transition(1.0 / 3, 24, -1, false),
                new Transition(1.0 / 3, 36, -100, false)), m.transitions(36, 0));
    }

    @Test
    void taxi_encodeDecode_roundTripAllStates() {
        for (int s = 0; s < 500; s++) {
            int[] d = TaxiModel.decode(s);
            assertEquals(s, TaxiModel.encode(d[0], d[1], d[2], d[3]));
        }
        // Gymnasium docs: ((row * 5 + col) * 5 + passenger) * 4 + destination
        assertEquals(((3 * 5 + 1) * 5 + 2) * 4 + 0, TaxiModel.encode(3, 1, 2, 0));
        assertArrayEquals(new int[] {3, 1, 2, 0}, TaxiModel.decode(328));
    }

    @Test
    void taxi_pickupAndDropoff_rewardsAndTermination() {
        TabularModel m = TaxiModel.build();
        // taxi at Y (4, 0), passenger at Y (2), destination G (1): pickup succeeds with -1
        int s = TaxiModel.encode(4, 0, 2, 1);
        assertEquals(List.of(new Transition(1, TaxiModel.encode(4, 0, 4, 1), -1, false)), m.transitions(s, 4));
        // illegal pickup and dropoff elsewhere: -10, no change
        int empty = TaxiModel.encode(2, 2, 2, 1);
        assertEquals(List.of(new Transition(1, empty, -10, false)), m.transitions(empty, 4));
        assertEquals(List.of(new Transition(1, empty, -10, false)), m.transitions(empty, 5));
        // carrying to G (0, 4) and dropping: +20, terminated, passenger now at G
        int atG = TaxiModel.encode(0, 4, 4, 1);
        assertEquals(List.of(new Transition(1, TaxiModel.encode(0, 4, 1, 1), 20, true)), m.transitions(atG, 5));
        // dropping at another marked location (R) leaves the passenger there for -1
        int atR = TaxiModel.encode(0, 0, 4, 1);
        assertEquals(List.of(new Transition(1, TaxiModel.encode(0, 0, 0, 1), -1, false)), m.transitions(atR, 5));
        // walls: east from (0, 1) is blocked, west from (0, 2) blocked, east from (0, 0) open
        int w = TaxiModel.encode(0, 1, 0, 1);
        assertEquals(w, m.transitions(w, 2).get(0).nextState());
        assertEquals(TaxiModel.encode(0, 1, 0, 1), m.transitions(TaxiModel.encode(0, 0, 0, 1), 2).get(0).nextState());
        // 300 equally likely initial states
        int[] init = m.initialStates();
        assertEquals(300, init.length);
        assertEquals(1.0 / 300, m.initialStateDistribution()[init[7]], 1e-15);
    }

    @Test
    void taxi_actionMask_marksExactlyTheStateChangingActions() {
        TabularModel m = TaxiModel.build();
        Map<String, Integer> checked = new HashMap<>();
        for (int s = 0; s < 500; s++) {
            byte[] mask = TaxiModel.actionMask(s);
            for (int a = 0; a < 6; a++) {
                boolean changes = m.transitions(s, a).get(0).nextState() != s;
                assertEquals(changes ? 1 : 0, mask[a], "s=" + s + " a=" + a);
                checked.merge("n", 1, Integer::sum);
            }
        }
        assertEquals(3000, checked.get("n"));
    }
}
