package dev.bellman.envs.minatar;

import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Registers the five MinAtar games as MinAtar's own Gymnasium registration does: {@code MinAtar/<Game>-v0} with all
 * six actions and {@code MinAtar/<Game>-v1} with the minimal action set, for Asterix, Breakout, Freeway, Seaquest and
 * SpaceInvaders; no time limit and no reward threshold (the reference sets neither). Keyword arguments
 * {@code sticky_action_prob} (default 0.1) and {@code difficulty_ramping} (default true), as the reference's
 * {@code Environment}.
 */
public final class MinAtarRegistration implements EnvRegistration {
    @Override
    public Collection<EnvSpec> specs() {
        List<EnvSpec> out = new ArrayList<>();
        for (MinAtarEnv.Game g : MinAtarEnv.Game.values()) {
            for (int v = 0; v <= 1; v++) {
                boolean minimal = v == 1;
                out.add(new EnvSpec("MinAtar/" + g.title() + "-v" + v,
                        kw -> new MinAtarEnv(g, minimal, doubleArg("sticky_action_prob", kw.get("sticky_action_prob")),
                                boolArg("difficulty_ramping", kw.get("difficulty_ramping"))),
                        null, null, Map.of("sticky_action_prob", 0.1, "difficulty_ramping", true)));
            }
        }
        return out;
    }

    private static double doubleArg(String name, Object v) {
        if (v instanceof Number num) return num.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(name + " must be a number but was " + v);
    }

    private static boolean boolArg(String name, Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new IllegalArgumentException(name + " must be true or false but was " + v);
    }
}
