package dev.bellman.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.bellman.algorithms.dqn.QPolicy;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.nn.Activation;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.nn.Sequential;
import dev.bellman.tensor.Tensor;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs exported policies in ONNX Runtime and compares them with Bellman's own forward pass on 1,000 observations:
 * actions exactly (except where the two best scores are within float32 rounding of each other), values and
 * distribution parameters to float32 tolerance. Policies come from tiny training runs (so the export reads what
 * {@code Policy.save} writes) or from seeded weights: the Nature CNN policy (restored by PPO's loader) and the
 * AlphaZero tower (with perturbed batch-norm statistics).
 */
class OnnxExportTest {
    private static final int N = 1000;
    private static OrtEnvironment ort;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ort = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stop() {
        // the environment is a process-wide singleton; ONNX Runtime releases it at exit
    }

    @Test
    void ppoCartPoleMlpActionsValuesAndLogitsMatch() throws Exception {
        Policy policy = train("ppo", "CartPole-v1", 256, Map.of("num-envs", 2, "num-steps", 64, "hidden-size", 16));
        policy.save(dir);
        float[][] obs = gaussian(N, 4, new float[] {2.4f, 2f, 0.21f, 2f});
        Map<String, float[]> out = new HashMap<>();
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {4}, out);
        float[] logits = out.get(OnnxExport.LOGITS);
        float[] values = out.get(OnnxExport.VALUE);
        Module net = ((dev.bellman.algorithms.ppo.Ppo.Trained) policy).network();
        Sequential critic = sub(net, "critic", Mlp.builder(4, 16, 16, 1).activation(Activation::tanh).build(new Rng(1)));
        Sequential actor = sub(net, "actor", Mlp.builder(4, 16, 16, 2).activation(Activation::tanh).build(new Rng(1)));
        int compared = 0;
        for (int i = 0; i < N; i++) {
            float[] l = forward(actor, obs[i]);
            assertClose(l, logits, i * 2, "logits", i);
            assertClose(forward(critic, obs[i]), values, i, "value", i);
            if (Math.abs(l[0] - l[1]) > 1e-5f) {
                assertEquals(((Integer) policy.act(obs[i])).longValue(), actions[i], "action of observation " + i);
                compared++;
            }
        }
        assertTrue(compared > 950, "only " + compared + " observations had a clear best action");
    }

    @Test
    void ppoContinuousWithObservationNormalisationMatches() throws Exception {
        Policy policy = train("ppo", "Pendulum-v1", 256, Map.of("num-envs", 2, "num-steps", 64, "hidden-size", 16,
                "norm-obs", true));
        policy.save(dir);
        float[][] obs = gaussian(N, 3, new float[] {1f, 1f, 8f});
        Map<String, float[]> out = new HashMap<>();
        run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {3}, out);
        for (int i = 0; i < N; i++) {
            assertClose((float[]) policy.act(obs[i]), out.get(OnnxExport.ACTION), i, "action", i);
        }
        float[] logStd = out.get(OnnxExport.LOG_STD);
        Tensor saved = ((dev.bellman.algorithms.ppo.PpoContinuous.Trained) policy).network().namedParameters()
                .get("actor_logstd");
        assertClose(saved.toArray(), logStd, (N - 1), "log_std", N - 1);
    }

    @Test
    void a2cCartPoleActionsMatch() throws Exception {
        Policy policy = train("a2c", "CartPole-v1", 64, Map.of());
        policy.save(dir);
        float[][] obs = gaussian(N, 4, new float[] {2.4f, 2f, 0.21f, 2f});
        Map<String, float[]> out = new HashMap<>();
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {4}, out);
        float[] logits = out.get(OnnxExport.LOGITS);
        int compared = 0;
        for (int i = 0; i < N; i++) {
            if (clearBest(new float[] {logits[2 * i], logits[2 * i + 1]})) {
                assertEquals(((Integer) policy.act(obs[i])).longValue(), actions[i], "action of observation " + i);
                compared++;
            }
        }
        assertTrue(compared > 950, "only " + compared + " observations had a clear best action");
    }

    @Test
    void sacActorMatches() throws Exception {
        Policy policy = train("sac", "Pendulum-v1", 120, Map.of("net-arch", "32,32", "learning-starts", 60,
                "batch-size", 16));
        policy.save(dir);
        float[][] obs = gaussian(N, 3, new float[] {1f, 1f, 8f});
        Map<String, float[]> out = new HashMap<>();
        run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {3}, out);
        float[] mean = out.get(OnnxExport.MEAN);
        float[] action = out.get(OnnxExport.ACTION);
        for (int i = 0; i < N; i++) {
            float[] a = (float[]) policy.act(obs[i]);
            assertClose(a, action, i, "action", i);
            // the deterministic action is the squashed mean, scaled from [-1, 1] into Pendulum's [-2, 2]
            assertEquals(2 * Math.tanh(mean[i]), a[0], 1e-5, "action vs mean of observation " + i);
        }
        assertTrue(out.containsKey(OnnxExport.LOG_STD));
    }

    @Test
    void td3ActorMatches() throws Exception {
        Policy policy = train("td3", "MountainCarContinuous-v0", 120, Map.of("net-arch", "32,32", "learning-starts", 60,
                "batch-size", 16));
        policy.save(dir);
        float[][] obs = gaussian(N, 2, new float[] {0.6f, 0.05f});
        Map<String, float[]> out = new HashMap<>();
        run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {2}, out);
        for (int i = 0; i < N; i++) {
            assertClose((float[]) policy.act(obs[i]), out.get(OnnxExport.ACTION), i, "action", i);
        }
        assertEquals(java.util.Set.of(OnnxExport.ACTION), out.keySet(), "TD3 has no distribution to export");
    }

    @Test
    void dqnMinAtarCnnDuelingMatches() throws Exception {
        Policy policy = train("dqn", "MinAtar/Breakout-v1", 80, Map.of("learning-starts", 40, "batch-size", 8,
                "buffer-size", 100, "dueling", true));
        policy.save(dir);
        QPolicy q = (QPolicy) policy;
        int[] shape = {4, 10, 10};
        SplittableRandom r = new SplittableRandom(3);
        float[][] obs = new float[N][400];
        for (float[] o : obs) {
            for (int j = 0; j < o.length; j++) {
                o[j] = r.nextInt(5) == 0 ? 1f : 0f;
            }
        }
        Map<String, float[]> out = new HashMap<>();
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, shape, out);
        float[] qs = out.get(OnnxExport.Q_VALUES);
        int n = q.numActions();
        int compared = 0;
        for (int i = 0; i < N; i++) {
            float[] mine = q.qValues(obs[i]);
            assertClose(mine, qs, i * n, "q_values", i);
            if (clearBest(mine)) {
                assertEquals(q.greedyAction(obs[i]), actions[i], "action of observation " + i);
                compared++;
            }
        }
        assertTrue(compared > 950, "only " + compared + " observations had a clear best action");
    }

    @Test
    void alphaZeroTowerMatchesInInferenceMode() throws Exception {
        AlphaZeroTower.Config c = new AlphaZeroTower.Config(3, 4, 2, 8, 17, 16);
        AlphaZeroTower tower = new AlphaZeroTower(c, new Rng(7));
        float[][] obs = gaussian(N, 3 * 16, null);
        tower.train();
        try (Tensor.Scope g = Tensor.noGrad()) { // moves the running statistics away from (0, 1)
            tower.heads(Tensor.of(flat(obs, 0, 64), 64, 3, 4, 4).mul(3f).add(0.5f));
        }
        tower.eval();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("game", "none");
        meta.put("planes", "3");
        meta.put("board", "4");
        meta.put("blocks", "2");
        meta.put("channels", "8");
        meta.put("actions", "17");
        meta.put("value_hidden", "16");
        tower.save(dir.resolve("alphazero.safetensors"), meta);
        Map<String, float[]> out = new HashMap<>();
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ACTION_ONLY), obs, new int[] {3, 4, 4}, out);
        AlphaZeroTower.Output mine;
        try (Tensor.Scope g = Tensor.noGrad()) {
            mine = tower.heads(Tensor.of(flat(obs, 0, N), N, 3, 4, 4));
        }
        float[] logits = mine.policyLogits().toArray();
        float[] value = mine.value().toArray();
        for (int i = 0; i < N; i++) {
            float[] l = java.util.Arrays.copyOfRange(logits, i * 17, i * 17 + 17);
            assertClose(l, out.get(OnnxExport.POLICY_LOGITS), i * 17, "policy_logits", i);
            assertEquals(value[i], out.get(OnnxExport.VALUE)[i], 1e-5, "value of observation " + i);
            if (clearBest(l)) {
                assertEquals(argmax(l), actions[i], "action of observation " + i);
            }
        }
    }

    @Test
    void ppoNatureCnnMatchesWithAndWithoutPixelScaling() throws Exception {
        AlgorithmProvider ppo = Algorithms.get("ppo");
        SplittableRandom r = new SplittableRandom(5);
        float[][] obs = new float[N][36 * 36];
        for (float[] o : obs) { // 0-255 values: the same inputs serve both cases
            for (int j = 0; j < o.length; j++) {
                o[j] = r.nextInt(256);
            }
        }
        for (boolean scale : new boolean[] {false, true}) {
            // a discrete PPO policy with the Nature CNN torso on [1, 36, 36] images, seeded weights and biases away from
            // zero (a ReLU net without them is positively homogeneous: its arg max would not notice a missing /255),
            // saved as Ppo.Trained saves it and restored by PPO's own loader
            Map<String, Tensor> t = new LinkedHashMap<>();
            t.put("network.0.weight", seeded(r, 0.2f, 32, 1, 8, 8));
            t.put("network.0.bias", seeded(r, 0.5f, 32));
            t.put("network.2.weight", seeded(r, 0.1f, 64, 32, 4, 4));
            t.put("network.2.bias", seeded(r, 0.5f, 64));
            t.put("network.4.weight", seeded(r, 0.1f, 64, 64, 3, 3));
            t.put("network.4.bias", seeded(r, 0.5f, 64));
            t.put("network.7.weight", seeded(r, 0.2f, 512, 64));
            t.put("network.7.bias", seeded(r, 0.5f, 512));
            t.put("actor.weight", seeded(r, 0.1f, 2, 512));
            t.put("actor.bias", seeded(r, 0.1f, 2));
            t.put("critic.weight", seeded(r, 0.1f, 1, 512));
            t.put("critic.bias", seeded(r, 0.1f, 1));
            Map<String, String> meta = new HashMap<>(Map.of("algorithm", "ppo", "kind", "discrete", "obs_size", "1296",
                    "num_actions", "2", "action_start", "0", "hidden_size", "64", "torso", "nature-cnn", "obs_shape",
                    "1,36,36", "scale_input", Boolean.toString(scale)));
            SafeTensors.save(dir.resolve("ppo.safetensors"), t, meta);
            assertCnnMatches(ppo.load(dir), obs);
        }
    }

    @Test
    void ppoImpalaCnnMatchesWithAndWithoutPixelScaling() throws Exception {
        AlgorithmProvider ppo = Algorithms.get("ppo");
        SplittableRandom r = new SplittableRandom(6);
        float[][] obs = new float[120][36 * 36]; // 120, not N: the residual torso is slow to run 1,000 times here
        for (float[] o : obs) {
            for (int j = 0; j < o.length; j++) {
                o[j] = r.nextInt(256);
            }
        }
        for (boolean scale : new boolean[] {false, true}) {
            // the IMPALA torso on [1, 36, 36] (three stacks leave 5x5 planes), PyTorch-default weights and biases,
            // saved under "network." as Ppo.Trained saves it and restored by PPO's own loader
            dev.bellman.nn.ImpalaCnn torso = new dev.bellman.nn.ImpalaCnn(1, 36, 36, new int[] {16, 32, 32}, 256, scale,
                    dev.bellman.nn.LayerInit.torchDefault(), new Rng(scale ? 2 : 3));
            Map<String, Tensor> t = new LinkedHashMap<>();
            torso.namedParameters().forEach((k, v) -> t.put("network." + k, v));
            t.put("actor.weight", seeded(r, 0.1f, 2, 256));
            t.put("actor.bias", seeded(r, 0.1f, 2));
            t.put("critic.weight", seeded(r, 0.1f, 1, 256));
            t.put("critic.bias", seeded(r, 0.1f, 1));
            Map<String, String> meta = new HashMap<>(Map.of("algorithm", "ppo", "kind", "discrete", "obs_size", "1296",
                    "num_actions", "2", "action_start", "0", "hidden_size", "64", "torso", "impala-cnn", "obs_shape",
                    "1,36,36", "scale_input", Boolean.toString(scale)));
            SafeTensors.save(dir.resolve("ppo.safetensors"), t, meta);
            assertCnnMatches(ppo.load(dir), obs);
        }
    }

    @Test
    void esCartPoleFlatMlpActionsMatch() throws Exception {
        Policy policy = train("es", "CartPole-v1", 400, Map.of("population-size", 4, "hidden-size", 8,
                "episodes-per-member", 1, "noise-table-size", 100_000));
        policy.save(dir);
        float[][] obs = gaussian(N, 4, new float[] {2.4f, 2f, 0.21f, 2f});
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {4}, new HashMap<>());
        int compared = 0;
        for (int i = 0; i < N; i++) {
            if (clearBest(flatOutputs(dir, obs[i]))) {
                assertEquals(((Integer) policy.act(obs[i])).longValue(), actions[i], "action of observation " + i);
                compared++;
            }
        }
        assertTrue(compared > 900, "actions compared: " + compared);
    }

    @Test
    void arsPendulumLinearActionsMatch() throws Exception {
        Policy policy = train("ars", "Pendulum-v1", 800, Map.of("num-directions", 2, "top-directions", 2,
                "version", "v2", "noise-table-size", 100_000));
        policy.save(dir);
        float[][] obs = gaussian(N, 3, new float[] {1f, 1f, 8f});
        Map<String, float[]> out = new HashMap<>();
        run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {3}, out);
        assertEquals(java.util.Set.of(OnnxExport.ACTION), out.keySet(), "a flat policy has no distribution");
        for (int i = 0; i < N; i++) {
            assertClose((float[]) policy.act(obs[i]), out.get(OnnxExport.ACTION), i, "action", i);
        }
    }

    @Test
    void imitationPoliciesDiscreteAndBoxMatch() throws Exception {
        // BC and DAgger (and GAIL/AIRL's generator) save this policy: a tanh MLP and a linear head
        Policy bc = dev.bellman.algorithms.imitation.ImitationPolicies.create(dev.bellman.env.Envs.make("CartPole-v1")
                .observationSpace(), dev.bellman.env.Envs.make("CartPole-v1").actionSpace(), new int[] {16, 16}, 4, "bc");
        bc.save(dir);
        float[][] obs = gaussian(N, 4, new float[] {2.4f, 2f, 0.21f, 2f});
        Map<String, float[]> out = new HashMap<>();
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {4}, out);
        int compared = 0;
        for (int i = 0; i < N; i++) {
            float[] logits = java.util.Arrays.copyOfRange(out.get(OnnxExport.LOGITS), 2 * i, 2 * i + 2);
            if (clearBest(logits)) {
                assertEquals(((Integer) bc.act(obs[i])).longValue(), actions[i], "action of observation " + i);
                compared++;
            }
        }
        assertTrue(compared > 900, "actions compared: " + compared);

        Path gailDir = Files.createDirectories(dir.resolve("gail"));
        var pendulum = dev.bellman.env.Envs.make("Pendulum-v1");
        Policy gail = dev.bellman.algorithms.imitation.ImitationPolicies.create(pendulum.observationSpace(),
                pendulum.actionSpace(), new int[] {32}, 5, "gail");
        gail.save(gailDir);
        float[][] pObs = gaussian(N, 3, new float[] {1f, 1f, 8f});
        Map<String, float[]> pOut = new HashMap<>();
        run(OnnxExport.export(gailDir, OnnxExport.Options.ALL), pObs, new int[] {3}, pOut);
        for (int i = 0; i < N; i++) {
            assertClose((float[]) gail.act(pObs[i]), pOut.get(OnnxExport.ACTION), i, "action", i);
        }
        assertTrue(pOut.containsKey(OnnxExport.MEAN) && pOut.containsKey(OnnxExport.LOG_STD), pOut.keySet().toString());
    }

    @Test
    void tabularQLearningGatherArgMaxMatches() throws Exception {
        Policy policy = train("q-learning", "FrozenLake-v1", 3000, Map.of());
        policy.save(dir);
        dev.bellman.algorithms.tabular.QTable table = dev.bellman.algorithms.tabular.QTable.load(dir.resolve("q_table.txt"));
        SplittableRandom r = new SplittableRandom(8);
        long[] states = new long[N];
        for (int i = 0; i < N; i++) {
            states[i] = r.nextInt(table.numStates());
        }
        ModelProto model = OnnxExport.export(dir, OnnxExport.Options.ALL);
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            try (OrtSession s = ort.createSession(model.toByteArray(), so);
                 OnnxTensor x = OnnxTensor.createTensor(ort, java.nio.LongBuffer.wrap(states), new long[] {N});
                 OrtSession.Result out = s.run(Map.of(OnnxExport.OBS, x))) {
                long[] actions = (long[]) out.get(OnnxExport.ACTION).get().getValue();
                float[][] q = (float[][]) out.get(OnnxExport.Q_VALUES).get().getValue();
                boolean nonZero = false;
                for (int i = 0; i < N; i++) {
                    int st = (int) states[i];
                    assertEquals(((Integer) policy.act(st)).longValue(), actions[i], "action in state " + st);
                    for (int a = 0; a < table.numActions(); a++) {
                        assertEquals((float) table.get(st, a), q[i][a], "Q(" + st + ", " + a + ")");
                        nonZero |= table.get(st, a) != 0;
                    }
                }
                assertTrue(nonZero, "the table learned something");
            }
        }
    }

    @Test
    void mbpoActorMatches() throws Exception {
        Policy policy = train("mbpo", "Pendulum-v1", 150, Map.of("ensemble-size", 2, "model-net-arch", "16,16",
                "model-epochs", 1, "model-train-freq", 100, "rollout-batch-size", 20, "learning-starts", 100,
                "gradient-steps", 1, "batch-size", 16, "net-arch", "16,16"));
        policy.save(dir);
        float[][] obs = gaussian(N, 3, new float[] {1f, 1f, 8f});
        Map<String, float[]> out = new HashMap<>();
        run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {3}, out);
        for (int i = 0; i < N; i++) {
            assertClose((float[]) policy.act(obs[i]), out.get(OnnxExport.ACTION), i, "action", i);
        }
    }

    @Test
    void muZeroOnMinAtar_convolutionalRepresentation_isRefusedNamingIt() throws Exception {
        Policy policy = train("muzero", "MinAtar/Breakout-v1", 60, Map.of("hidden-size", 8, "latent-size", 4,
                "simulations", 2, "unroll-steps", 1, "td-steps", 2, "batch-size", 4, "learning-starts", 50,
                "train-frequency", 5, "replay-size", 100));
        policy.save(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.export(dir, OnnxExport.Options.ALL));
        assertTrue(e.getMessage().contains("convolutional representation network (image_shape 4,10,10"), e.getMessage());
    }

    @Test
    void muZeroRepresentationAndPredictionWithoutSearchMatch() throws Exception {
        Policy policy = train("muzero", "CartPole-v1", 120, Map.of("hidden-size", 16, "latent-size", 8,
                "simulations", 4, "unroll-steps", 3, "td-steps", 5, "batch-size", 8, "learning-starts", 50,
                "train-frequency", 5, "replay-size", 300));
        policy.save(dir);
        SafeTensors.Contents c = SafeTensors.read(dir.resolve("muzero.safetensors"));
        Map<String, String> m = c.metadata();
        int hidden = Integer.parseInt(m.get("hidden_size"));
        int latent = Integer.parseInt(m.get("latent_size"));
        int support = Integer.parseInt(m.get("support_size"));
        Sequential representation = part(c, "representation", Mlp.builder(4, hidden, latent).build(new Rng(1)));
        Sequential prior = part(c, "policy", Mlp.builder(latent, hidden, 2).build(new Rng(1)));
        Sequential valueNet = part(c, "value", Mlp.builder(latent, hidden, 2 * support + 1).build(new Rng(1)));
        dev.bellman.nn.SupportTransform transform = dev.bellman.nn.SupportTransform.of(support);
        float[][] obs = gaussian(N, 4, new float[] {2.4f, 2f, 0.21f, 2f});
        Map<String, float[]> out = new HashMap<>();
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ACTION_ONLY), obs, new int[] {4}, out);
        int compared = 0;
        for (int i = 0; i < N; i++) {
            try (Tensor.Scope g = Tensor.noGrad()) {
                // s = h(o), min-max scaled per row, as MuZero.Networks.represent
                float[] s = representation.forward(Tensor.of(obs[i].clone(), 1, 4)).toArray();
                float max = Float.NEGATIVE_INFINITY;
                float min = Float.POSITIVE_INFINITY;
                for (float v : s) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
                for (int j = 0; j < s.length; j++) {
                    s[j] = (s[j] - min) / (max - min + 1e-5f);
                }
                Tensor latentState = Tensor.of(s, 1, latent);
                float[] logits = prior.forward(latentState).toArray();
                assertClose(logits, out.get(OnnxExport.POLICY_LOGITS), 2 * i, "policy_logits", i);
                float v = transform.supportToScalar(valueNet.forward(latentState))[0];
                float onnx = out.get(OnnxExport.VALUE)[i];
                assertTrue(Math.abs(v - onnx) <= 1e-4f + 1e-4f * Math.abs(v),
                        "value of observation " + i + ": Bellman " + v + ", ONNX Runtime " + onnx);
                if (clearBest(logits)) {
                    assertEquals(argmax(logits), actions[i], "prior's arg max of observation " + i);
                    compared++;
                }
            }
        }
        assertTrue(compared > 900, "actions compared: " + compared);
    }

    private static Sequential part(SafeTensors.Contents c, String prefix, Sequential into) {
        Map<String, Tensor> state = new HashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                state.put(k.substring(prefix.length() + 1), v);
            }
        });
        into.loadStateDict(state);
        return into;
    }

    @Test
    void maxEntIrlActionTableMatches() throws Exception {
        SplittableRandom r = new SplittableRandom(12);
        int states = 25;
        int[] table = new int[states];
        double[] reward = new double[states];
        for (int s = 0; s < states; s++) {
            table[s] = r.nextInt(4);
            reward[s] = r.nextDouble();
        }
        Policy policy = dev.bellman.algorithms.imitation.ImitationPolicies.maxEntIrl(reward, table);
        policy.save(dir);
        long[] obs = new long[N];
        for (int i = 0; i < N; i++) {
            obs[i] = r.nextInt(states);
        }
        ModelProto model = OnnxExport.export(dir, OnnxExport.Options.ALL);
        try (OrtSession s = ort.createSession(model.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ort, java.nio.LongBuffer.wrap(obs), new long[] {N});
             OrtSession.Result out = s.run(Map.of(OnnxExport.OBS, x))) {
            long[] actions = (long[]) out.get(OnnxExport.ACTION).get().getValue();
            for (int i = 0; i < N; i++) {
                assertEquals(((Integer) policy.act((int) obs[i])).longValue(), actions[i], "action in state " + obs[i]);
            }
            assertEquals(1, out.size(), "an action table has no value or distribution");
        }
    }

    /** The raw outputs of the flat policy saved in {@code dir}, in double precision, from its parameter layout. */
    private static float[] flatOutputs(Path dir, float[] x) throws Exception {
        SafeTensors.Contents c = SafeTensors.read(dir.resolve("policy.safetensors"));
        Map<String, String> m = c.metadata();
        String h = m.get("hidden").replace("[", "").replace("]", "").strip();
        int[] hidden = h.isEmpty() ? new int[0] : java.util.Arrays.stream(h.split(",")).mapToInt(v -> Integer.parseInt(v.strip())).toArray();
        boolean bias = Boolean.parseBoolean(m.get("bias"));
        float clip = Float.parseFloat(m.get("obs_clip"));
        float[] p = c.tensors().get("params").toArray();
        float[] mean = c.tensors().get("obs_mean").toArray();
        float[] scale = c.tensors().get("obs_scale").toArray();
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.max(-clip, Math.min(clip, (x[i] - mean[i]) * scale[i]));
        }
        int[] widths = new int[hidden.length + 2];
        widths[0] = x.length;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = Integer.parseInt(m.get("action_size"));
        int off = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            double[] o = new double[widths[l + 1]];
            for (int j = 0; j < o.length; j++) {
                for (int i = 0; i < a.length; i++) {
                    o[j] += p[off + j * a.length + i] * a[i];
                }
            }
            off += o.length * a.length;
            if (bias) {
                for (int j = 0; j < o.length; j++) {
                    o[j] += p[off + j];
                }
                off += o.length;
            }
            if (l + 2 < widths.length) {
                for (int j = 0; j < o.length; j++) {
                    o[j] = Math.tanh(o[j]);
                }
            }
            a = o;
        }
        float[] y = new float[a.length];
        for (int j = 0; j < y.length; j++) {
            y[j] = (float) a[j];
        }
        return y;
    }

    private static Tensor seeded(SplittableRandom r, float scale, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() - 0.5) * 2 * scale;
        }
        return Tensor.of(v, shape);
    }

    /**
     * Compares the ONNX logits with the policy network's own batched forward pass (torso, then actor head) on all of
     * {@code obs}, and the ONNX actions with {@code Policy.act} on the first hundred.
     */
    private void assertCnnMatches(Policy policy, float[][] obs) throws Exception {
        Map<String, float[]> out = new HashMap<>();
        long[] actions = run(OnnxExport.export(dir, OnnxExport.Options.ALL), obs, new int[] {1, 36, 36}, out);
        float[] logits = out.get(OnnxExport.LOGITS);
        Module agent = ((dev.bellman.algorithms.ppo.Ppo.Trained) policy).network();
        float[] mine;
        try (Tensor.Scope g = Tensor.noGrad()) {
            Tensor h = agent.children().get("network").forward(Tensor.of(flat(obs, 0, obs.length), obs.length, 1, 36, 36));
            mine = agent.children().get("actor").forward(h).toArray();
        }
        assertEquals(mine.length, logits.length);
        float scale = 0;
        for (float v : mine) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int j = 0; j < mine.length; j++) {
            assertEquals(mine[j], logits[j], 1e-5f * (1 + scale), "logit " + j % 2 + " of observation " + j / 2);
        }
        int n = logits.length / obs.length;
        int compared = 0;
        for (int i = 0; i < 100; i++) {
            float[] l = java.util.Arrays.copyOfRange(logits, i * n, i * n + n);
            if (clearBest(l)) {
                assertEquals(((Integer) policy.act(obs[i])).longValue(), actions[i], "action of observation " + i);
                compared++;
            }
        }
        assertTrue(compared > 90, "only " + compared + " of 100 observations had a clear best action");
    }

    @Test
    void aModelWithoutAnExportablePolicyIsRefusedNamingTheFiles() throws Exception {
        Files.writeString(dir.resolve("q_table.json"), "{}");
        Files.writeString(dir.resolve("dynamics.safetensors"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.export(dir, OnnxExport.Options.ALL));
        assertTrue(e.getMessage().contains("[dynamics.safetensors, q_table.json]") && e.getMessage().contains("ppo.safetensors")
                && e.getMessage().contains("Model-based planners (MPC over a learned dynamics model: pets)"),
                e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static Policy train(String algo, String env, long steps, Map<String, ?> hp) {
        AlgorithmProvider p = Algorithms.get(algo);
        return p.train(new TrainRequest(env, 1, steps, p.resolve(hp)), MetricsSink.none());
    }

    /** Runs {@code model} on {@code obs} (each of shape {@code shape}); float outputs into {@code out}. */
    private static long[] run(ModelProto model, float[][] obs, int[] shape, Map<String, float[]> out) throws Exception {
        long[] dims = new long[shape.length + 1];
        dims[0] = obs.length;
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        long[] actions = null;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            try (OrtSession s = ort.createSession(model.toByteArray(), so);
                 OnnxTensor x = OnnxTensor.createTensor(ort, FloatBuffer.wrap(flat(obs, 0, obs.length)), dims);
                 OrtSession.Result r = s.run(Map.of(OnnxExport.OBS, x))) {
                for (var e : r) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.INT64) {
                        var b = t.getLongBuffer();
                        actions = new long[b.remaining()];
                        b.get(actions);
                    } else {
                        var b = t.getFloatBuffer();
                        float[] a = new float[b.remaining()];
                        b.get(a);
                        out.put(e.getKey(), a);
                    }
                }
            }
        }
        return actions;
    }

    private static Sequential sub(Module net, String prefix, Sequential into) {
        Map<String, Tensor> state = new HashMap<>();
        net.namedParameters().forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                state.put(k.substring(prefix.length() + 1), v);
            }
        });
        into.loadStateDict(state);
        return into;
    }

    private static float[] forward(Module m, float[] x) {
        try (Tensor.Scope g = Tensor.noGrad()) {
            return m.forward(Tensor.of(x.clone(), 1, x.length)).toArray();
        }
    }

    private static float[][] gaussian(int n, int d, float[] scale) {
        SplittableRandom r = new SplittableRandom(42);
        float[][] out = new float[n][d];
        for (float[] row : out) {
            for (int j = 0; j < d; j++) {
                double u = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                row[j] = (float) u * (scale == null ? 1f : scale[j]);
            }
        }
        return out;
    }

    private static float[] flat(float[][] rows, int from, int to) {
        int d = rows[0].length;
        float[] f = new float[(to - from) * d];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows[i], 0, f, (i - from) * d, d);
        }
        return f;
    }

    private static void assertClose(float[] expected, float[] actual, int offset, String what, int obs) {
        for (int j = 0; j < expected.length; j++) {
            float e = expected[j];
            float a = actual[offset + j];
            assertTrue(Math.abs(e - a) <= 1e-5f + 1e-5f * Math.abs(e),
                    what + "[" + j + "] of observation " + obs + ": Bellman " + e + ", ONNX Runtime " + a);
        }
    }

    /** Whether the best value beats the runner-up by more than float32 rounding of the two forward passes. */
    private static boolean clearBest(float[] v) {
        int b = argmax(v);
        for (int j = 0; j < v.length; j++) {
            if (j != b && v[b] - v[j] <= 1e-5f * (1 + Math.abs(v[b]))) {
                return false;
            }
        }
        return true;
    }

    private static int argmax(float[] v) {
        int b = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[b]) {
                b = j;
            }
        }
        return b;
    }
}
