package dev.bellman.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import dev.bellman.games.connectfour.SolverPlayer;
import dev.bellman.games.tictactoe.MinimaxPlayer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GameEnvTest {

    private static int legalCount(byte[] mask) {
        int n = 0;
        for (byte b : mask) n += b;
        return n;
    }

    @Test
    void reset_agentFirstOrSecondBySeed_opponentMovesFirstWhenAgentIsSecond() {
        GameEnv env = GameEnv.make("TicTacToe", new MinimaxPlayer(1), 0);
        assertEquals(27, env.observationSpace().sample().length);
        Reset<float[]> first = env.reset(0L, java.util.Map.of());
        assertEquals(0, env.agentPlayer());
        assertEquals(9, legalCount((byte[]) first.info().get("action_mask")));
        assertEquals(0f, sum(first.observation(), 0, 18));
        assertEquals(9f, sum(first.observation(), 18, 27)); // colour plane: the agent is X
        Reset<float[]> second = env.reset(1L, java.util.Map.of());
        assertEquals(1, env.agentPlayer());
        assertEquals(8, legalCount((byte[]) second.info().get("action_mask")));
        assertEquals(1f, sum(second.observation(), 9, 18)); // the opponent's first stone
        assertEquals(0f, sum(second.observation(), 0, 9));
        // unseeded resets switch sides
        env.reset(4L, java.util.Map.of());
        assertEquals(0, env.agentPlayer());
        env.reset();
        assertEquals(1, env.agentPlayer());
        env.reset();
        assertEquals(0, env.agentPlayer());
        GameEnv fixed = new GameEnv(Games.make("TicTacToe"), new RandomPlayer(0), GameEnv.Side.SECOND, 0);
        fixed.reset(2L, java.util.Map.of());
        assertEquals(1, fixed.agentPlayer());
    }

    @Test
    void episodes_againstMinimax_neverWonAndRewardedAtTheEnd() {
        GameEnv env = GameEnv.make("TicTacToe", new MinimaxPlayer(3), 0);
        SplittableRandom random = new SplittableRandom(9);
        int losses = 0;
        for (int episode = 0; episode < 60; episode++) {
            Reset<float[]> r = env.reset((long) episode, java.util.Map.of());
            byte[] mask = (byte[]) r.info().get("action_mask");
            while (true) {
                int action = randomLegal(mask, random);
                Step<float[]> step = env.step(action);
                assertFalse(step.truncated());
                mask = (byte[]) step.info().get("action_mask");
                if (step.terminated()) {
                    assertTrue(step.reward() <= 0, "the agent beat minimax");
                    assertEquals(env.state().returnFor(env.agentPlayer()), step.reward());
                    assertEquals(0, legalCount(mask));
                    if (step.reward() < 0) losses++;
                    break;
                }
                assertEquals(0.0, step.reward());
                assertEquals(env.agentPlayer(), env.state().currentPlayer());
            }
            IllegalStateException after = assertThrows(IllegalStateException.class, () -> env.step(0));
            assertTrue(after.getMessage().contains("reset()"), after.getMessage());
        }
        assertTrue(losses > 30, "losses " + losses);
    }

    @Test
    void illegalAction_throwsNamingItAndLeavesTheGameUnchanged() {
        GameEnv env = GameEnv.make("ConnectFour", SolverPlayer.depthLimited(2, 1), 0);
        env.reset(0L, java.util.Map.of());
        for (int i = 0; i < 3; i++) env.step(0); // the agent fills column 1 with the opponent's help or not
        String before = env.state().serialize();
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class, () -> env.step(7));
        assertTrue(outOfRange.getMessage().contains("illegal action 7") && outOfRange.getMessage().contains("legal actions: ["),
                outOfRange.getMessage());
        assertEquals(before, env.state().serialize());
        assertThrows(IllegalArgumentException.class, () -> env.step(null));
        assertThrows(IllegalStateException.class,
                () -> GameEnv.make("TicTacToe", new RandomPlayer(0), 0).step(0));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> GameEnv.make("ConectFour", new RandomPlayer(0), 0));
        assertTrue(unknown.getMessage().contains("did you mean 'ConnectFour'"), unknown.getMessage());
    }

    @Test
    void fullColumn_isIllegal() {
        GameEnv env = new GameEnv(Games.make("ConnectFour"), new ColumnPlayer(0), GameEnv.Side.FIRST, 0);
        env.reset(0L, java.util.Map.of());
        env.step(0);
        env.step(0);
        env.step(0); // column 1 is now full: the agent's three stones and the opponent's three
        byte[] mask = (byte[]) env.step(1).info().get("action_mask");
        assertEquals(0, mask[0]);
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> env.step(0));
        assertTrue(full.getMessage().contains("illegal action 0") && full.getMessage().contains("[1, 2, 3, 4, 5, 6]"),
                full.getMessage());
    }

    /** Plays column {@code column} while it can, else the first legal column. */
    private record ColumnPlayer(int column) implements GamePlayer {
        @Override
        public int chooseAction(State state) {
            return state.isLegal(column) ? column : state.legalActions()[0];
        }

        @Override
        public String name() {
            return "column";
        }
    }

    @Test
    void sameSeeds_sameEpisodes() {
        assertEquals(trajectory(5), trajectory(5));
        assertTrue(!trajectory(5).equals(trajectory(6)));
    }

    @Test
    void opponentFactory_seededResetReplaysTheEpisode() {
        GameEnv env = GameEnv.make("ConnectFour", seed -> new RandomPlayer(seed), 0);
        String first = episode(env, 3);
        episode(env, 4);
        assertEquals(first, episode(env, 3));
        GameEnv fixed = GameEnv.make("ConnectFour", new RandomPlayer(3), 0);
        String a = episode(fixed, 3);
        assertTrue(!a.equals(episode(fixed, 3)) || !a.equals(episode(fixed, 3)), "a fixed random opponent runs on");
    }

    /** One episode from reset(seed), the agent always playing its lowest legal column. */
    private static String episode(GameEnv env, long seed) {
        Reset<float[]> r = env.reset(seed, java.util.Map.of());
        byte[] mask = (byte[]) r.info().get("action_mask");
        Step<float[]> step;
        do {
            int a = 0;
            while (mask[a] == 0) a++;
            step = env.step(a);
            mask = (byte[]) step.info().get("action_mask");
        } while (!step.terminated());
        return env.state().serialize();
    }

    private static List<String> trajectory(long seed) {
        GameEnv env = GameEnv.make("ConnectFour", new RandomPlayer(seed), seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int episode = 0; episode < 5; episode++) {
            Reset<float[]> r = episode == 0 ? env.reset(seed, java.util.Map.of()) : env.reset();
            byte[] mask = (byte[]) r.info().get("action_mask");
            Step<float[]> step;
            do {
                step = env.step(randomLegal(mask, random));
                mask = (byte[]) step.info().get("action_mask");
            } while (!step.terminated());
            out.add(env.state().serialize() + " " + step.reward());
        }
        return out;
    }

    private static int randomLegal(byte[] mask, SplittableRandom random) {
        int[] legal = new int[mask.length];
        int n = 0;
        for (int i = 0; i < mask.length; i++) if (mask[i] == 1) legal[n++] = i;
        return legal[random.nextInt(n)];
    }

    private static float sum(float[] a, int from, int to) {
        float s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s;
    }

    @Test
    void observationMatchesTheState() {
        GameEnv env = GameEnv.make("TicTacToe", new RandomPlayer(2), 1);
        Reset<float[]> r = env.reset(1L, java.util.Map.of());
        float[] expected = new float[27];
        env.state().observation(expected);
        assertArrayEquals(expected, r.observation());
    }
}
