package dev.bellman.envs.toytext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.EnvSpec;
import dev.bellman.env.Envs;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import dev.bellman.env.TabularModel.Transition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToyTextEnvTest {

    /** Each (s, a) stepped {@code n} times from {@code s}; outcome frequencies within 5 standard errors of P. */
    private static void assertFrequenciesMatchModel(TabularEnv env, int n) {
        env.reset(7L);
        for (int s = 0; s < env.numStates(); s++) {
            for (int a = 0; a < env.numActions(); a++) {
                // outcomes keyed by (next, reward, terminated): several entries may coincide (walls)
                Map<String, Double> expected = new HashMap<>();
                for (Transition t : env.transitions(s, a)) {
                    expected.merge(t.nextState() + "/" + t.reward() + "/" + t.terminated(), t.probability(), Double::sum);
                }
                Map<String, Integer> counts = new HashMap<>();
                for (int k = 0; k < n; k++) {
                    env.setState(s);
                    Step<Integer> st = env.step(a);
                    counts.merge(st.observation() + "/" + st.reward() + "/" + st.terminated(), 1, Integer::sum);
                }
                for (String key : counts.keySet()) {
                    assertTrue(expected.containsKey(key), "s=" + s + " a=" + a + " impossible outcome " + key);
                }
                for (Map.Entry<String, Double> e : expected.entrySet()) {
                    double p = e.getValue();
                    double freq = counts.getOrDefault(e.getKey(), 0) / (double) n;
                    double se = Math.sqrt(p * (1 - p) / n);
                    assertEquals(p, freq, 5 * se + 1e-12, "s=" + s + " a=" + a + " outcome " + e.getKey());
                }
            }
        }
    }

    @Test
    void frozenLakeSlippery_simulatedFrequencies_matchModel() {
        assertFrequenciesMatchModel(new FrozenLake("4x4", true), 1500);
    }

    @Test
    void cliffWalkingSlippery_simulatedFrequencies_matchModel() {
        assertFrequenciesMatchModel(new CliffWalking(true), 600);
    }

    @Test
    void deterministicEnvs_stepExactlyAsModel() {
        assertFrequenciesMatchModel(new Taxi(), 2);
        assertFrequenciesMatchModel(new GridWorld(), 2);
        assertFrequenciesMatchModel(new CliffWalking(false), 2);
        assertFrequenciesMatchModel(new FrozenLake("8x8", false), 2);
    }

    @Test
    void reset_drawsInitialStateWithOneUniformByCategoricalRule() {
        Taxi taxi = new Taxi();
        for (long seed = 0; seed < 50; seed++) {
            int s = taxi.reset(seed).observation();
            double u = new NpRandom(seed).random();
            // categorical_sample: first index whose cumulative probability exceeds u
            double[] d = taxi.initialStateDistribution();
            double cum = 0;
            int expected = -1;
            for (int i = 0; i < d.length && expected < 0; i++) {
                cum += d[i];
                if (cum > u) {
                    expected = i;
                }
            }
            assertEquals(expected, s, "seed " + seed);
        }
    }

    @Test
    void taxiReset_isUniformOverThe300StartStates() {
        Taxi taxi = new Taxi();
        taxi.reset(123L);
        int n = 30_000;
        int[] counts = new int[500];
        for (int k = 0; k < n; k++) {
            counts[taxi.reset().observation()]++;
        }
        int[] support = taxi.initialStates();
        double chi2 = 0;
        double e = n / 300.0;
        int inSupport = 0;
        for (int s : support) {
            chi2 += (counts[s] - e) * (counts[s] - e) / e;
            inSupport += counts[s];
        }
        assertEquals(n, inSupport, "reset left the initial support");
        // 299 degrees of freedom: mean 299, sd 24.5; 5 sd above the mean
        assertTrue(chi2 < 299 + 5 * 24.5, "chi2 = " + chi2);
    }

    @Test
    void sameSeed_sameTrajectory_differentSeed_differentTrajectory() {
        assertEquals(trajectory(11), trajectory(11));
        assertNotEquals(trajectory(11), trajectory(12));
    }

    private static List<Integer> trajectory(long seed) {
        Env<Integer, Integer> env = Envs.make("FrozenLake8x8-v1");
        List<Integer> states = new ArrayList<>();
        states.add(env.reset(seed).observation());
        for (int k = 0; k < 300; k++) {
            Step<Integer> s = env.step(k % 4);
            states.add(s.observation());
            if (s.terminated() || s.truncated()) {
                states.add(env.reset().observation());
            }
        }
        return states;
    }

    @Test
    void registry_hasGymnasiumLimitsAndThresholds() {
        assertSpec("FrozenLake-v1", 100, 0.70);
        assertSpec("FrozenLake8x8-v1", 200, 0.85);
        assertSpec("CliffWalking-v0", null, null);
        assertSpec("Taxi-v3", 200, 8.0);
        assertSpec("CliffWalking-v1", null, null);
        assertSpec("CliffWalkingSlippery-v1", null, null);
        assertSpec("Taxi-v4", 200, 8.0);
        assertSpec("Blackjack-v1", null, null);
        assertSpec("GridWorld-v0", 100, null);
        Env<Integer, Integer> lake = Envs.make("FrozenLake8x8-v1");
        assertInstanceOf(FrozenLake.class, lake.unwrapped());
        assertEquals(64, ((FrozenLake) lake.unwrapped()).numStates());
    }

    private static void assertSpec(String id, Integer maxSteps, Double threshold) {
        EnvSpec spec = Envs.spec(id);
        assertEquals(maxSteps, spec.maxEpisodeSteps(), id);
        assertEquals(threshold, spec.rewardThreshold(), id);
    }

    @Test
    void frozenLake_kwargs_selectMapSlipperinessAndCustomDesc() {
        Env<Integer, Integer> det = Envs.make("FrozenLake-v1", Map.of("is_slippery", false));
        FrozenLake lake = (FrozenLake) det.unwrapped();
        assertFalse(lake.isSlippery());
        assertEquals(1, lake.transitions(0, 2).size());
        Env<Integer, Integer> custom = Envs.make("FrozenLake-v1", Map.of("desc", List.of("SF", "HG")));
        assertArrayEquals(new String[] {"SF", "HG"}, ((FrozenLake) custom.unwrapped()).desc());
        Env<Integer, Integer> big = Envs.make("FrozenLake-v1", Map.of("map_name", "8x8"));
        assertEquals(8, ((FrozenLake) big.unwrapped()).nrow());
        assertThrows(IllegalArgumentException.class, () -> Envs.make("FrozenLake-v1", Map.of("map_name", "5x5")));
    }

    @Test
    void frozenLake_deterministicPathToGoal_terminatesWithRewardOne() {
        Env<Integer, Integer> env = Envs.make("FrozenLake-v1", Map.of("is_slippery", false));
        env.reset(0L);
        // 4x4: down, down, right, right, down, right reaches G avoiding holes
        int[] actions = {1, 1, 2, 2, 1, 2};
        Step<Integer> s = null;
        for (int a : actions) {
            s = env.step(a);
        }
        assertEquals(15, s.observation());
        assertEquals(1.0, s.reward());
        assertTrue(s.terminated());
    }

    @Test
    void timeLimit_truncatesTaxiAt200Steps() {
        Env<Integer, Integer> taxi = Envs.make("Taxi-v3");
        taxi.reset(3L);
        Step<Integer> s = null;
        for (int k = 0; k < 200; k++) {
            assertFalse(s != null && s.truncated(), "truncated early at step " + k);
            s = taxi.step(4); // pickups never terminate an episode
        }
        assertTrue(s.truncated());
        assertFalse(s.terminated());
    }

    @Test
    void cliffWalking_walkIntoCliff_isPenalisedAndReturnsToStart() {
        Env<Integer, Integer> env = Envs.make("CliffWalking-v0");
        assertEquals(36, env.reset(0L).observation());
        env.step(0); // up to 24
        Step<Integer> s = env.step(1); // right to 25
        assertEquals(25, s.observation());
        s = env.step(2); // down onto the cliff at (3, 1)
        assertEquals(36, s.observation());
        assertEquals(-100.0, s.reward());
        assertFalse(s.terminated());
    }

    @Test
    void taxi_infoCarriesActionMask() {
        Env<Integer, Integer> env = Envs.make("Taxi-v3");
        Reset<Integer> r = env.reset(5L);
        byte[] mask = (byte[]) r.info().get("action_mask");
        assertArrayEquals(Taxi.actionMask(r.observation()), mask);
        assertEquals(1.0, r.info().get("prob"));
    }

    @Test
    void step_beforeReset_throws() {
        assertThrows(IllegalStateException.class, () -> new GridWorld().step(0));
        assertThrows(IllegalStateException.class, () -> Envs.make("Taxi-v3").step(0));
    }

    @Test
    void step_invalidAction_throwsNamingIt() {
        GridWorld g = new GridWorld();
        g.reset(0L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.step(4));
        assertTrue(e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void renderText_isAnsiFreeAndShowsTheAgent() {
        GridWorld g = new GridWorld();
        g.reset(0L);
        g.setState(5);
        assertEquals("T o o o\no x o o\no o o o\no o o T\n", g.renderText());
        CliffWalking c = new CliffWalking();
        c.reset(0L);
        String cliff = c.renderText();
        assertTrue(cliff.startsWith("o  o "), cliff);
        assertTrue(cliff.contains("x  C  C"), cliff);
        FrozenLake f = new FrozenLake();
        f.reset(0L);
        assertEquals("\n*FFF\nFHFH\nFFFH\nHFFG\n", f.renderText());
        Taxi t = new Taxi();
        t.reset(0L);
        t.setState(Taxi.encode(2, 2, 4, 3));
        String taxi = t.renderText();
        assertTrue(taxi.contains("| : :T: : |"), taxi);
        assertTrue(taxi.contains("passenger: in taxi, destination: B"), taxi);
        for (String s : List.of(g.renderText(), cliff, f.renderText(), taxi)) {
            assertFalse(s.contains("\u001b"), s);
        }
    }

    @Test
    void generateRandomMap_isSeededAndSolvable() {
        String[] a = FrozenLake.generateRandomMap(8, 0.8, 42);
        assertArrayEquals(a, FrozenLake.generateRandomMap(8, 0.8, 42));
        assertTrue(FrozenLakeModel.hasPath(FrozenLakeModel.parse(a)));
        boolean differs = false;
        for (long seed = 0; seed < 5; seed++) {
            String[] m = FrozenLake.generateRandomMap(5, 0.6, seed);
            assertTrue(FrozenLakeModel.hasPath(FrozenLakeModel.parse(m)), String.join("/", m));
            differs |= !java.util.Arrays.equals(m, FrozenLake.generateRandomMap(5, 0.6, seed + 100));
        }
        assertTrue(differs);
        FrozenLake env = new FrozenLake(a, true);
        assertEquals(64, env.numStates());
    }

    @Test
    void render_drawsGridWithAgentDisc_andNullBeforeReset() {
        FrozenLake lake = new FrozenLake("8x8", true);
        assertEquals(null, lake.render());
        lake.reset(0L);
        lake.setState(9); // row 1, col 1
        dev.bellman.env.RenderFrame f = lake.render();
        assertEquals(8 * GridRender.CELL, f.width());
        assertEquals(8 * GridRender.CELL, f.height());
        int mid = GridRender.CELL / 2;
        assertEquals(GridRender.AGENT.getRGB() & 0xffffff, f.rgbAt(GridRender.CELL + mid, GridRender.CELL + mid));
        assertEquals(GridRender.GOAL.getRGB() & 0xffffff, f.rgbAt(7 * GridRender.CELL + mid, 7 * GridRender.CELL + mid));
        Taxi taxi = new Taxi();
        taxi.reset(1L);
        assertEquals(5 * GridRender.CELL, taxi.render().width());
        CliffWalking cliff = new CliffWalking();
        cliff.reset(1L);
        dev.bellman.env.RenderFrame c = cliff.render();
        assertEquals(GridRender.CLIFF.getRGB() & 0xffffff, c.rgbAt(5 * GridRender.CELL + mid, 3 * GridRender.CELL + mid));
        GridWorld grid = new GridWorld();
        grid.reset(0L);
        assertEquals(4 * GridRender.CELL, grid.render().height());
    }

    @Test
    void formerIds_areDeprecatedAliasesOfTheCurrentOnes() {
        assertEquals(java.util.Optional.of("CliffWalking-v1"), Envs.replacement("CliffWalking-v0"));
        assertEquals(java.util.Optional.of("Taxi-v4"), Envs.replacement("Taxi-v3"));
        assertEquals(java.util.Optional.empty(), Envs.replacement("Taxi-v4"));
        assertEquals(java.util.Optional.empty(), Envs.replacement("NoSuchEnv-v9"));
        // the aliases keep the behaviour: the same seed and actions give the same episode
        for (String[] pair : new String[][] {{"CliffWalking-v0", "CliffWalking-v1"}, {"Taxi-v3", "Taxi-v4"}}) {
            try (Env<Integer, Integer> old = Envs.make(pair[0]); Env<Integer, Integer> current = Envs.make(pair[1])) {
                assertEquals(old.reset(7L).observation(), current.reset(7L).observation());
                for (int t = 0; t < 30; t++) {
                    Step<Integer> a = old.step(t % 4);
                    Step<Integer> b = current.step(t % 4);
                    assertEquals(a.observation(), b.observation(), pair[1] + " step " + t);
                    assertEquals(a.reward(), b.reward());
                    if (a.done()) {
                        break;
                    }
                }
            }
        }
    }

    @Test
    void blackjack_observationsInTheTupleSpace_andRegisteredArguments() {
        try (Env<java.util.List<Object>, Integer> env = Envs.make("Blackjack-v1")) {
            Blackjack bj = assertInstanceOf(Blackjack.class, env.unwrapped());
            assertTrue(bj.sab());
            assertFalse(bj.natural());
            for (long seed = 0; seed < 200; seed++) {
                java.util.List<Object> o = env.reset(seed).observation();
                assertTrue(env.observationSpace().contains(o), o.toString());
                int sum = (Integer) o.get(0);
                assertTrue(sum >= 4 && sum <= 21, "initial sum " + sum);
                int index = Blackjack.index(o);
                assertTrue(index >= 0 && index < 32 * 11 * 2, "index " + index);
                Step<java.util.List<Object>> s = env.step(1);
                assertTrue(env.observationSpace().contains(s.observation()), s.observation().toString());
                assertEquals(s.terminated(), (Integer) s.observation().get(0) > 21);
            }
        }
        try (Env<java.util.List<Object>, Integer> env = Envs.make("Blackjack-v1")) {
            env.reset(0L);
            assertThrows(IllegalArgumentException.class, () -> env.step(2));
        }
    }

    @Test
    void blackjack_restoredSnapshot_continuesTheSameHands() {
        try (Env<java.util.List<Object>, Integer> a = Envs.make("Blackjack-v1");
                Env<java.util.List<Object>, Integer> b = Envs.make("Blackjack-v1")) {
            a.reset(11L);
            Blackjack ua = (Blackjack) a.unwrapped();
            Blackjack ub = (Blackjack) b.unwrapped();
            b.reset(12L);
            ub.restore(ua.snapshot());
            for (int episode = 0; episode < 20; episode++) {
                for (int t = 0; t < 3; t++) {
                    Step<java.util.List<Object>> sa = ua.step(t < 2 ? 1 : 0);
                    Step<java.util.List<Object>> sb = ub.step(t < 2 ? 1 : 0);
                    assertEquals(sa.observation(), sb.observation());
                    assertEquals(sa.reward(), sb.reward());
                    if (sa.terminated()) {
                        break;
                    }
                }
                assertEquals(ua.reset(null, Map.of()).observation(), ub.reset(null, Map.of()).observation());
            }
            assertThrows(IllegalArgumentException.class, () -> ub.restore(new long[3]));
        }
    }
}
