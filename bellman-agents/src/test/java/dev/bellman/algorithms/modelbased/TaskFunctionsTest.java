package dev.bellman.algorithms.modelbased;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.Algorithms;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The known reward and termination functions against the envs' own steps. */
class TaskFunctionsTest {

    /** Random episodes of {@code id}: every step's reward and termination as the functions give them. */
    private static int[] compare(String id, int episodes) {
        TaskFunctions task = TaskFunctions.forEnv(id).orElseThrow();
        int steps = 0, terminations = 0;
        try (Env<float[], float[]> env = Envs.make(id)) {
            Box box = (Box) env.actionSpace();
            Random r = new Random(11);
            for (int e = 0; e < episodes; e++) {
                float[] s = env.reset((long) e).observation();
                while (true) {
                    float[] a = new float[box.size()];
                    for (int d = 0; d < a.length; d++) a[d] = box.low(d) + (box.high(d) - box.low(d)) * r.nextFloat();
                    Step<float[]> step = env.step(a.clone());
                    assertEquals(step.reward(), task.reward(s, 0, a, 0, step.observation(), 0), 1e-4 * Math.abs(step.reward()) + 1e-5,
                            id + " reward, episode " + e + " step " + steps);
                    assertEquals(step.terminated(), task.terminated(step.observation(), 0), id + " termination, step " + steps);
                    steps++;
                    if (step.terminated()) terminations++;
                    if (step.terminated() || step.truncated()) break;
                    s = step.observation();
                }
            }
        }
        return new int[] {steps, terminations};
    }

    @Test
    void cartPoleContinuous_rewardAndTermination_areTheEnvs() {
        int[] n = compare("CartPoleContinuous-v1", 20);
        assertEquals(20, n[1], "every random episode ends by falling"); // so the termination test met 20 true cases
        assertTrue(Algorithms.get("pets").incompatibility(Envs.make("CartPoleContinuous-v1")).isEmpty());
    }

    @Test
    void pendulum_rewardIsTheEnvs() {
        compare("Pendulum-v1", 2);
    }
}
