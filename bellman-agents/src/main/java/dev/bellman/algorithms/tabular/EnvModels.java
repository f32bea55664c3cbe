package dev.bellman.algorithms.tabular;

import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.EnvSpec;
import dev.bellman.env.TabularModel;
import java.util.List;

/**
 * The MDP view of environments that expose their model ({@link TabularModel}: the toy-text envs), and the checks
 * that model-free tabular methods need (discrete observations and actions).
 *
 * <p>Grid layouts for printing are known for {@code GridWorld-v0}, {@code FrozenLake-v1} (any square map),
 * {@code FrozenLake8x8-v1} and {@code CliffWalking-v0}, matched on the registry id; other envs print as lists.
 */
public final class EnvModels {
    private EnvModels() {}

    /**
     * The MDP of {@code env}'s model, read through wrappers ({@link Env#unwrapped()}).
     *
     * @throws IllegalArgumentException when the env does not expose a transition model
     */
    public static Mdp mdp(Env<?, ?> env) {
        if (env == null) throw new IllegalArgumentException("env must not be null");
        Env<?, ?> inner = env.unwrapped();
        String id = idOf(env);
        if (!(inner instanceof TabularModel model)) {
            throw new IllegalArgumentException("env " + id + " does not expose a transition model (it does not implement "
                    + "dev.bellman.env.TabularModel); planning algorithms (policy evaluation, value and policy iteration) "
                    + "need P(s'|s,a) and rewards: use a model-free method such as QLearning instead");
        }
        Mdp mdp = mdp(model).withName(id);
        return mdp.withGrid(layoutFor(id, mdp));
    }

    /** The MDP of a model (no grid layout; see {@link Mdp#withGrid}). */
    public static Mdp mdp(TabularModel model) {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        int nS = model.numStates(), nA = model.numActions();
        Mdp.Builder b = Mdp.builder(nS, nA);
        for (int s = 0; s < nS; s++) {
            for (int a = 0; a < nA; a++) {
                for (TabularModel.Transition t : model.transitions(s, a)) {
                    b.transition(s, a, t.probability(), t.nextState(), t.reward(), t.terminated());
                }
            }
        }
        return b.initialDistribution(model.initialStateDistribution()).build();
    }

    private static String idOf(Env<?, ?> env) {
        EnvSpec spec = env.spec();
        if (spec == null) spec = env.unwrapped().spec();
        return spec != null ? spec.id() : env.unwrapped().getClass().getSimpleName();
    }

    /** The printing layout of a known grid env, or null. */
    static GridLayout layoutFor(String id, Mdp mdp) {
        int n = mdp.numStates();
        if (id.startsWith("GridWorld") && n == 16 && mdp.numActions() == 4) {
            // actions 0..3 = right, left, up, down (toytext GridWorld)
            return new GridLayout(4, 4, List.of("→", "←", "↑", "↓"));
        }
        if (id.startsWith("FrozenLake") && mdp.numActions() == 4) {
            int side = (int) Math.round(Math.sqrt(n));
            if (side * side != n) return null;
            // actions 0..3 = left, down, right, up (Gymnasium frozen_lake.py)
            return new GridLayout(side, side, List.of("←", "↓", "→", "↑"), frozenLakeCells(mdp));
        }
        if (id.startsWith("CliffWalking") && n == 48 && mdp.numActions() == 4) {
            // actions 0..3 = up, right, down, left (Gymnasium cliffwalking.py); row 3 is start, cliff, goal
            return new GridLayout(4, 12, List.of("↑", "→", "↓", "←"),
                    ".".repeat(36) + "S" + "C".repeat(10) + "G");
        }
        return null;
    }

    /** FrozenLake tiles recovered from the model: S initial, G terminal and entered with reward, H other terminals. */
    private static String frozenLakeCells(Mdp mdp) {
        int n = mdp.numStates();
        boolean[] rewarded = new boolean[n];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < mdp.numActions(); a++) {
                for (int i = 0; i < mdp.outcomeCount(s, a); i++) {
                    Mdp.Outcome o = mdp.outcome(s, a, i);
                    if (o.reward() > 0 && o.nextState() != s) rewarded[o.nextState()] = true;
                }
            }
        }
        double[] init = mdp.initialDistribution();
        StringBuilder sb = new StringBuilder(n);
        for (int s = 0; s < n; s++) {
            if (init[s] > 0) sb.append('S');
            else if (mdp.isTerminal(s)) sb.append(rewarded[s] ? 'G' : 'H');
            else sb.append('F');
        }
        return sb.toString();
    }

    /** The number of states of an env whose observations are {@link Discrete} from 0, for tabular learning. */
    static int numStates(Env<?, ?> env) {
        return discreteSize(env, env.observationSpace(), "observation");
    }

    /** The number of actions of an env whose actions are {@link Discrete} from 0. */
    static int numActions(Env<?, ?> env) {
        return discreteSize(env, env.actionSpace(), "action");
    }

    private static int discreteSize(Env<?, ?> env, Object space, String what) {
        if (!(space instanceof Discrete d) || d.start() != 0) {
            throw new IllegalArgumentException("tabular methods need a Discrete(n) " + what + " space starting at 0, but env "
                    + idOf(env) + " has " + space);
        }
        return d.n();
    }
}
