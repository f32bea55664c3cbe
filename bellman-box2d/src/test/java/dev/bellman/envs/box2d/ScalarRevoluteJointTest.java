package dev.bellman.envs.box2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.NpRandom;
import dev.bellman.env.Step;
import org.jbox2d.dynamics.joints.Joint;
import org.junit.jupiter.api.Test;

/**
 * {@link ScalarRevoluteJoint} is a speed-up only: LunarLander's and BipedalWalker's trajectories with it are those with
 * JBox2D's own {@code RevoluteJoint}, bit for bit (every observation component, reward and episode end), over episodes
 * of random actions that drive the joints into their limits and motors into saturation.
 */
class ScalarRevoluteJointTest {

    /** Runs {@code steps} random-action steps on both envs from the same seeds, comparing every bit. */
    private static <A> int compare(Box2DEnv<A> fast, Box2DEnv<A> plain, java.util.function.Function<NpRandom, A> draw,
                                   int steps) {
        plain.jbox2dJoints = true;
        NpRandom actions = new NpRandom(7);
        long seed = 11;
        float[] a = fast.reset(seed).observation();
        float[] b = plain.reset(seed).observation();
        assertObsEqual(a, b, 0);
        assertTrue(((Box2DWorld) fast.world).scalarJoints(), "the fast env's world must use ScalarRevoluteJoints");
        assertFalse(((Box2DWorld) plain.world).scalarJoints());
        int scalar = 0;
        for (Joint j = fast.world.getJointList(); j != null; j = j.getNext()) {
            assertTrue(j instanceof ScalarRevoluteJoint, "joint " + j + " is not a ScalarRevoluteJoint");
            scalar++;
        }
        for (Joint j = plain.world.getJointList(); j != null; j = j.getNext()) {
            assertFalse(j instanceof ScalarRevoluteJoint);
        }
        assertTrue(scalar > 0, "no joints in the world");
        int episodes = 0;
        for (int t = 1; t <= steps; t++) {
            A act = draw.apply(actions);
            Step<float[]> sa = fast.step(act);
            Step<float[]> sb = plain.step(act);
            assertObsEqual(sa.observation(), sb.observation(), t);
            assertEquals(Double.doubleToRawLongBits(sb.reward()), Double.doubleToRawLongBits(sa.reward()),
                    "reward at step " + t);
            assertEquals(sb.terminated(), sa.terminated(), "terminated at step " + t);
            if (sa.terminated() || t % 500 == 0) {
                episodes++;
                seed++;
                assertObsEqual(fast.reset(seed).observation(), plain.reset(seed).observation(), t);
            }
        }
        return episodes;
    }

    private static void assertObsEqual(float[] a, float[] b, int t) {
        assertEquals(b.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(b[i]), Float.floatToRawIntBits(a[i]),
                    "observation component " + i + " at step " + t + ": " + a[i] + " vs JBox2D's " + b[i]);
        }
    }

    @Test
    void lunarLanderIsBitIdenticalToJBox2DsJoints() {
        int episodes = compare(new LunarLander(), new LunarLander(), r -> (Object) (int) r.integers(4), 3000);
        assertTrue(episodes >= 3, "episodes: " + episodes);
    }

    @Test
    void continuousLunarLanderIsBitIdenticalToJBox2DsJoints() {
        LunarLander.Params p = LunarLander.Params.defaults(true);
        compare(new LunarLander(p), new LunarLander(p),
                r -> (Object) new float[] {(float) r.uniform(-1, 1), (float) r.uniform(-1, 1)}, 3000);
    }

    private static float[] walkerAction(NpRandom r) {
        float[] a = new float[4];
        for (int i = 0; i < 4; i++) {
            a[i] = (float) r.uniform(-1, 1);
        }
        return a;
    }

    @Test
    void bipedalWalkerIsBitIdenticalToJBox2DsJoints() {
        compare(new BipedalWalker(), new BipedalWalker(), ScalarRevoluteJointTest::walkerAction, 3000);
    }

    @Test
    void hardcoreBipedalWalkerIsBitIdenticalToJBox2DsJoints() {
        BipedalWalker.Params p = BipedalWalker.Params.defaults(true);
        compare(new BipedalWalker(p), new BipedalWalker(p), ScalarRevoluteJointTest::walkerAction, 3000);
    }
}
