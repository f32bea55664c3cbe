package dev.bellman.cli;

import java.awt.event.KeyEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys a person holds down to play an env in a window ({@code bellman play --human}, {@link HumanWindow}), read
 * afresh at every step as Gymnasium's {@code play} and its envs' manual-control demos read them: the arrow keys, or
 * {@code w a s d} for the same four directions.
 *
 * <ul>
 *   <li>{@code CarRacing-v3} (continuous), after Gymnasium's {@code car_racing.py} demo: left or right steers fully
 *   (−1 or +1; both or neither: straight), up is full gas (1), down brakes at 0.8.</li>
 *   <li>{@code LunarLanderContinuous-v3}: up fires the main engine at full throttle (main 1, else 0); left or right
 *   fires that side's orientation engine (lateral −1 or +1; both or neither: 0).</li>
 *   <li>Discrete envs with a {@link HumanKeys} map and a "no key" action ({@code LunarLander-v3},
 *   {@code MountainCar-v0}, {@code Acrobot-v1}): the most recently pressed held key that has an action there (its
 *   terminal key: up, down, left, right), else the "no key" action (LunarLander: do nothing).</li>
 * </ul>
 *
 * @param envId the env the map is for
 * @param help one line naming the keys and what they do
 * @param mapping the action (Integer or float[]) of the held keys, oldest press first
 */
record WindowKeys(String envId, String help, Function<List<Key>, Object> mapping) {
    /** A direction key: an arrow or its {@code w a s d} twin. */
    enum Key { UP, DOWN, LEFT, RIGHT }

    /** The env ids with window controls. */
    static final List<String> ENVS = List.of("LunarLander-v3", "LunarLanderContinuous-v3", "CarRacing-v3",
            "MountainCar-v0", "Acrobot-v1");

    /** The window controls of {@code envId}, if it has them. */
    static Optional<WindowKeys> of(String envId) {
        return switch (envId) {
            case "CarRacing-v3" -> Optional.of(new WindowKeys(envId, "left/right (or a/d): steer; up (w): gas;"
                    + " down (s): brake", held -> new float[] {steer(held), held.contains(Key.UP) ? 1f : 0f,
                        held.contains(Key.DOWN) ? 0.8f : 0f}));
            case "LunarLanderContinuous-v3" -> Optional.of(new WindowKeys(envId, "up (w): main engine;"
                    + " left/right (a/d): the orientation engines",
                    held -> new float[] {held.contains(Key.UP) ? 1f : 0f, steer(held)}));
            case "LunarLander-v3", "MountainCar-v0", "Acrobot-v1" -> {
                HumanKeys keys = HumanKeys.of(envId).orElseThrow();
                Integer none = keys.action("").orElseThrow();
                yield Optional.of(new WindowKeys(envId, keys.help().replace("; s, down arrow or Enter:",
                        "; no key:").replace("s, down arrow or Enter:", "no key:"), held -> {
                            for (int i = held.size() - 1; i >= 0; i--) {
                                Optional<Integer> a = keys.action(held.get(i).name());
                                if (a.isPresent()) {
                                    return a.get();
                                }
                            }
                            return none;
                        }));
            }
            default -> Optional.empty();
        };
    }

    /** −1 for left alone, +1 for right alone, 0 for both or neither. */
    private static float steer(List<Key> held) {
        boolean left = held.contains(Key.LEFT);
        boolean right = held.contains(Key.RIGHT);
        return left == right ? 0f : left ? -1f : 1f;
    }

    /** The action for the keys held now, oldest press first. */
    Object action(List<Key> held) {
        return mapping.apply(held);
    }

    /** The direction of an AWT key code: arrows, their keypad twins and {@code w a s d}; empty for other keys. */
    static Optional<Key> key(int keyCode) {
        return Optional.ofNullable(switch (keyCode) {
            case KeyEvent.VK_UP, KeyEvent.VK_KP_UP, KeyEvent.VK_W -> Key.UP;
            case KeyEvent.VK_DOWN, KeyEvent.VK_KP_DOWN, KeyEvent.VK_S -> Key.DOWN;
            case KeyEvent.VK_LEFT, KeyEvent.VK_KP_LEFT, KeyEvent.VK_A -> Key.LEFT;
            case KeyEvent.VK_RIGHT, KeyEvent.VK_KP_RIGHT, KeyEvent.VK_D -> Key.RIGHT;
            default -> null;
        });
    }
}
