package dev.bellman.envs.toytext;

import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the toy-text ids with the time limits and reward thresholds of Gymnasium 1.x's
 * {@code gymnasium/envs/__init__.py} (checked against 1.4.0): {@code FrozenLake-v1} (100 steps, 0.70),
 * {@code FrozenLake8x8-v1} (200, 0.85), {@code CliffWalking-v1} and {@code CliffWalkingSlippery-v1} (none, none),
 * {@code Taxi-v4} (200, 8), {@code Blackjack-v1} (none, none; {@code sab=true}), and Bellman's {@code GridWorld-v0}
 * (100, none).
 *
 * <p>{@code CliffWalking-v0} and {@code Taxi-v3}, the names before Gymnasium 1.2/1.3, stay registered as deprecated
 * aliases with the same default behaviour ({@link #deprecatedIds()}): Gymnasium's v1 of CliffWalking only added the
 * slippery id, and Taxi-v4 changed only the optional rainy and fickle-passenger variants (Bellman's Taxi-v4 takes
 * {@code is_rainy} and {@code rainy_probability}; fickle passengers are not implemented).
 */
public final class ToyTextRegistration implements EnvRegistration {

    @Override
    public Collection<EnvSpec> specs() {
        Map<String, Object> frozen4 = frozenLakeDefaults("4x4");
        Map<String, Object> frozen8 = frozenLakeDefaults("8x8");
        return List.of(
                new EnvSpec("GridWorld-v0", kw -> new GridWorld(), 100, null),
                new EnvSpec("FrozenLake-v1", ToyTextRegistration::frozenLake, 100, 0.70, frozen4),
                new EnvSpec("FrozenLake8x8-v1", ToyTextRegistration::frozenLake, 200, 0.85, frozen8),
                new EnvSpec("CliffWalking-v1", kw -> new CliffWalking(bool(kw, "is_slippery")), null, null,
                        Map.of("is_slippery", false)),
                new EnvSpec("CliffWalkingSlippery-v1", kw -> new CliffWalking(bool(kw, "is_slippery")), null, null,
                        Map.of("is_slippery", true)),
                new EnvSpec("CliffWalking-v0", kw -> new CliffWalking(bool(kw, "is_slippery")), null, null,
                        Map.of("is_slippery", false)),
                new EnvSpec("Taxi-v4", kw -> new Taxi(bool(kw, "is_rainy"), number(kw, "rainy_probability")), 200, 8.0,
                        Map.of("is_rainy", false, "rainy_probability", 0.8)),
                new EnvSpec("Taxi-v3", kw -> new Taxi(), 200, 8.0),
                new EnvSpec("Blackjack-v1", kw -> new Blackjack(bool(kw, "natural"), bool(kw, "sab")), null, null,
                        Map.of("natural", false, "sab", true)),
                new EnvSpec("DynaMaze-v0", kw -> new DynaMaze(DynaMaze.Layout.DYNA, 0), null, null),
                new EnvSpec("BlockingMaze-v0", kw -> new DynaMaze(DynaMaze.Layout.BLOCKING, (long) number(kw, "change_at")),
                        null, null, Map.of("change_at", 1000)),
                new EnvSpec("ShortcutMaze-v0", kw -> new DynaMaze(DynaMaze.Layout.SHORTCUT, (long) number(kw, "change_at")),
                        null, null, Map.of("change_at", 3000)));
    }

    /** The former names, kept as aliases: {@code CliffWalking-v0} for {@code CliffWalking-v1}, {@code Taxi-v3} for v4. */
    @Override
    public Map<String, String> deprecatedIds() {
        return Map.of("CliffWalking-v0", "CliffWalking-v1", "Taxi-v3", "Taxi-v4");
    }

    /** Gymnasium's defaults: {@code desc=None} (absent: the named map is used), {@code map_name}, slippery. */
    private static Map<String, Object> frozenLakeDefaults(String mapName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("desc", null);
        m.put("map_name", mapName);
        m.put("is_slippery", true);
        return m;
    }

    private static FrozenLake frozenLake(Map<String, Object> kw) {
        boolean slippery = bool(kw, "is_slippery");
        Object desc = kw.get("desc");
        String[] rows = switch (desc) {
            case String[] a -> a;
            case List<?> l -> l.stream().map(String::valueOf).toArray(String[]::new);
            case null -> null;
            default -> throw new IllegalArgumentException("desc must be a list of map rows such as [SFFF, FHFH, FFFH, HFFG]"
                    + " but was " + desc + " (" + desc.getClass().getSimpleName() + ")");
        };
        if (rows == null) {
            return new FrozenLake(String.valueOf(kw.get("map_name")), slippery);
        }
        if (rows.length == 0) { // Gymnasium's desc=[] fails too; it is not "no map"
            throw new IllegalArgumentException("desc must list at least one row of the map, such as [SFFF, FHFH, FFFH, HFFG],"
                    + " but was empty; leave desc out to use map_name");
        }
        return new FrozenLake(rows, slippery);
    }

    private static double number(Map<String, Object> kw, String key) {
        Object v = kw.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(key + " must be a number but was " + v);
    }

    private static boolean bool(Map<String, Object> kw, String key) {
        Object v = kw.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(key + " must be a boolean but was " + v);
    }
}
