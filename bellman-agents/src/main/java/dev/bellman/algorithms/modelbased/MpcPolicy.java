package dev.bellman.algorithms.modelbased;

import dev.bellman.core.LinePlot;
import dev.bellman.core.Policy;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policy PETS returns: its planner (CEM, or gradient shooting with {@code planner=gradient}) over the learned ensemble,
 * acting with its own generator (seed 0 when loaded).
 * Saved as {@value #FILE} (the ensemble's weights and normalisation statistics; the header metadata holds the config,
 * action bounds and env id) plus the model-error history, {@code model_error.csv} and {@code model_error.png}
 * (one-step and 10-step mean squared error per observation dimension, log scale, against env steps).
 */
public final class MpcPolicy implements Policy {
    static final String FILE = "dynamics.safetensors";

    private final DynamicsEnsemble model;
    private final Pets.Config config;
    private final Planner.Bounds bounds;
    private final String envId;
    private final Planner cem;
    private final Pets.ModelErrors errors;
    private final Rng rng = new Rng(0);

    MpcPolicy(DynamicsEnsemble model, Pets.Config config, Planner.Bounds bounds, String envId, TaskFunctions task,
              Pets.ModelErrors errors) {
        this.model = model;
        this.config = config;
        this.bounds = bounds;
        this.envId = envId;
        this.errors = errors;
        this.cem = config.planner(model, task, bounds, envId);
    }

    /** The learned dynamics model. */
    public DynamicsEnsemble model() {
        return model;
    }

    /** The first action of the planner's plan for {@code observation} (a float[]); the plan is warm-started from the last call. */
    @Override
    public Object act(Object observation) {
        if (!(observation instanceof float[] o) || o.length != model.obsDim()) {
            throw new IllegalArgumentException("PETS needs a float[" + model.obsDim() + "] observation but got "
                    + (observation instanceof float[] f ? "float[" + f.length + "]" : String.valueOf(observation)));
        }
        return cem.act(o, rng);
    }

    @Override
    public void save(Path directory) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("algorithm", Pets.TAG);
        m.put("env_id", envId);
        m.put("obs_dim", Integer.toString(model.obsDim()));
        m.put("act_dim", Integer.toString(model.actDim()));
        m.put("action_low", join(bounds.low()));
        m.put("action_high", join(bounds.high()));
        Pets.Config c = config;
        m.put("config", c.ensembleSize() + ";" + join(c.hidden()) + ";" + c.modelLearningRate() + ";" + c.modelBatchSize() + ";"
                + c.modelEpochs() + ";" + c.initialRandomSteps() + ";" + c.horizon() + ";" + c.populationSize() + ";"
                + c.numElites() + ";" + c.cemIterations() + ";" + c.cemAlpha() + ";" + c.particles() + ";" + c.propagation() + ";"
                + c.planner() + ";" + c.gradientCandidates() + ";" + c.gradientIterations() + ";" + c.gradientLearningRate());
        model.save(directory.resolve(FILE), m);
        writeErrors(directory);
    }

    private void writeErrors(Path directory) throws IOException {
        int rows = errors.rows(), od = errors.obsDim();
        StringBuilder csv = new StringBuilder("global_step");
        for (int d = 0; d < od; d++) csv.append(",one_step_mse_").append(d);
        for (int d = 0; d < od; d++) csv.append(",ten_step_mse_").append(d);
        csv.append('\n');
        double[] x = new double[rows];
        for (int r = 0; r < rows; r++) {
            x[r] = errors.step(r);
            csv.append((long) x[r]);
            for (int d = 0; d < od; d++) csv.append(',').append(errors.oneStep(r, d));
            for (int d = 0; d < od; d++) csv.append(',').append(errors.tenStep(r, d));
            csv.append('\n');
        }
        Files.writeString(directory.resolve("model_error.csv"), csv.toString(), StandardCharsets.UTF_8);
        LinePlot plot = new LinePlot("PETS model error on the next, unseen episode (" + envId + ")", "env steps", "MSE").logY();
        for (int d = 0; d < od; d++) {
            double[] y1 = new double[rows], y10 = new double[rows];
            for (int r = 0; r < rows; r++) {
                y1[r] = errors.oneStep(r, d);
                y10[r] = errors.tenStep(r, d);
            }
            plot.series("1-step, obs[" + d + "]", x, y1);
            plot.series("10-step, obs[" + d + "]", x, y10);
        }
        plot.write(directory.resolve("model_error.png"));
    }

    /** Restores a policy saved by {@link #save}. */
    static MpcPolicy load(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, String> m = contents.metadata();
        if (!Pets.TAG.equals(m.get("algorithm"))) {
            throw new IOException(file + " holds a policy of algorithm '" + m.get("algorithm") + "', expected 'pets'");
        }
        String[] f = m.get("config").split(";", -1);
        Pets.Config c = new Pets.Config(Integer.parseInt(f[0]), ints(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3]),
                Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]),
                Integer.parseInt(f[8]), Integer.parseInt(f[9]), Double.parseDouble(f[10]), Integer.parseInt(f[11]), f[12],
                f.length > 13 ? f[13] : "cem", f.length > 13 ? Integer.parseInt(f[14]) : 5,
                f.length > 13 ? Integer.parseInt(f[15]) : 10, f.length > 13 ? Double.parseDouble(f[16]) : 0.5);
        int obsDim = Integer.parseInt(m.get("obs_dim")), actDim = Integer.parseInt(m.get("act_dim"));
        DynamicsEnsemble model = new DynamicsEnsemble(obsDim, actDim, c.model(), new Rng(0));
        model.load(file);
        String envId = m.get("env_id");
        TaskFunctions task = TaskFunctions.forEnv(envId).orElseThrow(
                () -> new IOException(file + " was trained on " + envId + ", whose reward functions Bellman does not know"));
        Planner.Bounds bounds = new Planner.Bounds(floats(m.get("action_low")), floats(m.get("action_high")), c.horizon());
        return new MpcPolicy(model, c, bounds, envId, task, new Pets.ModelErrors(obsDim));
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? "," : "").append(v[i]);
        return sb.toString();
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? "," : "").append(v[i]);
        return sb.toString();
    }

    private static float[] floats(String s) {
        String[] p = s.split(",");
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Float.parseFloat(p[i]);
        return out;
    }

    private static int[] ints(String s) {
        String[] p = s.split(",");
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i]);
        return out;
    }
}
