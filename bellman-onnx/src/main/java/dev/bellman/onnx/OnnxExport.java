package dev.bellman.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;

/**
 * Exports a trained policy from a run's {@code model/} directory to an ONNX model (opset {@value OnnxGraph#OPSET}),
 * reading the policy's safetensors file and the architecture its metadata records, as each algorithm's own loader
 * does. Supported policies and their graphs (input {@code obs}, float32 {@code [batch, ...observation shape]}):
 * <ul>
 *   <li>{@code ppo.safetensors}, discrete (PPO), and {@code preference_ppo.safetensors}: the MLP ({@code actor}/{@code critic} tanh MLPs) or
 *       the CNN torso ({@code nature-cnn}, {@code minatar-cnn}, {@code impala-cnn}) with linear heads; {@code action} is the arg max of
 *       the logits plus the action space's start (int64 {@code [batch]}); optional {@code value} {@code [batch, 1]}
 *       and {@code logits}.</li>
 *   <li>{@code ppo.safetensors}, continuous: observation normalisation ({@code (x − mean)/√(var + 1e−8)} clipped to
 *       ±10, with the saved statistics) folded in; {@code action} is the actor's mean clipped to the action bounds;
 *       optional {@code value}, {@code mean} and {@code log_std} (the state-independent log σ, broadcast).</li>
 *   <li>{@code policy.safetensors} of REINFORCE, A2C, A3C and TRPO, and of BC, DAgger, GAIL and AIRL (the same
 *       layout: a tanh MLP {@code trunk} and a linear head {@code pi}): {@code action} is the arg max of the logits
 *       or the mean clipped to the bounds; optional {@code value} (policy gradient only), {@code logits} or
 *       {@code mean} and {@code log_std}. Imitation policies over Discrete observations (one-hot features) are
 *       refused.</li>
 *   <li>{@code policy.safetensors} of ES and ARS (format {@code bellman-flat-policy 1}): the observation
 *       normalisation {@code clip((obs − mean) ⊙ scale, ±obs_clip)} folded in, the layers of the flat parameter
 *       vector with tanh between them; {@code action} is the arg max, or for a Box the tanh squash into the bounds or
 *       the clip to them, as the policy was trained. No value or distribution.</li>
 *   <li>{@code actor.safetensors} (SAC, TD3, DDPG, and MBPO's SAC-layout actor) and {@code preference_sac.safetensors}: ReLU MLP, {@code tanh}, clipped to [−1, 1] and scaled into the
 *       action Box; optional for SAC: {@code mean} (before tanh) and {@code log_std}.</li>
 *   <li>{@code q_network.safetensors} (DQN family): MLP or CNN torso, plain or dueling head; {@code action} is the arg
 *       max of Q plus the action start; optional {@code q_values}.</li>
 *   <li>{@code muzero.safetensors}, <b>without search</b>: the representation network (min-max scaled latent) and
 *       the prediction network: {@code policy_logits} (the prior), {@code value} (the categorical value head mapped
 *       back to a scalar) and {@code action}, the arg max of the prior; the dynamics network and the tree search that
 *       Bellman's MuZero policy acts with are left out, so the action can differ from {@code bellman eval}'s.</li>
 *   <li>{@code q_table.txt} (the tabular algorithms: Q-learning, SARSA, Dyna-Q, value and policy iteration, ...): input {@code obs} int64
 *       {@code [batch]}, the state; {@code action} is a {@code Gather} from the table's greedy actions; optional
 *       {@code q_values}.</li>
 *   <li>{@code policy.txt} (MaxEnt IRL's greedy action per state): input {@code obs} int64 {@code [batch]};
 *       {@code action} is a {@code Gather} from it.</li>
 *   <li>{@code alphazero.safetensors}: the residual tower in inference mode (batch norm with running statistics);
 *       {@code policy_logits}, {@code value} (tanh) and {@code action}, the arg max of the logits over all actions
 *       (legal-move masking and search stay with the caller).</li>
 * </ul>
 * Image observations are taken as float32 holding the env's values (0–255 for uint8 pixels): the graph divides by 255
 * where the policy does. Arg max ties go to the lowest index, as in Bellman.
 */
public final class OnnxExport {
    /** The output names. */
    public static final String OBS = "obs", ACTION = "action", VALUE = "value", LOGITS = "logits", MEAN = "mean",
            LOG_STD = "log_std", Q_VALUES = "q_values", POLICY_LOGITS = "policy_logits";

    private static final float LOG_STD_MIN = -5f, LOG_STD_MAX = 2f; // SAC's (CleanRL's) log-σ squashing bounds
    /** The saved Q-table of the tabular algorithms ({@code dev.bellman.algorithms.tabular.QTable}). */
    private static final String TABLE_FILE = "q_table.txt";
    /** MaxEnt IRL's greedy action per state, one per line ({@code MaxEntIrl.RewardPolicy}). */
    private static final String ACTION_TABLE_FILE = "policy.txt";
    private static final String FLAT_FORMAT = "bellman-flat-policy 1"; // ES and ARS (dev.bellman.algorithms.es.FlatPolicy)

    /**
     * What to export beside the deterministic action.
     *
     * @param value        the value head ({@code value}), where the policy has one
     * @param distribution the action distribution's parameters ({@code logits}, {@code mean}/{@code log_std},
     *                     {@code q_values})
     */
    public record Options(boolean value, boolean distribution) {
        /** The action alone. */
        public static final Options ACTION_ONLY = new Options(false, false);
        /** Every output the policy has. */
        public static final Options ALL = new Options(true, true);
    }

    private OnnxExport() {
    }

    /** The policy files this exporter reads, in the order it looks for them. */
    public static final List<String> POLICY_FILES = List.of("ppo.safetensors", "preference_ppo.safetensors",
            "policy.safetensors", "actor.safetensors", "preference_sac.safetensors", "q_network.safetensors",
            "alphazero.safetensors", "muzero.safetensors", TABLE_FILE, ACTION_TABLE_FILE);

    /**
     * The ONNX model of the policy saved in {@code modelDir}.
     *
     * @throws IllegalArgumentException naming the files found when no supported policy is there, or the
     *                                  unsupported architecture
     * @throws IOException              when the policy file cannot be read
     */
    public static ModelProto export(Path modelDir, Options options) throws IOException {
        for (String f : POLICY_FILES) {
            Path file = modelDir.resolve(f);
            if (f.equals(TABLE_FILE) && Files.isRegularFile(file)) {
                return tabular(file, options);
            }
            if (f.equals(ACTION_TABLE_FILE) && Files.isRegularFile(file)) {
                return actionTable(file);
            }
            if (Files.isRegularFile(file)) {
                SafeTensors.Contents c = SafeTensors.read(file);
                Weights w = new Weights(file, c.tensors());
                Map<String, String> m = c.metadata();
                OnnxGraph g = new OnnxGraph("bellman_" + f.substring(0, f.indexOf('.')));
                g.doc("Exported by Bellman from " + file.getFileName() + " (metadata " + new TreeMap<>(m) + ").");
                switch (f) {
                    case "ppo.safetensors" -> {
                        if ("continuous".equals(m.get("kind"))) {
                            ppoContinuous(g, w, m, options);
                        } else {
                            ppoDiscrete(g, w, m, options);
                        }
                    }
                    case "preference_ppo.safetensors" -> ppoDiscrete(g, w, m, options);
                    case "policy.safetensors" -> {
                        if (FLAT_FORMAT.equals(m.get("format"))) {
                            flatPolicy(g, w, m);
                        } else {
                            policyGradient(g, w, m, options);
                        }
                    }
                    case "actor.safetensors" -> offPolicyActor(g, w, withActDim(m), options, "obs_dim", "act_dim",
                            "action_low", "action_high");
                    case "preference_sac.safetensors" -> offPolicyActor(g, w, m, options, "obs_size", "act_size", "low",
                            "high");
                    case "q_network.safetensors" -> dqn(g, w, m, options);
                    case "muzero.safetensors" -> muZero(g, w, m);
                    default -> alphaZero(g, w, m, options);
                }
                return g.model(version());
            }
        }
        List<String> present;
        try (var s = Files.list(modelDir)) {
            present = s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list the model directory " + modelDir + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the model in " + modelDir + " is not a policy ONNX export supports: it holds "
                + present + ", but export needs one of " + POLICY_FILES + " (PPO, REINFORCE/A2C/A3C/TRPO, SAC/TD3/DDPG,"
                + " DQN, ES/ARS, BC/DAgger/GAIL/AIRL, MaxEnt IRL, AlphaZero, MuZero without search, tabular or their"
                + " preference-learning variants)."
                + " Model-based planners (MPC over a learned dynamics model: pets) are not exported to ONNX: their"
                + " action is a search, not a network's output; use --format safetensors where the model has a"
                + " safetensors file.");
    }

    /** Writes {@code model} to {@code out} atomically (a temporary file beside it, then a move). */
    public static void write(ModelProto model, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                model.writeTo(os);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------- PPO

    private static void ppoDiscrete(OnnxGraph g, Weights w, Map<String, String> m, Options o) {
        int actions = w.integer(m, "num_actions");
        long start = Long.parseLong(m.getOrDefault("action_start", "0"));
        String torso = m.getOrDefault("torso", "mlp");
        String logits;
        String value;
        if (torso.equals("mlp")) {
            int obs = w.integer(m, "obs_size");
            String x = g.floatInput(OBS, obs);
            logits = mlp(g, w, "actor", x, "Tanh");
            value = o.value() ? mlp(g, w, "critic", x, "Tanh") : null;
        } else {
            int[] chw = ints(w, m, "obs_shape");
            String x = g.floatInput(OBS, chw);
            String h = cnn(g, w, "network", torso, x, Boolean.parseBoolean(m.get("scale_input")));
            logits = w.linear(g, "actor", h);
            value = o.value() ? w.linear(g, "critic", h) : null;
        }
        discreteAction(g, logits, start);
        if (value != null) {
            g.output(value, VALUE, TensorProto.DataType.FLOAT, 1);
        }
        if (o.distribution()) {
            g.output(logits, LOGITS, TensorProto.DataType.FLOAT, actions);
        }
    }

    private static void ppoContinuous(OnnxGraph g, Weights w, Map<String, String> m, Options o) {
        int obs = w.integer(m, "obs_size");
        int act = w.integer(m, "action_size");
        String x = g.floatInput(OBS, obs);
        String rms = m.get("obs_rms");
        if (rms != null) {
            double[] s = Arrays.stream(rms.split(",")).mapToDouble(Double::parseDouble).toArray();
            if (s.length != 1 + 2 * obs) {
                throw new IllegalArgumentException(w.file + " is corrupt: obs_rms has " + s.length + " values, expected "
                        + (1 + 2 * obs) + " (count, " + obs + " means, " + obs + " variances)");
            }
            float[] mean = new float[obs];
            float[] std = new float[obs];
            for (int j = 0; j < obs; j++) {
                mean[j] = (float) s[1 + j];
                std[j] = (float) Math.sqrt(s[1 + obs + j] + 1e-8);
            }
            x = g.binary("Div", g.binary("Sub", x, g.constant("obs_rms.mean", mean, obs)),
                    g.constant("obs_rms.std", std, obs));
            float[] lo = new float[obs];
            float[] hi = new float[obs];
            Arrays.fill(lo, -10f);
            Arrays.fill(hi, 10f);
            x = g.clip(x, "obs_clip", lo, hi);
            g.doc("Observation normalisation folded in: (obs - mean) / sqrt(var + 1e-8), clipped to [-10, 10].");
        }
        String mean = mlp(g, w, "actor_mean", x, "Tanh");
        g.output(g.clip(mean, "action", floats(w, m, "action_low"), floats(w, m, "action_high")), ACTION,
                TensorProto.DataType.FLOAT, act);
        if (o.value()) {
            g.output(mlp(g, w, "critic", x, "Tanh"), VALUE, TensorProto.DataType.FLOAT, 1);
        }
        if (o.distribution()) {
            g.output(mean, MEAN, TensorProto.DataType.FLOAT, act);
            Tensor ls = w.get("actor_logstd");
            String logStd = g.binary("Add", g.binary("Mul", mean, g.constant("zero", new float[] {0f})),
                    g.constantAt("actor_logstd", ls.data(), ls.offset(), act));
            g.output(logStd, LOG_STD, TensorProto.DataType.FLOAT, act);
        }
    }

    // ---------------------------------------------------------------- REINFORCE, A2C, A3C, TRPO

    private static void policyGradient(OnnxGraph g, Weights w, Map<String, String> m, Options o) {
        if (!m.containsKey("discrete") || !w.has("pi.weight")) {
            throw new IllegalArgumentException(w.file + " holds a policy of algorithm '" + m.get("algorithm")
                    + "' that is neither a policy-gradient or imitation network nor an ES/ARS flat policy");
        }
        if (Integer.parseInt(m.getOrDefault("obs_states", "0").strip()) > 0) {
            throw new IllegalArgumentException(w.file + " holds a " + m.get("algorithm") + " policy over Discrete"
                    + " observations (one-hot features); ONNX export takes float observation vectors, so it is not"
                    + " exported (use --format safetensors)");
        }
        int obs = w.integer(m, "obs_size");
        int act = w.integer(m, "action_size");
        String x = g.floatInput(OBS, obs);
        String h = x;
        for (String layer : w.sequentialLinears("trunk")) {
            h = g.unary("Tanh", w.linear(g, layer, h));
        }
        String out = w.linear(g, "pi", h);
        boolean discrete = Boolean.parseBoolean(m.get("discrete"));
        if (discrete) {
            discreteAction(g, out, 0);
        } else {
            g.output(g.clip(out, "action", floats(w, m, "action_low"), floats(w, m, "action_high")), ACTION,
                    TensorProto.DataType.FLOAT, act);
        }
        if (o.value() && w.has("vf.weight")) {
            g.output(w.linear(g, "vf", h), VALUE, TensorProto.DataType.FLOAT, 1);
        }
        if (o.distribution()) {
            g.output(out, discrete ? LOGITS : MEAN, TensorProto.DataType.FLOAT, act);
            if (!discrete) {
                Tensor ls = w.get("log_std");
                g.output(g.binary("Add", g.binary("Mul", out, g.constant("zero", new float[] {0f})),
                        g.constantAt("log_std_param", ls.data(), ls.offset(), act)), LOG_STD, TensorProto.DataType.FLOAT, act);
            }
        }
    }

    // ---------------------------------------------------------------- MuZero (without search)

    /**
     * MuZero's representation and prediction networks, without the search: {@code s = h(obs)} (ReLU MLP), min-max
     * scaled per row to [0, 1] ({@code (s − min)/(max − min + 1e−5)}), then {@code policy_logits} = the policy
     * network's prior logits, {@code value} = the value network's categorical head mapped back to a scalar
     * ({@code h⁻¹(Σ_k softmax(z)_k·(k − S))}, ε = 0.001, written as {@code 2(|y| + 1 + ε)/(√(1 + 4ε(|y| + 1 + ε)) + 1)}
     * squared minus one, with the sign of y, which is h⁻¹ without the float32 cancellation of its textbook form) and
     * {@code action} = the arg max of the prior. Bellman's own MuZero policy searches with the dynamics network; this
     * graph does not, so its action can differ from {@code bellman eval}'s.
     */
    private static void muZero(OnnxGraph g, Weights w, Map<String, String> m) {
        if (m.containsKey("image_shape")) {
            throw new IllegalArgumentException(w.file + " is a MuZero policy with a convolutional representation network"
                    + " (image_shape " + m.get("image_shape") + ", a MinAtar run); ONNX export takes MuZero runs on flat"
                    + " Box observations only");
        }
        int obs = w.integer(m, "obs_size");
        int actions = w.integer(m, "num_actions");
        int support = w.integer(m, "support_size");
        String x = g.floatInput(OBS, obs);
        String s = mlp(g, w, "representation", x, "Relu");
        String max = g.node("ReduceMax", List.of(s), Map.of("axes", new long[] {1}, "keepdims", 1L));
        String min = g.node("ReduceMin", List.of(s), Map.of("axes", new long[] {1}, "keepdims", 1L));
        s = g.binary("Div", g.binary("Sub", s, min), g.scalar("Add", g.binary("Sub", max, min), "scale_eps", 1e-5f));
        String logits = mlp(g, w, "policy", s, "Relu");
        String z = mlp(g, w, "value", s, "Relu");
        float[] atoms = new float[2 * support + 1];
        for (int k = 0; k < atoms.length; k++) {
            atoms[k] = k - support;
        }
        String y = g.binary("MatMul", g.node("Softmax", List.of(z), Map.of("axis", 1L)),
                g.constant("support", atoms, atoms.length, 1));
        float eps = (float) dev.bellman.nn.SupportTransform.MUZERO_EPS;
        String a1 = g.scalar("Add", g.unary("Abs", y), "one_plus_eps", 1f + eps); // |y| + 1 + ε
        String root = g.binary("Div", g.scalar("Mul", a1, "two", 2f),
                g.scalar("Add", g.unary("Sqrt", g.scalar("Add", g.scalar("Mul", a1, "four_eps", 4 * eps), "one", 1f)),
                        "one", 1f));
        String value = g.binary("Mul", g.unary("Sign", y), g.scalar("Sub", g.binary("Mul", root, root), "one", 1f));
        g.output(g.argmax(logits), ACTION, TensorProto.DataType.INT64);
        g.output(logits, POLICY_LOGITS, TensorProto.DataType.FLOAT, actions);
        g.output(value, VALUE, TensorProto.DataType.FLOAT, 1);
        g.doc("MuZero without search: representation and prediction networks only; action = arg max of the prior.");
    }

    // ---------------------------------------------------------------- tabular

    /**
     * A Q-table's greedy policy: input {@code obs} int64 {@code [batch]} (the state index), {@code action} =
     * {@code Gather} of the greedy action per state (computed in double precision by the table, ties to the lowest
     * action, so float32 rounding of Q cannot change it); optional {@code q_values} {@code [batch, actions]}, the
     * table's rows rounded to float32.
     */
    private static ModelProto tabular(Path file, Options options) throws IOException {
        dev.bellman.algorithms.tabular.QTable table = dev.bellman.algorithms.tabular.QTable.load(file);
        int states = table.numStates();
        int actions = table.numActions();
        OnnxGraph g = new OnnxGraph("bellman_q_table");
        g.doc("Exported by Bellman from " + file.getFileName() + " (" + states + " states, " + actions + " actions).");
        String x = g.longInput(OBS);
        int[] greedy = table.greedyPolicy();
        long[] policy = new long[states];
        for (int s = 0; s < states; s++) {
            policy[s] = greedy[s];
        }
        String a = g.node("Gather", List.of(g.longConstant("greedy_action", policy, states), x), Map.of("axis", 0L));
        g.output(a, ACTION, TensorProto.DataType.INT64);
        if (options.distribution()) {
            float[] q = new float[states * actions];
            for (int s = 0; s < states; s++) {
                for (int k = 0; k < actions; k++) {
                    q[s * actions + k] = (float) table.get(s, k);
                }
            }
            String rows = g.node("Gather", List.of(g.constant("q_table", q, states, actions), x), Map.of("axis", 0L));
            g.output(rows, Q_VALUES, TensorProto.DataType.FLOAT, actions);
        }
        return g.model(version());
    }

    /** MaxEnt IRL's action table: input {@code obs} int64 {@code [batch]}, {@code action} = its {@code Gather}. */
    private static ModelProto actionTable(Path file) throws IOException {
        List<Long> actions = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                try {
                    actions.add(Long.parseLong(line.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " is corrupt: line '" + line + "' is not an action", e);
                }
            }
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no actions");
        }
        OnnxGraph g = new OnnxGraph("bellman_action_table");
        g.doc("Exported by Bellman from " + file.getFileName() + " (" + actions.size() + " states).");
        String x = g.longInput(OBS);
        long[] table = actions.stream().mapToLong(Long::longValue).toArray();
        g.output(g.node("Gather", List.of(g.longConstant("action_table", table, table.length), x), Map.of("axis", 0L)),
                ACTION, TensorProto.DataType.INT64);
        return g.model(version());
    }

    // ---------------------------------------------------------------- ES, ARS

    /**
     * A flat-parameter policy of ES or ARS: {@code clip((obs − obs_mean) ⊙ obs_scale, ±obs_clip)}, then the layers
     * (weights {@code [out][in]} then biases, laid out one after the other in {@code params}) with tanh between
     * them; the arg max (Discrete), or for a Box {@code low + (tanh(y) + 1)/2 · (high − low)} ({@code tanh_output}
     * with finite bounds) or {@code y} clipped to the bounds. No distribution: these policies are deterministic.
     */
    private static void flatPolicy(OnnxGraph g, Weights w, Map<String, String> m) {
        int obs = w.integer(m, "obs_size");
        int act = w.integer(m, "action_size");
        String hiddenList = w.meta(m, "hidden").replace("[", "").replace("]", "").strip();
        int[] hidden = hiddenList.isEmpty() ? new int[0]
                : Arrays.stream(hiddenList.split(",")).mapToInt(v -> Integer.parseInt(v.strip())).toArray();
        boolean bias = Boolean.parseBoolean(w.meta(m, "bias"));
        boolean discrete = Boolean.parseBoolean(w.meta(m, "discrete"));
        float clip = Float.parseFloat(w.meta(m, "obs_clip"));
        int[] widths = new int[hidden.length + 2];
        widths[0] = obs;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = act;
        Tensor params = w.get("params");
        Tensor mean = w.get("obs_mean");
        Tensor scale = w.get("obs_scale");
        long expected = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            expected += (long) widths[l + 1] * widths[l] + (bias ? widths[l + 1] : 0);
        }
        if (params.size() != expected || mean.size() != obs || scale.size() != obs) {
            throw new IllegalArgumentException(w.file + " is corrupt: " + params.size() + " parameters and "
                    + mean.size() + "/" + scale.size() + " observation statistics for layer widths "
                    + Arrays.toString(widths) + " (expected " + expected + " and " + obs + ")");
        }
        String x = g.floatInput(OBS, obs);
        x = g.binary("Mul", g.binary("Sub", x, g.constantAt("obs_mean", mean.data(), mean.offset(), obs)),
                g.constantAt("obs_scale", scale.data(), scale.offset(), obs));
        x = g.clip(x, "obs_clip", filled(obs, -clip), filled(obs, clip));
        g.doc("Observation normalisation folded in: clip((obs - mean) * scale, +-" + clip + ").");
        float[] p = params.data();
        int off = params.offset();
        for (int l = 0; l + 1 < widths.length; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] weight = Arrays.copyOfRange(p, off, off + out * in);
            off += out * in;
            float[] b = null;
            if (bias) {
                b = Arrays.copyOfRange(p, off, off + out);
                off += out;
            }
            x = g.linear(x, "layer" + l, weight, b, out, in);
            if (l + 2 < widths.length) {
                x = g.unary("Tanh", x);
            }
        }
        if (discrete) {
            discreteAction(g, x, 0);
            return;
        }
        float[] low = floats(w, m, "action_low");
        float[] high = floats(w, m, "action_high");
        boolean squash = Boolean.parseBoolean(w.meta(m, "tanh_output"));
        boolean finite = true;
        for (int i = 0; i < act; i++) {
            finite &= Float.isFinite(low[i]) && Float.isFinite(high[i]);
        }
        if (squash && finite) {
            // low + (tanh(y) + 1) * 0.5 * (high - low), in the order FlatPolicy computes it
            String t = g.scalar("Add", g.unary("Tanh", x), "one", 1f);
            String a = g.binary("Add", g.binary("Mul", g.scalar("Mul", t, "half", 0.5f),
                    g.constant("action_range", range(low, high), act)), g.constant("action_low", low, act));
            g.output(a, ACTION, TensorProto.DataType.FLOAT, act);
        } else {
            g.output(g.clip(x, "action", low, high), ACTION, TensorProto.DataType.FLOAT, act);
        }
    }

    private static float[] range(float[] low, float[] high) {
        float[] r = new float[low.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = high[i] - low[i];
        }
        return r;
    }

    // ---------------------------------------------------------------- SAC, TD3, DDPG

    private static void offPolicyActor(OnnxGraph g, Weights w, Map<String, String> m, Options o, String obsKey,
            String actKey, String lowKey, String highKey) {
        int obs = w.integer(m, obsKey);
        int act = w.integer(m, actKey);
        String x = g.floatInput(OBS, obs);
        String h = x;
        for (int i = 1; w.has("fc" + i + ".weight"); i++) {
            h = g.unary("Relu", w.linear(g, "fc" + i, h));
        }
        boolean sac = w.has("fc_mean.weight");
        String mean = w.linear(g, sac ? "fc_mean" : "fc_mu", h);
        boolean sde = w.has("log_std");
        if (sde) {
            mean = g.clip(mean, "sde_mean", filled(act, -2f), filled(act, 2f));
        }
        String a = g.clip(g.unary("Tanh", mean), "unit", filled(act, -1f), filled(act, 1f));
        float[] low = floats(w, m, lowKey);
        float[] high = floats(w, m, highKey);
        float[] half = new float[act];
        for (int i = 0; i < act; i++) {
            half[i] = 0.5f * (high[i] - low[i]);
        }
        // low + 0.5 (a + 1)(high − low), clamped again as ActionScaler does
        String scaled = g.binary("Add", g.constant("action_low", low, act),
                g.binary("Mul", g.scalar("Add", a, "one", 1f), g.constant("action_half_range", half, act)));
        g.output(g.clip(scaled, "action", low, high), ACTION, TensorProto.DataType.FLOAT, act);
        if (o.distribution() && sac) {
            g.output(mean, MEAN, TensorProto.DataType.FLOAT, act);
            if (!sde) {
                String raw = g.unary("Tanh", w.linear(g, "fc_logstd", h));
                String logStd = g.scalar("Add", g.scalar("Mul", g.scalar("Add", raw, "one", 1f), "log_std_half_range",
                        0.5f * (LOG_STD_MAX - LOG_STD_MIN)), "log_std_min", LOG_STD_MIN);
                g.output(logStd, LOG_STD, TensorProto.DataType.FLOAT, act);
            }
        }
    }

    /** MBPO's actor records no {@code act_dim}: the number of action bounds is its action size. */
    private static Map<String, String> withActDim(Map<String, String> m) {
        if (m.containsKey("act_dim") || m.get("action_low") == null) {
            return m;
        }
        Map<String, String> out = new java.util.HashMap<>(m);
        out.put("act_dim", Integer.toString(m.get("action_low").replace("[", "").replace("]", "").split(",").length));
        return out;
    }

    // ---------------------------------------------------------------- DQN

    private static void dqn(OnnxGraph g, Weights w, Map<String, String> m, Options o) {
        if (!"bellman-dqn-1".equals(m.get("format"))) {
            throw new IllegalArgumentException(w.file + " is not a Bellman DQN network (format " + m.get("format")
                    + ", expected bellman-dqn-1)");
        }
        int actions = w.integer(m, "num_actions");
        long start = Long.parseLong(m.getOrDefault("action_start", "0"));
        int[] shape = ints(w, m, "obs_shape");
        String torso = m.getOrDefault("torso", "mlp");
        String x = g.floatInput(OBS, shape);
        String h;
        if (torso.equals("mlp")) {
            h = shape.length == 1 ? x : g.flatten(x);
            for (String layer : w.sequentialLinears("torso")) {
                h = g.unary("Relu", w.linear(g, layer, h));
            }
        } else {
            h = cnn(g, w, "torso", torso, x, Boolean.parseBoolean(m.get("scale_input")));
        }
        String q;
        if (Boolean.parseBoolean(m.get("dueling"))) {
            String adv = w.linear(g, "advantage", h);
            String val = w.linear(g, "value", h);
            String meanAdv = g.node("ReduceMean", List.of(adv), Map.of("axes", new long[] {1}, "keepdims", 1L));
            q = g.binary("Add", val, g.binary("Sub", adv, meanAdv));
        } else {
            q = w.linear(g, "head", h);
        }
        discreteAction(g, q, start);
        if (o.distribution()) {
            g.output(q, Q_VALUES, TensorProto.DataType.FLOAT, actions);
        }
    }

    // ---------------------------------------------------------------- AlphaZero

    private static void alphaZero(OnnxGraph g, Weights w, Map<String, String> m, Options o) {
        int planes = w.integer(m, "planes");
        int board = w.integer(m, "board");
        int blocks = w.integer(m, "blocks");
        int actions = w.integer(m, "actions");
        String x = g.floatInput(OBS, planes, board, board);
        String h = g.unary("Relu", batchNorm(g, w, "bn", convNoBias(g, w, "conv", x)));
        for (int b = 0; b < blocks; b++) {
            String p = "blocks." + b + ".";
            String r = g.unary("Relu", batchNorm(g, w, p + "bn1", convNoBias(g, w, p + "conv1", h)));
            r = batchNorm(g, w, p + "bn2", convNoBias(g, w, p + "conv2", r));
            h = g.unary("Relu", g.binary("Add", r, h));
        }
        String pol = g.flatten(g.unary("Relu", batchNorm(g, w, "policy_bn", convNoBias(g, w, "policy_conv", h))));
        String logits = w.linear(g, "policy_fc", pol);
        String v = g.flatten(g.unary("Relu", batchNorm(g, w, "value_bn", convNoBias(g, w, "value_conv", h))));
        String value = g.unary("Tanh", w.linear(g, "value_fc2", g.unary("Relu", w.linear(g, "value_fc1", v))));
        g.output(g.argmax(logits), ACTION, TensorProto.DataType.INT64);
        g.output(logits, POLICY_LOGITS, TensorProto.DataType.FLOAT, actions);
        g.output(value, VALUE, TensorProto.DataType.FLOAT, 1);
        g.doc("AlphaZero tower: policy_logits over all " + actions + " actions (no legal-move mask), value in (-1, 1)"
                + " for the player to move; action is the arg max of the logits, not a search result.");
    }

    private static String convNoBias(OnnxGraph g, Weights w, String base, String x) {
        Tensor t = w.get(base + ".weight");
        int k = t.shape()[2];
        return g.conv(x, base, t.toArray(), t.shape(), null, 1, k / 2);
    }

    private static String batchNorm(OnnxGraph g, Weights w, String base, String x) {
        int c = w.get(base + ".weight").size();
        List<String> in = new ArrayList<>(List.of(x));
        for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
            Tensor t = w.get(base + "." + p);
            in.add(g.constantAt(base + "." + p, t.data(), t.offset(), c));
        }
        return g.node("BatchNormalization", in, Map.of("epsilon", 1e-5f));
    }

    // ---------------------------------------------------------------- shared pieces

    private static void discreteAction(OnnxGraph g, String scores, long start) {
        String a = g.argmax(scores);
        if (start != 0) {
            a = g.binary("Add", a, g.longConstant("action_start", new long[] {start}));
        }
        g.output(a, ACTION, TensorProto.DataType.INT64);
    }

    /** An MLP stored as a Sequential under {@code prefix}: linear layers with {@code activation} between them. */
    private static String mlp(OnnxGraph g, Weights w, String prefix, String x, String activation) {
        List<String> layers = w.sequentialLinears(prefix);
        String h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = w.linear(g, layers.get(i), h);
            if (i + 1 < layers.size()) {
                h = g.unary(activation, h);
            }
        }
        return h;
    }

    /**
     * The CNN torsos of {@code dev.bellman.nn}: the Nature CNN (8×8/4, 4×4/2, 3×3/1, linear 512, ReLUs; input divided
     * by 255 with {@code scale}) and the MinAtar CNN (3×3/1, linear 128, ReLUs), parameters under {@code prefix}.
     */
    private static String cnn(OnnxGraph g, Weights w, String prefix, String torso, String x, boolean scale) {
        String p = prefix + ".";
        switch (torso) {
            case "nature-cnn" -> {
                String h = scale ? g.scalar("Div", x, "pixel_scale", 255f) : x;
                if (scale) {
                    g.doc("Image scaling folded in: the float input holds 0-255 pixel values and is divided by 255.");
                }
                int[] strides = {4, 2, 1};
                int[] idx = {0, 2, 4};
                for (int i = 0; i < 3; i++) {
                    Tensor k = w.get(p + idx[i] + ".weight");
                    Tensor b = w.get(p + idx[i] + ".bias");
                    h = g.unary("Relu", g.conv(h, p + idx[i], k.toArray(), k.shape(), b.toArray(), strides[i], 0));
                }
                return g.unary("Relu", w.linear(g, p + "7", g.flatten(h)));
            }
            case "minatar-cnn" -> {
                Tensor k = w.get(p + "0.weight");
                Tensor b = w.get(p + "0.bias");
                String h = g.unary("Relu", g.conv(x, p + "0", k.toArray(), k.shape(), b.toArray(), 1, 0));
                return g.unary("Relu", w.linear(g, p + "3", g.flatten(h)));
            }
            case "impala-cnn" -> {
                // IMPALA's residual torso (dev.bellman.nn.ImpalaCnn): per stack k, conv 3x3 pad 1, max pool 3x3
                // stride 2 pad 1, two blocks x + conv1(relu(conv0(relu(x)))); then relu, flatten, linear, relu
                String h = scale ? g.scalar("Div", x, "pixel_scale", 255f) : x;
                if (scale) {
                    g.doc("Image scaling folded in: the float input holds 0-255 pixel values and is divided by 255.");
                }
                int stacks = 0;
                while (w.has(p + stacks + ".conv.weight")) {
                    String q = p + stacks + ".";
                    h = impalaConv(g, w, q + "conv", h);
                    h = g.node("MaxPool", List.of(h), Map.of("kernel_shape", new long[] {3, 3},
                            "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
                    for (String block : List.of("res_block0", "res_block1")) {
                        String inner = impalaConv(g, w, q + block + ".conv0", g.unary("Relu", h));
                        h = g.binary("Add", h, impalaConv(g, w, q + block + ".conv1", g.unary("Relu", inner)));
                    }
                    stacks++;
                }
                if (stacks == 0) {
                    throw new IllegalArgumentException(w.file + " has no IMPALA stacks under '" + prefix + "'");
                }
                return g.unary("Relu", w.linear(g, p + (stacks + 2), g.flatten(g.unary("Relu", h))));
            }
            default -> throw new IllegalArgumentException("ONNX export does not support the '" + torso + "' torso of "
                    + w.file + " yet; supported torsos: mlp, nature-cnn, minatar-cnn, impala-cnn");
        }
    }

    /** A 3x3 convolution with padding 1 and bias, parameters {@code base.weight}, {@code base.bias}. */
    private static String impalaConv(OnnxGraph g, Weights w, String base, String x) {
        Tensor k = w.get(base + ".weight");
        Tensor b = w.get(base + ".bias");
        return g.conv(x, base, k.toArray(), k.shape(), b.toArray(), 1, 1);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static float[] floats(Weights w, Map<String, String> m, String key) {
        String s = w.meta(m, key).replace("[", "").replace("]", "");
        String[] parts = s.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i].strip());
        }
        return out;
    }

    private static int[] ints(Weights w, Map<String, String> m, String key) {
        return Arrays.stream(w.meta(m, key).split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The tensors of one safetensors file, with errors that name it. */
    private record Weights(Path file, Map<String, Tensor> tensors) {
        boolean has(String name) {
            return tensors.containsKey(name);
        }

        Tensor get(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException(file + " lacks tensor '" + name + "' that its architecture needs;"
                        + " it holds " + new TreeMap<>(tensors).keySet());
            }
            return t;
        }

        String meta(Map<String, String> m, String key) {
            String v = m.get(key);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(file + " lacks metadata '" + key + "' that export needs");
            }
            return v;
        }

        int integer(Map<String, String> m, String key) {
            try {
                return Integer.parseInt(meta(m, key).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " has metadata " + key + " = '" + m.get(key)
                        + "', expected an integer", e);
            }
        }

        /** {@code prefix.N} for every {@code prefix.N.weight}, in order of N. */
        List<String> sequentialLinears(String prefix) {
            Pattern p = Pattern.compile(Pattern.quote(prefix) + "\\.(\\d+)\\.weight");
            List<Integer> idx = new ArrayList<>();
            for (String k : tensors.keySet()) {
                Matcher mm = p.matcher(k);
                if (mm.matches()) {
                    idx.add(Integer.parseInt(mm.group(1)));
                }
            }
            if (idx.isEmpty()) {
                throw new IllegalArgumentException(file + " has no layers under '" + prefix + "'; it holds "
                        + new TreeMap<>(tensors).keySet());
            }
            idx.sort(Comparator.naturalOrder());
            return idx.stream().map(i -> prefix + "." + i).toList();
        }

        /** The linear layer {@code base} ({@code base.weight [out, in]}, optional {@code base.bias}) applied to x. */
        String linear(OnnxGraph g, String base, String x) {
            Tensor wt = get(base + ".weight");
            Tensor b = tensors.get(base + ".bias");
            int[] s = wt.shape();
            return g.linear(x, base, wt.toArray(), b == null ? null : b.toArray(), s[0], s[1]);
        }
    }
}
