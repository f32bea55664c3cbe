package dev.bellman.algorithms.offpolicy;

import dev.bellman.core.Policy;
import dev.bellman.nn.Module;
import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The deterministic policy that DDPG, TD3 and SAC return and reload: an actor network whose
 * {@link Module#forward} maps observations {@code [B, obsDim]} to actions in {@code [−1, 1]^D}
 * ({@code tanh(μ(s))}; for SAC the mean of its squashed Gaussian), then {@link ActionScaler} into
 * the env's Box.
 *
 * <p>Saved as one safetensors file, {@value #FILE}, whose JSON header metadata holds what a reload
 * needs: the algorithm, observation and action sizes, hidden sizes and the action bounds (written
 * with {@link Float#toString}, so they read back bit-exactly). The file is written atomically.
 */
final class ActorPolicy implements Policy {
    static final String FILE = "actor.safetensors";

    private final Module actor;
    private final ActionScaler scaler;
    private final int obsDim;
    private final Map<String, String> metadata;

    /**
     * @param actor    the deterministic actor ({@code forward} gives actions in [−1, 1])
     * @param scaler   the map into the env's action Box
     * @param obsDim   observation size
     * @param metadata what the algorithm's {@code load} needs to rebuild the actor (algorithm, net-arch, ...)
     */
    ActorPolicy(Module actor, ActionScaler scaler, int obsDim, Map<String, String> metadata) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.scaler = Objects.requireNonNull(scaler, "scaler");
        this.obsDim = obsDim;
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put("obs_dim", Integer.toString(obsDim));
        m.put("act_dim", Integer.toString(scaler.dim()));
        m.put("action_low", floats(scaler.low()));
        m.put("action_high", floats(scaler.high()));
        this.metadata = Map.copyOf(m);
    }

    /** The actor network (live parameters). */
    Module actor() {
        return actor;
    }

    ActionScaler scaler() {
        return scaler;
    }

    @Override
    public Object act(Object observation) {
        if (!(observation instanceof float[] o)) {
            throw new IllegalArgumentException("a continuous-control policy needs a float[] (Box) observation but got "
                    + (observation == null ? "null" : observation.getClass().getSimpleName()));
        }
        if (o.length != obsDim) {
            throw new IllegalArgumentException("observation must have " + obsDim + " values but had " + o.length);
        }
        float[] out = new float[scaler.dim()];
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            Tensor a = actor.forward(Tensor.of(o.clone(), 1, obsDim));
            scaler.toEnv(a.data(), a.offset(), out);
        }
        return out;
    }

    @Override
    public void save(Path directory) throws IOException {
        actor.save(directory.resolve(FILE), metadata);
    }

    /** The saved header of {@code directory}'s actor, checked to come from {@code algorithm}. */
    static SafeTensors.Contents read(Path directory, String algorithm) throws IOException {
        Path file = directory.resolve(FILE);
        SafeTensors.Contents c = SafeTensors.read(file);
        String algo = c.metadata().get("algorithm");
        if (!algorithm.equals(algo)) {
            throw new IOException(file + " holds a policy of algorithm '" + algo + "', expected '" + algorithm + "'");
        }
        return c;
    }

    /** Rebuilds the scaler from saved metadata. */
    static ActionScaler scaler(Map<String, String> metadata) {
        return new ActionScaler(parseFloats(metadata.get("action_low")), parseFloats(metadata.get("action_high")));
    }

    static String floats(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(v[i]);
        }
        return sb.toString();
    }

    static float[] parseFloats(String s) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException("missing list of numbers in policy metadata");
        String[] parts = s.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Float.parseFloat(parts[i].strip());
        return out;
    }

    static int[] parseInts(String s) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException("missing list of integers in policy metadata");
        return Arrays.stream(s.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }

    static String ints(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(v[i]);
        }
        return sb.toString();
    }
}
