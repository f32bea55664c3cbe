package dev.bellman.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.envs.classic.CartPole;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CartPoleContinuousActionTest {

    @Test
    void fullActions_replayTheDiscreteEnvBitForBit_untilTheTimeLimit() {
        Env<float[], float[]> cont = Envs.make("CartPoleContinuous-v1");
        Env<float[], Integer> disc = Envs.make("CartPole-v1");
        assertEquals(new Box(-1f, 1f, new int[] {1}), cont.actionSpace());
        assertArrayEquals(disc.reset(7L).observation(), cont.reset(7L).observation());
        Random r = new Random(1);
        for (int episode = 0; episode < 3; episode++) {
            int steps = 0;
            while (true) {
                int a = r.nextInt(2);
                Step<float[]> d = disc.step(a), c = cont.step(new float[] {a == 1 ? 1f : -1f});
                steps++;
                assertArrayEquals(d.observation(), c.observation(), "step " + steps);
                assertEquals(d.reward(), c.reward());
                assertEquals(d.terminated(), c.terminated());
                assertEquals(d.truncated(), c.truncated());
                if (d.terminated() || d.truncated()) break;
            }
            assertArrayEquals(disc.reset().observation(), cont.reset().observation());
        }
        assertEquals(500, Envs.spec("CartPoleContinuous-v1").maxEpisodeSteps());
    }

    @Test
    void fractionalAction_pushesWithThatShareOfForceMag() {
        // a = 0.3 with force_mag 10 N must move the cart as the discrete push (action 1) of a 3 N CartPole does,
        // and a = -0.3 as its action 0
        for (float a : new float[] {0.3f, -0.3f}) {
            Env<float[], float[]> cont = Envs.make("CartPoleContinuous-v1");
            Env<float[], Integer> weak = Envs.make("CartPole-v1", Map.of("force_mag", (double) (0.3f * 10.0)));
            cont.reset(3L);
            weak.reset(3L);
            for (int t = 0; t < 20; t++) {
                Step<float[]> c = cont.step(new float[] {a}), w = weak.step(a > 0 ? 1 : 0);
                assertArrayEquals(w.observation(), c.observation(), "a=" + a + " step " + t);
                if (c.terminated()) break;
            }
        }
        // and a = 0 leaves a cart at rest at rest while the pole stays exactly upright
        CartPole pole = new CartPole();
        Env<float[], float[]> zero = new CartPoleContinuousAction(pole);
        zero.reset(1L);
        pole.setState(new double[] {0, 0, 0, 0});
        assertArrayEquals(new float[] {0, 0, 0, 0}, zero.step(new float[] {0f}).observation());
    }

    @Test
    void outOfRangeActions_andWrappingAChain_areRefusedNamingThem() {
        Env<float[], float[]> cont = Envs.make("CartPoleContinuous-v1");
        cont.reset(1L);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> cont.step(new float[] {1.5f}));
        assertTrue(big.getMessage().contains("1.5"), big.getMessage());
        IllegalArgumentException chain = assertThrows(IllegalArgumentException.class,
                () -> new CartPoleContinuousAction(Envs.make("CartPole-v1")));
        assertTrue(chain.getMessage().contains("must wrap the CartPole itself"), chain.getMessage());
    }
}
