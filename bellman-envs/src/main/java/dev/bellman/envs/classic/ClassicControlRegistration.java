package dev.bellman.envs.classic;

import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.wrappers.CartPoleContinuousAction;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the classic-control environments with Gymnasium's ids, step limits and reward thresholds; each env's
 * physical parameters are keyword arguments too, with their nominal values as defaults. {@code CartPoleContinuous-v1}
 * (Bellman's, not Gymnasium's) is CartPole-v1 with the continuous action of {@link CartPoleContinuousAction}.
 */
public final class ClassicControlRegistration implements EnvRegistration {
    @Override
    public Collection<EnvSpec> specs() {
        return List.of(
                new EnvSpec("CartPole-v0", CartPole::fromKwargs, 200, 195.0,
                        kwargs(CartPole.PARAMETERS, "sutton_barto_reward", false)),
                new EnvSpec("CartPole-v1", CartPole::fromKwargs, 500, 475.0,
                        kwargs(CartPole.PARAMETERS, "sutton_barto_reward", false)),
                new EnvSpec("CartPoleContinuous-v1", kw -> new CartPoleContinuousAction(CartPole.fromKwargs(kw)), 500, 475.0,
                        kwargs(CartPole.PARAMETERS, "sutton_barto_reward", false)),
                new EnvSpec("MountainCar-v0", MountainCar::fromKwargs, 200, -110.0,
                        kwargs(MountainCar.PARAMETERS, "goal_velocity", 0.0)),
                new EnvSpec("MountainCarContinuous-v0", MountainCarContinuous::fromKwargs, 999, 90.0,
                        kwargs(MountainCarContinuous.PARAMETERS, "goal_velocity", 0.0)),
                new EnvSpec("Pendulum-v1", Pendulum::fromKwargs, 200, null, kwargs(Pendulum.PARAMETERS)),
                new EnvSpec("Acrobot-v1", Acrobot::fromKwargs, 500, -100.0, kwargs(Acrobot.PARAMETERS)));
    }

    /** The given leading keyword arguments (name, value pairs), then each parameter's name with its nominal value. */
    private static Map<String, Object> kwargs(List<PhysicalParameter> params, Object... leading) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < leading.length; i += 2) {
            out.put((String) leading[i], leading[i + 1]);
        }
        for (PhysicalParameter p : params) {
            out.put(p.name(), p.nominal());
        }
        return out;
    }
}
