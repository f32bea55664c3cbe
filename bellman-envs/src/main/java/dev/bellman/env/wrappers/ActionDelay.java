package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Action delay, a sim-to-real gap (communication or computation latency): at step t the env receives the action
 * chosen at step t − k. During an episode's first k steps it receives {@code initialAction} (by default a Box's zero
 * clipped into the box, or a Discrete space's first action; pass the env's no-op where it has one). {@code k = 0} is
 * the identity. The step's info holds the applied action under {@link ActionNoise#INFO_KEY}. Box or Discrete actions.
 */
public final class ActionDelay<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private final int k;
    private final Object initialAction;
    private final Object[] queue; // ring buffer of the k pending actions, oldest at head
    private int head;

    public ActionDelay(Env<O, A> env, int k) {
        this(env, k, null);
    }

    /** @param initialAction what the env receives during the first k steps of an episode, or null for the default */
    public ActionDelay(Env<O, A> env, int k, A initialAction) {
        super(env);
        Actions.requireSupported(env.actionSpace(), "ActionDelay");
        if (k < 0) {
            throw new IllegalArgumentException("ActionDelay needs a delay k >= 0 steps but was " + k);
        }
        Object init = initialAction != null ? initialAction : Actions.neutral(env.actionSpace());
        if (!env.actionSpace().contains(init)) {
            throw new IllegalArgumentException("ActionDelay's initial action " + init + " is not in the action space "
                    + env.actionSpace());
        }
        this.k = k;
        this.initialAction = init;
        this.queue = new Object[k];
        fill();
    }

    private void fill() {
        for (int i = 0; i < k; i++) {
            queue[i] = Actions.copy(initialAction);
        }
        head = 0;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        fill();
        return env.reset(seed, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Step<O> step(A action) {
        Object applied = action;
        if (k > 0) {
            if (!env.actionSpace().contains(action)) { // refuse now, not k steps later
                throw new IllegalArgumentException("action " + action + " is not in the action space " + env.actionSpace());
            }
            applied = queue[head];
            queue[head] = Actions.copy(action);
            head = (head + 1) % k;
        }
        Step<O> s = env.step((A) applied);
        Map<String, Object> info = new java.util.LinkedHashMap<>(s.info());
        info.put(ActionNoise.INFO_KEY, applied);
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), java.util.Collections.unmodifiableMap(info));
    }

    /** The pending actions, oldest first. */
    @Override
    public long[] snapshot() {
        int w = Actions.width(env.actionSpace());
        long[] out = new long[k * w];
        for (int i = 0; i < k; i++) {
            Actions.encode(queue[(head + i) % k], out, i * w);
        }
        return out;
    }

    @Override
    public void restore(long[] snapshot) {
        int w = Actions.width(env.actionSpace());
        Snapshottable.checkLength(snapshot, k * w, this);
        for (int i = 0; i < k; i++) {
            queue[i] = Actions.decode(env.actionSpace(), snapshot, i * w);
        }
        head = 0;
    }
}
