package dev.bellman.games;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The game registry, separate from the single-agent {@code Envs} registry so that the ids {@code "TicTacToe"} and
 * {@code "ConnectFour"} name games, never envs. Built-in and third-party games come from {@link GameRegistration}
 * providers found by {@link ServiceLoader} on first use; {@link #register} adds more at run time. Unknown ids fail
 * with the closest registered ids, as {@code Envs.make} does.
 */
public final class Games {
    private static final Map<String, Supplier<? extends Game>> REGISTRY = new TreeMap<>(Games::compareIds);
    private static boolean loaded = false;

    private Games() {
    }

    private static synchronized Map<String, Supplier<? extends Game>> registry() {
        if (!loaded) {
            loaded = true;
            for (GameRegistration provider : ServiceLoader.load(GameRegistration.class, Games.class.getClassLoader())) {
                provider.games().forEach((id, factory) -> put(id, factory, provider.getClass().getName()));
            }
        }
        return REGISTRY;
    }

    private static void put(String id, Supplier<? extends Game> factory, String source) {
        if (REGISTRY.containsKey(id)) {
            throw new IllegalStateException("game id " + id + " is already registered (while registering from "
                    + source + ")");
        }
        REGISTRY.put(id, factory);
    }

    /** Registers {@code factory} under {@code id}, which must not be registered yet. */
    public static synchronized void register(String id, Supplier<? extends Game> factory) {
        registry();
        put(id, factory, "Games.register");
    }

    /** Removes {@code id} (for tests and plugins that re-register); returns whether it was there. */
    public static synchronized boolean unregister(String id) {
        return registry().remove(id) != null;
    }

    /**
     * The order of {@link #ids}: by name, runs of digits by their value, so that Go5x5 comes before Go9x9 and Go9x9
     * before Go10x10; ties (leading zeros) by the plain string order.
     */
    static int compareIds(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) ei++;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) ej++;
                int c = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    /** All registered game ids, sorted by {@link #compareIds} (Go5x5, ..., Go9x9, Go10x10, ..., Go19x19). */
    public static synchronized List<String> ids() {
        return List.copyOf(registry().keySet());
    }

    /** True when {@code id} is a registered game. */
    public static synchronized boolean exists(String id) {
        return registry().containsKey(id);
    }

    /**
     * A new instance of the game registered as {@code id}. Throws {@link IllegalArgumentException} naming the id, the
     * closest registered ids and all registered ids when there is none.
     */
    public static Game make(String id) {
        Supplier<? extends Game> factory;
        synchronized (Games.class) {
            factory = registry().get(id);
        }
        if (factory == null) {
            throw new IllegalArgumentException(unknownIdMessage(id));
        }
        return factory.get();
    }

    /** Up to three registered ids close to {@code id} (for "did you mean" messages), closest first. */
    public static synchronized List<String> closestIds(String id) {
        return closest(id == null ? "" : id, new ArrayList<>(registry().keySet()), 3);
    }

    static synchronized String unknownIdMessage(String id) {
        List<String> ids = new ArrayList<>(registry().keySet());
        StringBuilder sb = new StringBuilder("no game registered as '").append(id).append("'");
        List<String> close = closest(id == null ? "" : id, ids, 3);
        if (!close.isEmpty()) {
            sb.append("; did you mean ").append(close.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")))
                    .append("?");
        }
        sb.append(" (registered games: ").append(String.join(", ", ids)).append(")");
        return sb.toString();
    }

    /**
     * Up to {@code k} ids closest to {@code query} by case-insensitive edit distance, within a relative cut-off or
     * sharing a prefix of five letters.
     */
    static List<String> closest(String query, List<String> ids, int k) {
        String q = query.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
        record Scored(String id, int d) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String id : ids) {
            String c = id.toLowerCase(Locale.ROOT);
            int d = dev.bellman.env.Envs.editDistance(q, c);
            int prefix = 0;
            while (prefix < Math.min(q.length(), c.length()) && q.charAt(prefix) == c.charAt(prefix)) prefix++;
            if (d <= Math.max(3, Math.max(q.length(), c.length()) / 3) || prefix >= 5) { // "connect4" -> ConnectFour
                scored.add(new Scored(id, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::d).thenComparing(Scored::id));
        return scored.stream().limit(k).map(Scored::id).toList();
    }
}
