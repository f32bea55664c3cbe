package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import dev.bellman.envs.classic.CartPole;
import java.util.Map;

/**
 * Gives {@link CartPole} a continuous action {@code Box(-1, 1, [1])}: the action a pushes the cart with the force
 * {@code a · force_mag} newtons through CartPole's own equations of motion ({@link CartPole#stepForce}), so a = ±1 is
 * exactly the discrete env's push 1 / 0 and |a| &lt; 1 a proportionally weaker push. Observation, reward (+1 per step,
 * including the terminating one), termination (|x| &gt; 2.4 or |θ| &gt; 12°) and the random start are CartPole's
 * unchanged; registered as {@code CartPoleContinuous-v1} (500 steps, threshold 475).
 *
 * <p>Why a force and not a sign threshold (a ≥ 0 → push right): a threshold would keep the discrete dynamics, so a
 * planner that optimises a could not apply a small correction, and the map from a to the next state would be a step
 * function that a learned model or a gradient cannot follow. Scaling the force keeps Gymnasium's physics and makes the
 * action's effect continuous (the force enters the dynamics linearly). Gymnasium has no continuous CartPole; this is
 * the usual community variant (force = a · force_mag).
 *
 * <p>It must wrap the {@code CartPole} itself, below {@code TimeLimit} and the other wrappers (as
 * {@code Envs.make("CartPoleContinuous-v1")} builds it), since it steps the physics directly. Actions outside [−1, 1]
 * or NaN are refused, as every Box env refuses them.
 */
public final class CartPoleContinuousAction extends Wrapper<float[], float[], float[], Integer> {
    private final Box actionSpace = new Box(-1f, 1f, new int[] {1});
    private final CartPole cartPole;

    public CartPoleContinuousAction(Env<float[], Integer> env) {
        super(env);
        if (!(env instanceof CartPole c)) {
            throw new IllegalArgumentException("CartPoleContinuousAction must wrap the CartPole itself (TimeLimit and other"
                    + " wrappers go outside it) but got " + env);
        }
        cartPole = c;
    }

    @Override
    public Space<float[]> actionSpace() {
        return actionSpace;
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        return env.reset(seed, options);
    }

    @Override
    public Step<float[]> step(float[] action) {
        PassiveChecker.checkAction(action, actionSpace);
        return cartPole.stepForce(action[0] * cartPole.forceMag());
    }
}
