package dev.bellman.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a person plays an env with ({@code bellman play --human}), after Gymnasium's {@code play} key maps and its
 * envs' manual-control demos: arrow keys (or {@code w a s d}) for the directions, with {@code s} or the empty input
 * as "no push" where an env has such an action. A key is a line of input: a letter, a word ({@code left}), or the
 * escape sequence a terminal sends for an arrow key ({@code ESC [ A} up, {@code B} down, {@code C} right, {@code D}
 * left).
 *
 * @param envId the env the map is for
 * @param keys the key (letters, words, arrows) of each action, in the order shown to the person
 * @param help one line naming every key and its action
 */
record HumanKeys(String envId, Map<String, Integer> keys, String help) {
    static final String UP = "\u001b[A", DOWN = "\u001b[B", RIGHT = "\u001b[C", LEFT = "\u001b[D";

    /** The env ids with a key map. */
    static final List<String> ENVS = List.of("CartPole-v0", "CartPole-v1", "MountainCar-v0", "Acrobot-v1",
            "LunarLander-v3", "FrozenLake-v1", "FrozenLake8x8-v1", "CliffWalking-v0", "CliffWalking-v1", "Taxi-v3",
            "Taxi-v4");

    /** The key map of {@code envId}, if it has one. */
    static Optional<HumanKeys> of(String envId) {
        Map<String, Integer> k = new LinkedHashMap<>();
        String help;
        switch (envId) {
            case "CartPole-v0", "CartPole-v1" -> { // 0 push left, 1 push right
                directions(k, -1, 0, -1, 1);
                help = "a or left arrow: push the cart left; d or right arrow: push it right";
            }
            case "MountainCar-v0" -> { // 0 accelerate left, 1 none, 2 accelerate right
                directions(k, -1, 0, 1, 2);
                k.put("", 1);
                help = "a or left arrow: accelerate left; s, down arrow or Enter: do not accelerate;"
                        + " d or right arrow: accelerate right";
            }
            case "Acrobot-v1" -> { // torque -1, 0, +1 on the joint
                directions(k, -1, 0, 1, 2);
                k.put("", 1);
                help = "a or left arrow: torque -1; s, down arrow or Enter: no torque; d or right arrow: torque +1";
            }
            case "LunarLander-v3" -> { // 0 nothing, 1 left orientation engine, 2 main engine, 3 right orientation engine
                directions(k, 2, 0, 1, 3);
                k.put("", 0);
                help = "w or up arrow: fire the main engine; a or left arrow: the left orientation engine;"
                        + " d or right arrow: the right orientation engine; s, down arrow or Enter: do nothing";
            }
            case "FrozenLake-v1", "FrozenLake8x8-v1" -> { // 0 left, 1 down, 2 right, 3 up
                directions(k, 3, 1, 0, 2);
                help = "w a s d or the arrow keys: move up, left, down, right";
            }
            case "CliffWalking-v0", "CliffWalking-v1" -> { // 0 up, 1 right, 2 down, 3 left
                directions(k, 0, 2, 3, 1);
                help = "w a s d or the arrow keys: move up, left, down, right";
            }
            case "Taxi-v3", "Taxi-v4" -> { // 0 south, 1 north, 2 east, 3 west, 4 pick up, 5 drop off
                directions(k, 1, 0, 3, 2);
                k.put("p", 4);
                k.put("pickup", 4);
                k.put("o", 5);
                k.put("dropoff", 5);
                help = "w a s d or the arrow keys: drive north, west, south, east; p: pick up the passenger;"
                        + " o: drop them off";
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new HumanKeys(envId, Map.copyOf(k), help));
    }

    /** w/up, s/down, a/left, d/right to the given actions (−1: no such key). */
    private static void directions(Map<String, Integer> k, int up, int down, int left, int right) {
        put(k, up, "w", "up", UP);
        put(k, down, "s", "down", DOWN);
        put(k, left, "a", "left", LEFT);
        put(k, right, "d", "right", RIGHT);
    }

    private static void put(Map<String, Integer> k, int action, String... names) {
        if (action < 0) return;
        for (String n : names) k.put(n, action);
    }

    /** The action of one line of input (trimmed of spaces, not of the escape character; case-insensitive), if any. */
    Optional<Integer> action(String line) {
        String key = line.strip();
        if (!key.startsWith("\u001b")) key = key.toLowerCase(java.util.Locale.ROOT);
        return Optional.ofNullable(keys.get(key));
    }
}
