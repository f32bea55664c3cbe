package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Wrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Domain randomization (Tobin et al. 2017, "Domain Randomization for Transferring Deep Neural Networks from Simulation
 * to the Real World"; Peng et al. 2018, "Sim-to-Real Transfer of Robotic Control with Dynamics Randomization"): at
 * every reset, draws new values of the env's physical parameters ({@link HasPhysicalParameters}) from the given
 * distributions and sets them before the inner reset, so that each episode runs under one sampled set of dynamics.
 *
 * <p>Reproducible per episode seed: {@code reset(seed)} seeds the wrapper's own generator from {@code seed} (through a
 * fixed mix, so its stream differs from the env's own generator seeded with the same number), and
 * {@code reset(null)} continues it, as Gymnasium's seeding works. The sampled values are in the reset info under
 * {@link #INFO_KEY} (a map from name to value). Draws happen in the env's declaration order of the parameters,
 * whatever the order of the given map. Parameters not named keep their values.
 *
 * <p>{@link dev.bellman.env.Envs#make} applies this wrapper, directly around the unwrapped env, when the keyword
 * arguments hold {@link #KWARG} (a map from parameter name to a distribution or its text, or a list of
 * {@code name=distribution} strings); that is how {@code bellman train --randomize} reaches every algorithm.
 */
public final class DomainRandomization<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    /** The reset-info key of the sampled values. */
    public static final String INFO_KEY = "domain_randomization";
    /** The make-level keyword argument that asks {@link dev.bellman.env.Envs#make} for this wrapper. */
    public static final String KWARG = "randomize";

    private final HasPhysicalParameters target;
    private final Map<String, ParameterDistribution> distributions;
    private final EpisodeRandom random = new EpisodeRandom(0x44524E44L); // "DRND"

    /**
     * @param distributions parameter name to distribution; every name must be declared by the unwrapped env
     * @throws IllegalArgumentException if the env declares no parameters, or for an undeclared name (naming the
     *     closest declared one), or if a distribution can draw a value the parameter does not accept
     */
    public DomainRandomization(Env<O, A> env, Map<String, ParameterDistribution> distributions) {
        super(env);
        if (!(env.unwrapped() instanceof HasPhysicalParameters p)) {
            throw new IllegalArgumentException("domain randomization needs an env that declares physical parameters"
                    + " (HasPhysicalParameters), but " + env.unwrapped().getClass().getSimpleName() + " declares none");
        }
        target = p;
        if (distributions == null || distributions.isEmpty()) {
            throw new IllegalArgumentException("domain randomization needs at least one parameter=distribution; "
                    + target.getClass().getSimpleName() + " declares " + HasPhysicalParameters.describe(
                    target.declaredParameters()));
        }
        for (Map.Entry<String, ParameterDistribution> e : distributions.entrySet()) {
            PhysicalParameter decl = HasPhysicalParameters.declaration(target, e.getKey());
            double[] range = e.getValue().range();
            if (decl.positive() && !(range[0] > 0)) {
                throw new IllegalArgumentException(e.getKey() + "=" + e.getValue() + " can draw " + range[0] + ", but "
                        + e.getKey() + " (" + decl.meaning() + ") must be positive; choose a distribution above 0"
                        + " (loguniform, or a normal with bounds)");
            }
        }
        // draws in the env's declaration order, whatever the order of the given map
        Map<String, ParameterDistribution> ordered = new LinkedHashMap<>();
        for (PhysicalParameter decl : target.declaredParameters()) {
            if (distributions.containsKey(decl.name())) {
                ordered.put(decl.name(), distributions.get(decl.name()));
            }
        }
        this.distributions = Collections.unmodifiableMap(ordered);
    }

    /** The distributions by parameter name. */
    public Map<String, ParameterDistribution> distributions() {
        return distributions;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        random.reset(seed);
        Map<String, Double> sampled = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterDistribution> e : distributions.entrySet()) {
            double v = e.getValue().sample(random.get());
            target.setPhysicalParameter(e.getKey(), v);
            sampled.put(e.getKey(), v);
        }
        Reset<O> r = env.reset(seed, options);
        Map<String, Object> info = new LinkedHashMap<>(r.info());
        info.put(INFO_KEY, Collections.unmodifiableMap(sampled));
        return new Reset<>(r.observation(), Collections.unmodifiableMap(info));
    }

    /** The generator (0 or its 8 words) and the current values of the randomized parameters. */
    @Override
    public long[] snapshot() {
        long[] out = java.util.Arrays.copyOf(random.snapshot(), 9 + distributions.size());
        int i = 9;
        for (String name : distributions.keySet()) {
            out[i++] = Double.doubleToRawLongBits(target.physicalParameter(name));
        }
        return out;
    }

    @Override
    public void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 9 + distributions.size(), this);
        random.restore(snapshot, 0);
        int i = 9;
        for (String name : distributions.keySet()) {
            target.setPhysicalParameter(name, Double.longBitsToDouble(snapshot[i++]));
        }
    }

    // ---------------------------------------------------------------- the make-level keyword argument

    /**
     * Reads {@code name=distribution} strings (e.g. {@code masspole=uniform(0.05,0.5)}) into a map in the given order.
     *
     * @param declared the env's parameters, named in the message for an unknown name (may be null)
     * @throws IllegalArgumentException naming the bad text
     */
    public static Map<String, ParameterDistribution> parse(List<String> specs, List<PhysicalParameter> declared) {
        Map<String, ParameterDistribution> out = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec == null ? -1 : spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + spec + "' is not NAME=DISTRIBUTION (e.g."
                        + " masspole=uniform(0.05,0.5))" + declaredSuffix(declared, null));
            }
            String name = spec.substring(0, eq).strip();
            checkName(name, spec, declared);
            if (out.containsKey(name)) {
                throw new IllegalArgumentException("'" + spec + "': " + name + " is randomized twice");
            }
            out.put(name, ParameterDistribution.parse(spec.substring(eq + 1)));
        }
        return out;
    }

    private static void checkName(String name, String spec, List<PhysicalParameter> declared) {
        if (declared != null && declared.stream().noneMatch(p -> p.name().equals(name))) {
            throw new IllegalArgumentException("'" + spec + "' names no physical parameter of the env"
                    + declaredSuffix(declared, name));
        }
    }

    private static String declaredSuffix(List<PhysicalParameter> declared, String name) {
        if (declared == null) {
            return "";
        }
        if (declared.isEmpty()) {
            return "; the env declares no physical parameters";
        }
        List<String> names = declared.stream().map(PhysicalParameter::name).toList();
        String close = Envs.closestName(name, names).map(n -> " (did you mean '" + n + "'?)").orElse("");
        return close + "; it declares " + HasPhysicalParameters.describe(declared);
    }

    /**
     * The distributions a {@link #KWARG} value asks for: a map from name to a {@link ParameterDistribution} or its
     * text, or a collection of {@code name=distribution} strings.
     */
    public static Map<String, ParameterDistribution> fromKwarg(Object value, List<PhysicalParameter> declared) {
        if (value instanceof Map<?, ?> m) {
            Map<String, ParameterDistribution> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (e.getValue() instanceof ParameterDistribution d) {
                    checkName(name, name + "=" + d, declared);
                    out.put(name, d);
                } else {
                    out.putAll(parse(List.of(name + "=" + e.getValue()), declared));
                }
            }
            return out;
        }
        if (value instanceof java.util.Collection<?> c) {
            return parse(c.stream().map(String::valueOf).toList(), declared);
        }
        throw new IllegalArgumentException("keyword argument '" + KWARG + "' must be a map from parameter name to"
                + " distribution or a list of NAME=DISTRIBUTION strings but was " + value);
    }

    /** Wraps {@code env} as the {@link #KWARG} value asks. */
    public static <O, A> DomainRandomization<O, A> fromKwarg(Env<O, A> env, Object value) {
        List<PhysicalParameter> declared = env.unwrapped() instanceof HasPhysicalParameters p
                ? p.declaredParameters() : List.of();
        return new DomainRandomization<>(env, fromKwarg(value, declared));
    }
}
