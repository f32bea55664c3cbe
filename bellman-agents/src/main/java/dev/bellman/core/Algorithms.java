package dev.bellman.core;

import dev.bellman.env.Env;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The algorithm registry: every {@link AlgorithmProvider} found by {@link ServiceLoader} on the class
 * path, by id.
 *
 * <p>Bellman's own algorithms register through {@code META-INF/services} in bellman-agents; a third
 * party adds one by shipping a jar with its own services file. Ids must be unique.
 */
public final class Algorithms {
    private static volatile Map<String, AlgorithmProvider> byId;

    private Algorithms() {}

    private static Map<String, AlgorithmProvider> registry() {
        Map<String, AlgorithmProvider> m = byId;
        if (m == null) {
            synchronized (Algorithms.class) {
                m = byId;
                if (m == null) {
                    m = load(Algorithms.class.getClassLoader());
                    byId = m;
                }
            }
        }
        return m;
    }

    static Map<String, AlgorithmProvider> load(ClassLoader loader) {
        Map<String, AlgorithmProvider> m = new TreeMap<>();
        for (AlgorithmProvider p : ServiceLoader.load(AlgorithmProvider.class, loader)) {
            AlgorithmProvider previous = m.putIfAbsent(p.id(), p);
            if (previous != null && previous.getClass() != p.getClass()) {
                throw new IllegalStateException("two algorithm providers share the id '" + p.id() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Every registered algorithm, sorted by id. */
    public static List<AlgorithmProvider> all() {
        return List.copyOf(registry().values());
    }

    /** Every registered id, sorted. */
    public static List<String> ids() {
        return List.copyOf(registry().keySet());
    }

    /** The provider for {@code id}, if registered. */
    public static Optional<AlgorithmProvider> find(String id) {
        return Optional.ofNullable(registry().get(id));
    }

    /**
     * The provider for {@code id}.
     *
     * @throws UnknownAlgorithmException naming the closest registered id and listing all
     */
    public static AlgorithmProvider get(String id) {
        AlgorithmProvider p = registry().get(id);
        if (p == null) {
            throw new UnknownAlgorithmException(id, ids());
        }
        return p;
    }

    /** The ids of the algorithms that can train on {@code env}, sorted. */
    public static List<String> supporting(Env<?, ?> env) {
        List<String> out = new ArrayList<>();
        for (AlgorithmProvider p : registry().values()) {
            if (p.incompatibility(env).isEmpty()) {
                out.add(p.id());
            }
        }
        return out;
    }
}
