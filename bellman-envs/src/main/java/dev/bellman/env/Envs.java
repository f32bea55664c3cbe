package dev.bellman.env;

import dev.bellman.env.wrappers.DomainRandomization;
import dev.bellman.env.wrappers.OrderEnforcing;
import dev.bellman.env.wrappers.PassiveChecker;
import dev.bellman.env.wrappers.TimeLimit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The environment registry ({@code gymnasium.register} / {@code gymnasium.make}).
 *
 * <p>Built-in and third-party environments are registered through {@link EnvRegistration} providers found by
 * {@link ServiceLoader} on first use; {@link #register} adds more at run time. {@link #make} builds an environment
 * and wraps it as {@code gymnasium.make} does: {@link PassiveChecker} (innermost), {@link OrderEnforcing}, and
 * {@link TimeLimit} when the spec has {@code maxEpisodeSteps}.
 *
 * <p>One make-level keyword argument is not the env's: {@code "randomize"} ({@link DomainRandomization#KWARG}) wraps
 * the unwrapped env in {@link DomainRandomization} with the distributions it names.
 *
 * <p>Unknown ids fail with the closest registered ids (other versions of the same name first, then by edit
 * distance); unknown keyword arguments fail listing the valid ones.
 */
public final class Envs {
    private static final Map<String, EnvSpec> REGISTRY = new TreeMap<>();
    private static final Map<String, String> DEPRECATED = new TreeMap<>();
    private static boolean loaded = false;

    private Envs() {
    }

    private static synchronized Map<String, EnvSpec> registry() {
        if (!loaded) {
            loaded = true;
            for (EnvRegistration provider : ServiceLoader.load(EnvRegistration.class, Envs.class.getClassLoader())) {
                for (EnvSpec spec : provider.specs()) {
                    put(spec, provider.getClass().getName());
                }
                DEPRECATED.putAll(provider.deprecatedIds());
            }
        }
        return REGISTRY;
    }

    private static void put(EnvSpec spec, String source) {
        if (REGISTRY.containsKey(spec.id())) {
            throw new IllegalStateException("env id " + spec.id() + " is already registered (while registering from "
                    + source + ")");
        }
        REGISTRY.put(spec.id(), spec);
    }

    /** Registers {@code spec}; its id must not be registered yet. */
    public static synchronized void register(EnvSpec spec) {
        registry();
        put(spec, "Envs.register");
    }

    /** Removes {@code id} from the registry (for tests and plugins that re-register); returns whether it was there. */
    public static synchronized boolean unregister(String id) {
        return registry().remove(id) != null;
    }

    /** All registered ids, sorted. */
    public static synchronized List<String> ids() {
        return List.copyOf(registry().keySet());
    }

    /**
     * For a deprecated id (an alias kept for an older version, see {@link EnvRegistration#deprecatedIds}), the id
     * that replaces it; empty for current ids and unknown ones.
     */
    public static synchronized Optional<String> replacement(String id) {
        registry();
        return Optional.ofNullable(DEPRECATED.get(id));
    }

    /** The spec registered under {@code id}; fails like {@link #make} for an unknown id. */
    public static synchronized EnvSpec spec(String id) {
        EnvSpec spec = registry().get(id);
        if (spec == null) {
            throw new IllegalArgumentException(unknownIdMessage(id));
        }
        return spec;
    }

    /** {@code make(id, Map.of())}. */
    public static <O, A> Env<O, A> make(String id) {
        return make(id, Map.of(), null);
    }

    /** {@code make(id, kwargs, null)}. */
    public static <O, A> Env<O, A> make(String id, Map<String, Object> kwargs) {
        return make(id, kwargs, null);
    }

    /**
     * Builds the environment registered as {@code id} with {@code kwargs} over the spec's defaults, wrapped in
     * {@link PassiveChecker}, {@link OrderEnforcing} and (when a limit applies) {@link TimeLimit}.
     *
     * @param maxEpisodeSteps overrides the spec's limit when non-null
     */
    @SuppressWarnings("unchecked")
    public static <O, A> Env<O, A> make(String id, Map<String, Object> kwargs, Integer maxEpisodeSteps) {
        EnvSpec spec = spec(id);
        Map<String, Object> merged = new LinkedHashMap<>(spec.kwargs());
        Object randomize = null;
        if (kwargs != null) {
            for (Map.Entry<String, Object> e : kwargs.entrySet()) {
                if (e.getKey().equals(DomainRandomization.KWARG) && !spec.kwargs().containsKey(e.getKey())) {
                    randomize = e.getValue();
                    continue;
                }
                if (!spec.kwargs().containsKey(e.getKey())) {
                    throw new IllegalArgumentException("unknown keyword argument '" + e.getKey() + "' for " + id
                            + "; valid keyword arguments: " + (spec.kwargs().isEmpty() ? "none"
                            : String.join(", ", spec.kwargs().keySet())));
                }
                merged.put(e.getKey(), e.getValue());
            }
        }
        // not Map.copyOf: a default may be null, as Gymnasium's None ("not given")
        Env<Object, Object> env = (Env<Object, Object>) spec.factory().create(Collections.unmodifiableMap(merged));
        if (env == null) {
            throw new IllegalStateException("factory for " + id + " returned null");
        }
        if (randomize != null) {
            env = DomainRandomization.fromKwarg(env, randomize);
        }
        Integer limit = maxEpisodeSteps != null ? maxEpisodeSteps : spec.maxEpisodeSteps();
        EnvSpec applied = limit == null || limit.equals(spec.maxEpisodeSteps()) && merged.equals(spec.kwargs()) ? spec
                : new EnvSpec(spec.id(), spec.factory(), limit, spec.rewardThreshold(), merged);
        Wrapper<Object, Object, Object, Object> outer = new OrderEnforcing<>(new PassiveChecker<>(env));
        if (limit != null) {
            outer = new TimeLimit<>(outer, limit);
        }
        outer.attachSpec(applied);
        return (Env<O, A>) outer;
    }

    // ---------------------------------------------------------------- suggestions

    static String unknownIdMessage(String id) {
        List<String> ids = new ArrayList<>(REGISTRY.keySet());
        StringBuilder sb = new StringBuilder("no environment registered as '").append(id).append("'");
        if (EnvSpec.isWellFormed(id)) {
            String name = EnvSpec.parse(id).group(2);
            String ns = EnvSpec.parse(id).group(1);
            List<String> versions = ids.stream()
                    .filter(k -> EnvSpec.parse(k).group(2).equals(name)
                            && java.util.Objects.equals(EnvSpec.parse(k).group(1), ns))
                    .sorted(Comparator.comparingInt((String k) -> Integer.parseInt(EnvSpec.parse(k).group(3))).reversed())
                    .toList();
            if (!versions.isEmpty()) {
                return sb.append("; version v").append(EnvSpec.parse(id).group(3)).append(" of ").append(name)
                        .append(" does not exist. Available versions: ").append(String.join(", ", versions)).toString();
            }
        }
        List<String> close = closest(id, ids, 3);
        if (!close.isEmpty()) {
            sb.append("; did you mean ").append(close.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")))
                    .append("?");
        }
        sb.append(" (").append(ids.size()).append(" ids registered; Envs.ids() lists them)");
        return sb.toString();
    }

    /** Up to {@code k} ids closest to {@code query} by case-insensitive edit distance, within a relative cut-off. */
    static List<String> closest(String query, List<String> ids, int k) {
        String q = query.toLowerCase(java.util.Locale.ROOT);
        record Scored(String id, int d) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String id : ids) {
            String c = id.toLowerCase(java.util.Locale.ROOT);
            int d = editDistance(q, c);
            // also compare without versions so that "cartpole" finds CartPole-v1
            String bare = c.replaceFirst("-v\\d+$", "");
            d = Math.min(d, editDistance(q.replaceFirst("-v\\d+$", ""), bare) + 1);
            int cutoff = Math.max(3, Math.max(q.length(), c.length()) / 3);
            if (d <= cutoff) {
                scored.add(new Scored(id, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::d).thenComparing(Scored::id));
        return scored.stream().limit(k).map(Scored::id).toList();
    }

    /**
     * The candidate closest to {@code input}, if one is close enough to be a plausible typo: within about a third of
     * its length in edits, or containing / contained in the input (case-insensitive). The one rule of the project's
     * "did you mean" suggestions ({@code dev.bellman.core.Suggest} for the other modules).
     */
    public static Optional<String> closestName(String input, java.util.Collection<String> candidates) {
        if (input == null || candidates.isEmpty()) {
            return Optional.empty();
        }
        String in = input.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String lc = c.toLowerCase(java.util.Locale.ROOT);
            int d = editDistance(in, lc);
            if (!in.isEmpty() && (lc.contains(in) || in.contains(lc))) {
                d = Math.min(d, Math.abs(lc.length() - in.length()) / 2);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, (Math.max(in.length(), 3) + 2) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein edit distance (insertions, deletions, substitutions), for "did you mean" suggestions. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
