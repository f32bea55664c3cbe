package dev.bellman.envs.identity;

import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Registers the identity tasks: {@code Identity-v0} (discrete, 100 steps, threshold 95),
 * {@code IdentityContinuous-v0} (continuous, 100 steps, threshold −1) and {@code BarOrientation-v0} (0/1 images,
 * 100 steps, threshold 95).
 */
public final class IdentityRegistration implements EnvRegistration {
    @Override
    public Collection<EnvSpec> specs() {
        return List.of(
                new EnvSpec("Identity-v0", kw -> new IdentityEnv(intArg("n", kw.get("n"))), 100, 95.0, Map.of("n", 4)),
                new EnvSpec("IdentityContinuous-v0", kw -> new IdentityContinuousEnv(), 100, -1.0),
                new EnvSpec("BarOrientation-v0", kw -> new BarOrientationEnv(intArg("size", kw.get("size")), boolArg(kw.get("shuffle")),
                        intArg("distractors", kw.get("distractors"))), 100, 95.0,
                        Map.of("size", 10, "shuffle", false, "distractors", 0)));
    }

    private static boolean boolArg(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new IllegalArgumentException("shuffle must be true or false but was " + v);
    }

    private static int intArg(String name, Object v) {
        if (v instanceof Number num && num.doubleValue() == num.intValue()) return num.intValue();
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(name + " must be an integer but was " + v);
    }
}
