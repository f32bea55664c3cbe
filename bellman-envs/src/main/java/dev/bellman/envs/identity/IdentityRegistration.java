package dev.bellman.envs.identity;

import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Registers the identity tasks: {@code Identity-v0} (discrete, 100 steps, threshold 95) and
 * {@code IdentityContinuous-v0} (continuous, 100 steps, threshold −1).
 */
public final class IdentityRegistration implements EnvRegistration {
    @Override
    public Collection<EnvSpec> specs() {
        return List.of(
                new EnvSpec("Identity-v0", kw -> new IdentityEnv(intArg(kw.get("n"))), 100, 95.0, Map.of("n", 4)),
                new EnvSpec("IdentityContinuous-v0", kw -> new IdentityContinuousEnv(), 100, -1.0));
    }

    private static int intArg(Object v) {
        if (v instanceof Number num && num.doubleValue() == num.intValue()) return num.intValue();
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("n must be an integer but was " + v);
    }
}
