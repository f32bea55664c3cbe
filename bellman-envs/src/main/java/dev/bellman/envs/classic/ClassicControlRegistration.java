package dev.bellman.envs.classic;

import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Registers the classic-control environments with Gymnasium's ids, step limits and reward thresholds. */
public final class ClassicControlRegistration implements EnvRegistration {
    @Override
    public Collection<EnvSpec> specs() {
        return List.of(
                new EnvSpec("CartPole-v0", CartPole::fromKwargs, 200, 195.0, Map.of("sutton_barto_reward", false)),
                new EnvSpec("CartPole-v1", CartPole::fromKwargs, 500, 475.0, Map.of("sutton_barto_reward", false)),
                new EnvSpec("MountainCar-v0", MountainCar::fromKwargs, 200, -110.0, Map.of("goal_velocity", 0.0)),
                new EnvSpec("MountainCarContinuous-v0", MountainCarContinuous::fromKwargs, 999, 90.0,
                        Map.of("goal_velocity", 0.0)),
                new EnvSpec("Pendulum-v1", Pendulum::fromKwargs, 200, null, Map.of("g", 10.0)),
                new EnvSpec("Acrobot-v1", Acrobot::fromKwargs, 500, -100.0, Map.of()));
    }
}
