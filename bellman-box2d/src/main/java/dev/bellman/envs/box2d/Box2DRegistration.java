package dev.bellman.envs.box2d;

import dev.bellman.env.EnvRegistration;
import dev.bellman.env.EnvSpec;
import java.util.Collection;
import java.util.List;

/**
 * Registers Gymnasium 1.x's Box2D tasks with their ids, step limits and reward thresholds: {@code LunarLander-v3},
 * {@code LunarLanderContinuous-v3}, {@code BipedalWalker-v3}, {@code BipedalWalkerHardcore-v3} and {@code CarRacing-v3}.
 */
public final class Box2DRegistration implements EnvRegistration {
    @Override
    public Collection<EnvSpec> specs() {
        return List.of(
                new EnvSpec("LunarLander-v3", LunarLander::fromKwargs, 1000, 200.0, LunarLander.defaultKwargs(false)),
                new EnvSpec("LunarLanderContinuous-v3", LunarLander::fromKwargs, 1000, 200.0,
                        LunarLander.defaultKwargs(true)),
                new EnvSpec("BipedalWalker-v3", BipedalWalker::fromKwargs, 1600, 300.0,
                        BipedalWalker.defaultKwargs(false)),
                new EnvSpec("BipedalWalkerHardcore-v3", BipedalWalker::fromKwargs, 2000, 300.0,
                        BipedalWalker.defaultKwargs(true)),
                new EnvSpec("CarRacing-v3", CarRacing::fromKwargs, 1000, 900.0, CarRacing.defaultKwargs()));
    }
}
