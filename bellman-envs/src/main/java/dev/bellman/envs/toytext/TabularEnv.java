package dev.bellman.envs.toytext;

import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.HasState;
import dev.bellman.env.NpRandom;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.TabularModel;
import java.util.List;
import java.util.Map;

/**
 * The common core of the toy-text environments (Gymnasium's former {@code DiscreteEnv}): a current state, a
 * {@link TransitionTable} sampled with Gymnasium's {@code categorical_sample}, and the model exposed as a
 * {@link TabularModel}.
 *
 * <p>Random draws: {@code reset(seed)} re-seeds the environment's {@link NpRandom} from the seed (as
 * {@code Env.reset(seed=...)} does), {@code reset()} keeps the stream (seeding from entropy the first time); every
 * reset draws one uniform for the initial state and every step one uniform for the outcome, in Gymnasium's order.
 *
 * <p>The unwrapped environment, like Gymnasium's, may be stepped after termination (terminal states follow the
 * table: FrozenLake's holes and goal and GridWorld's corners absorb); {@code Envs.make} adds the order-enforcing
 * wrapper, which refuses that. {@code step} before the first {@code reset} throws.
 */
public abstract sealed class TabularEnv implements Env<Integer, Integer>, TabularModel, HasState, Snapshottable
        permits GridWorld, FrozenLake, CliffWalking, Taxi {

    final TransitionTable table;
    private final Discrete observationSpace;
    private final Discrete actionSpace;
    private NpRandom npRandom;
    int state = -1;
    int lastAction = -1;

    TabularEnv(TransitionTable table) {
        this.table = table;
        this.observationSpace = new Discrete(table.numStates());
        this.actionSpace = new Discrete(table.numActions());
    }

    @Override
    public final Reset<Integer> reset(Long seed, Map<String, Object> options) {
        if (seed != null) {
            npRandom = new NpRandom(seed);
        } else if (npRandom == null) {
            npRandom = NpRandom.fromEntropy();
        }
        state = table.sampleInitial(npRandom.random());
        lastAction = -1;
        return new Reset<>(state, info(1.0));
    }

    @Override
    public final Step<Integer> step(Integer action) {
        if (state < 0) {
            throw new IllegalStateException("call reset() before step()");
        }
        if (action == null || action < 0 || action >= table.numActions()) {
            throw new IllegalArgumentException("action must be in [0, " + table.numActions() + ") but was " + action);
        }
        int i = table.sample(state, action, npRandom.random());
        state = table.nextStateAt(i);
        lastAction = action;
        return new Step<>(state, table.rewardAt(i), table.terminatedAt(i), false, info(table.probabilityAt(i)));
    }

    /** The info map of reset and step; {@code prob} is the probability of the sampled outcome. */
    Map<String, Object> info(double prob) {
        return Map.of("prob", prob);
    }

    /** The current state (the last observation), or -1 before the first reset. */
    public final int currentState() {
        return state;
    }

    /**
     * Places the environment in {@code s} (for tests and planning); the next step starts from it. The generator must
     * have been seeded by a reset first.
     */
    public final void setState(int s) {
        table.checkState(s);
        state = s;
    }

    /**
     * {@link Snapshottable}: the state, the last action (for rendering), whether the generator was seeded, and the
     * generator's state.
     */
    @Override
    public final long[] snapshot() {
        long[] out = new long[11];
        out[0] = state;
        out[1] = lastAction;
        if (npRandom != null) {
            out[2] = 1;
            System.arraycopy(npRandom.snapshot(), 0, out, 3, 8);
        }
        return out;
    }

    @Override
    public final void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 11, this);
        if (snapshot[0] != -1) {
            table.checkState((int) snapshot[0]);
        }
        if (snapshot[1] < -1 || snapshot[1] >= table.numActions()) {
            throw new IllegalArgumentException("last action must be in [-1, " + table.numActions() + ") but was "
                    + snapshot[1]);
        }
        NpRandom r = null;
        if (snapshot[2] != 0) {
            r = new NpRandom(0);
            r.restore(java.util.Arrays.copyOfRange(snapshot, 3, 11));
        }
        state = (int) snapshot[0];
        lastAction = (int) snapshot[1];
        npRandom = r;
    }

    /** {@link HasState}: the state index as a one-element array. */
    @Override
    public final double[] state() {
        return new double[] {state};
    }

    @Override
    public final void setState(double[] s) {
        if (s == null || s.length != 1 || s[0] != Math.rint(s[0])) {
            throw new IllegalArgumentException("state must be one integral value but was " + java.util.Arrays.toString(s));
        }
        setState((int) s[0]);
    }

    /**
     * A flat-colour picture of the current state (cells, the agent as a red disc), or null before the first reset.
     */
    @Override
    public final RenderFrame render() {
        return state < 0 ? null : renderFrame();
    }

    abstract RenderFrame renderFrame();

    /** A plain-text picture of the current state, without ANSI escapes (Gymnasium's {@code render_mode="ansi"}). */
    public abstract String renderText();

    @Override
    public final Space<Integer> observationSpace() {
        return observationSpace;
    }

    @Override
    public final Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public final int numStates() {
        return table.numStates();
    }

    @Override
    public final int numActions() {
        return table.numActions();
    }

    @Override
    public final List<Transition> transitions(int s, int a) {
        return table.transitions(s, a);
    }

    @Override
    public final double[] initialStateDistribution() {
        return table.initialStateDistribution();
    }

    @Override
    public int renderFps() {
        return 4;
    }

    @Override
    public void close() {}
}
