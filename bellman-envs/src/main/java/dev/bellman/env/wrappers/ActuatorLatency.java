package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Actuator dynamics, a sim-to-real gap: the env receives a smoothed or held version of the chosen actions.
 * <ul>
 *   <li>{@link #firstOrderLag}: Box actions through a first-order low-pass filter,
 *       {@code u_t = u_{t-1} + alpha (a_t - u_{t-1})}, starting each episode from a Box's zero clipped into the box.
 *       {@code alpha = 1 - exp(-dt / T)} models a motor with time constant T at control period dt; 1 is no lag.</li>
 *   <li>{@link #hold}: a zero-order hold at a lower control rate: the env receives a newly chosen action only every
 *       {@code n} steps (at an episode's steps 0, n, 2n, ...) and the last received one in between. Box or Discrete.</li>
 * </ul>
 * The step's info holds the applied action under {@link ActionNoise#INFO_KEY}.
 */
public final class ActuatorLatency<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private final double alpha; // lag mode, else NaN
    private final int holdSteps; // hold mode, else 0
    private Object applied;
    private long t;

    private ActuatorLatency(Env<O, A> env, double alpha, int holdSteps) {
        super(env);
        this.alpha = alpha;
        this.holdSteps = holdSteps;
        applied = Actions.neutral(env.actionSpace());
    }

    /** First-order lag with smoothing factor {@code alpha} in (0, 1]. */
    public static <O> ActuatorLatency<O, float[]> firstOrderLag(Env<O, float[]> env, double alpha) {
        if (!(env.actionSpace() instanceof Box)) {
            throw new IllegalArgumentException("ActuatorLatency.firstOrderLag needs a Box action space but got "
                    + env.actionSpace() + "; use ActuatorLatency.hold or ActionDelay for Discrete");
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("ActuatorLatency.firstOrderLag needs alpha in (0, 1] but was " + alpha);
        }
        return new ActuatorLatency<>(env, alpha, 0);
    }

    /** Zero-order hold: a new action reaches the env every {@code n} (&gt;= 1) steps. */
    public static <O, A> ActuatorLatency<O, A> hold(Env<O, A> env, int n) {
        Actions.requireSupported(env.actionSpace(), "ActuatorLatency.hold");
        if (n < 1) {
            throw new IllegalArgumentException("ActuatorLatency.hold needs n >= 1 steps but was " + n);
        }
        return new ActuatorLatency<>(env, Double.NaN, n);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        applied = Actions.neutral(env.actionSpace());
        t = 0;
        return env.reset(seed, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Step<O> step(A action) {
        if (!env.actionSpace().contains(action)) { // a held or filtered action would hide the bad one
            throw new IllegalArgumentException("action " + action + " is not in the action space " + env.actionSpace());
        }
        if (holdSteps > 0) {
            if (t % holdSteps == 0) {
                applied = Actions.copy(action);
            }
        } else {
            float[] u = (float[]) applied;
            float[] a = (float[]) action;
            float[] next = new float[u.length];
            for (int i = 0; i < u.length; i++) {
                next[i] = (float) (u[i] + alpha * ((double) a[i] - u[i]));
            }
            applied = next;
        }
        t++;
        Step<O> s = env.step((A) Actions.copy(applied));
        Map<String, Object> info = new java.util.LinkedHashMap<>(s.info());
        info.put(ActionNoise.INFO_KEY, Actions.copy(applied));
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), java.util.Collections.unmodifiableMap(info));
    }

    /** The step count, then the last applied action. */
    @Override
    public long[] snapshot() {
        long[] out = new long[1 + Actions.width(env.actionSpace())];
        out[0] = t;
        Actions.encode(applied, out, 1);
        return out;
    }

    @Override
    public void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 1 + Actions.width(env.actionSpace()), this);
        t = snapshot[0];
        applied = Actions.decode(env.actionSpace(), snapshot, 1);
    }
}
