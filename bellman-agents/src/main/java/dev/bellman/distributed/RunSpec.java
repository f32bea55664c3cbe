package dev.bellman.distributed;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.TrainRequest;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run spec a learner publishes through {@link ActorLearnerTransport#publishSpec}: the algorithm id, env id,
 * seed, budget, every resolved hyperparameter ({@code hp.NAME}) and env keyword argument ({@code env-kwargs.NAME}),
 * all as strings, plus algorithm-specific entries (resume state, base64). An actor rebuilds the same
 * {@link TrainRequest} with {@link #request}.
 */
public final class RunSpec {
    /** Spec keys. */
    public static final String ALGORITHM = "algorithm", ENV_ID = "env-id", SEED = "seed",
            TOTAL_TIMESTEPS = "total-timesteps";
    private static final String HP = "hp.", KWARGS = "env-kwargs.";

    private RunSpec() {}

    /** The spec of {@code request} for {@code algorithm}, keys sorted. */
    public static Map<String, String> of(String algorithm, TrainRequest request) {
        Map<String, String> spec = new TreeMap<>();
        spec.put(ALGORITHM, algorithm);
        spec.put(ENV_ID, request.envId());
        spec.put(SEED, Long.toString(request.seed()));
        spec.put(TOTAL_TIMESTEPS, Long.toString(request.totalTimesteps()));
        request.hyperparameters().values().forEach((k, v) -> spec.put(HP + k, String.valueOf(v)));
        request.envKwargs().forEach((k, v) -> spec.put(KWARGS + k, String.valueOf(v)));
        return spec;
    }

    /**
     * The request a spec from {@link #of} describes, its hyperparameters resolved by {@code provider}. Env keyword
     * arguments come back as Boolean, Integer, Long or Double where their text parses as one, else as String.
     *
     * @throws IllegalArgumentException when the spec was published for another algorithm
     */
    public static TrainRequest request(Map<String, String> spec, AlgorithmProvider provider) {
        String algo = spec.get(ALGORITHM);
        if (!provider.id().equals(algo)) {
            throw new IllegalArgumentException("the learner runs " + algo + " but this actor was started for "
                    + provider.id() + "; start the actor with --algo " + algo);
        }
        Map<String, String> hp = new LinkedHashMap<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (var e : spec.entrySet()) {
            if (e.getKey().startsWith(HP)) hp.put(e.getKey().substring(HP.length()), e.getValue());
            if (e.getKey().startsWith(KWARGS)) kwargs.put(e.getKey().substring(KWARGS.length()), parse(e.getValue()));
        }
        return new TrainRequest(spec.get(ENV_ID), Long.parseLong(spec.get(SEED)),
                Long.parseLong(spec.get(TOTAL_TIMESTEPS)), provider.resolve(hp), kwargs);
    }

    /** Bytes as a spec value. */
    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A spec value from {@link #encode}, or null when {@code value} is null. */
    public static byte[] decode(String value) {
        return value == null ? null : Base64.getDecoder().decode(value);
    }

    private static Object parse(String s) {
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        try {
            long l = Long.parseLong(s);
            return l == (int) l ? (Object) (int) l : (Object) l;
        } catch (NumberFormatException e) {
            // not an integer
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
