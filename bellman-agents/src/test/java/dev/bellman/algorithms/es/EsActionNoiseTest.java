package dev.bellman.algorithms.es;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.kernels.Kernels;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenAI-ES's optional action noise ({@code action-noise-std}): where it enters, how it is seeded, what it leaves alone. */
class EsActionNoiseTest {
    private static final long[] SEEDS = {17, 17, 23};

    private static FlatPolicy.Arch pendulumArch(Env<Object, Object> env) {
        return FlatPolicy.Arch.of(env.observationSpace(), env.actionSpace(), new int[]{8, 8}, true, true);
    }

    /** Three tasks: members 0 and 1 (different parameters) share episode seed 17, member 2 plays seed 23. */
    private static double[] evaluate(double actionNoiseStd, float[][] params) {
        try (Evaluator evaluator = new Evaluator("Pendulum-v1", Map.of())) {
            FlatPolicy.Arch arch = pendulumArch(evaluator.any());
            double[] returns = new double[3];
            int[] lengths = new int[3];
            evaluator.evaluate(arch, 3, (m, out) -> System.arraycopy(params[m], 0, out, 0, out.length), SEEDS,
                    new float[3], new float[]{1, 1, 1}, Float.POSITIVE_INFINITY, actionNoiseStd, returns, lengths, null);
            return returns;
        }
    }

    private static float[][] params(FlatPolicy.Arch arch) {
        Rng rng = new Rng(5);
        return new float[][]{arch.normcInit(rng.split()), arch.normcInit(rng.split()), arch.normcInit(rng.split())};
    }

    /**
     * An episode with noise equals a hand-written rollout that adds N(0, std²) from the generator of
     * {@link Evaluator#actionNoiseSeed} to the raw outputs before the tanh squash into the action box.
     */
    @Test
    void noiseIsAddedToTheRawOutputs_fromAGeneratorSeededByTheEpisodeSeed() {
        double std = 0.7;
        try (Env<Object, Object> env = Envs.make("Pendulum-v1")) {
            FlatPolicy.Arch arch = pendulumArch(env);
            float[][] p = params(arch);
            double[] got = evaluate(std, p);
            for (int m = 0; m < 3; m++) {
                Rng noise = new Rng(Evaluator.actionNoiseSeed(SEEDS[m]));
                float[][] scratch = arch.scratch();
                float[] obs = (float[]) env.reset(SEEDS[m]).observation();
                double ret = 0;
                while (true) {
                    float[] y = arch.forward(p[m], obs, new float[3], new float[]{1, 1, 1}, Float.POSITIVE_INFINITY, scratch);
                    y[0] += (float) (std * noise.nextGaussian());
                    Step<Object> step = env.step(arch.action(y));
                    ret += step.reward();
                    if (step.done()) break;
                    obs = (float[]) step.observation();
                }
                assertEquals(ret, got[m], 0.0, "member " + m);
            }
            double[] plain = evaluate(0, p);
            for (int m = 0; m < 3; m++) assertNotEquals(plain[m], got[m], "noise changes member " + m + "'s episode");
        }
    }

    /** Std 0 is the plain evaluation, bit for bit (runs without the option are unchanged). */
    @Test
    void zeroStd_isThePlainEvaluation() {
        try (Evaluator evaluator = new Evaluator("Pendulum-v1", Map.of())) {
            FlatPolicy.Arch arch = pendulumArch(evaluator.any());
            float[][] p = params(arch);
            double[] returns = new double[3];
            int[] lengths = new int[3];
            evaluator.evaluate(arch, 3, (m, out) -> System.arraycopy(p[m], 0, out, 0, out.length), SEEDS,
                    new float[3], new float[]{1, 1, 1}, Float.POSITIVE_INFINITY, returns, lengths, null);
            assertArrayEquals(returns, evaluate(0, p), 0.0);
        }
    }

    /** Training with action noise: identical for 1 and 2 threads, and another run than without it. */
    @Test
    void training_withActionNoise_isThreadCountIndependent_andDiffersFromNoNoise() {
        EvolutionStrategies.Config noisy = config(0.1), plain = config(0);
        float[] one = train(noisy, 1), two = train(noisy, 2);
        assertArrayEquals(one, two);
        float[] without = train(plain, 1);
        boolean differs = false;
        for (int j = 0; j < one.length; j++) differs |= one[j] != without[j];
        assertTrue(differs, "the noise changes the training run");
    }

    @Test
    void config_rejectsANegativeOrNonFiniteStd_namingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> config(-0.5));
        assertTrue(e.getMessage().contains("actionNoiseStd") && e.getMessage().contains("-0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    private static EvolutionStrategies.Config config(double actionNoiseStd) {
        return new EvolutionStrategies.Config("Pendulum-v1", 3, 8_000, Map.of(), 6, 0.03, 0.05, 0.005, 8, true, 2,
                false, 65_536, actionNoiseStd);
    }

    private static float[] train(EvolutionStrategies.Config c, int threads) {
        int before = Kernels.threads();
        Kernels.setThreads(threads);
        try {
            return EvolutionStrategies.train(c, (step, key, value) -> {}).parameters();
        } finally {
            Kernels.setThreads(before);
        }
    }
}
