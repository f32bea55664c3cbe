package dev.bellman.algorithms.offpolicy;

import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.Arrays;
import java.util.Optional;

/** Opens the env of a {@link TrainRequest} for the continuous-control providers, checking its spaces. */
final class ContinuousEnvs {
    private ContinuousEnvs() {}

    /** The request's env as {@code Env<float[], float[]>}; throws unless both spaces are Box and the actions bounded. */
    static Env<float[], float[]> open(TrainRequest request, String algorithm) {
        Env<?, ?> env = Envs.make(request.envId(), request.envKwargs());
        try {
            check(env, request.envId(), algorithm);
        } catch (IllegalArgumentException e) {
            env.close();
            throw e;
        }
        @SuppressWarnings("unchecked")
        Env<float[], float[]> typed = (Env<float[], float[]>) env;
        return typed;
    }

    /** The env's action Box; throws unless both spaces are Box and the actions bounded. */
    static Box check(Env<?, ?> env, String envId, String algorithm) {
        if (!(env.observationSpace() instanceof Box) || !(env.actionSpace() instanceof Box actions)) {
            throw new IllegalArgumentException(algorithm + " needs Box observations and Box actions, but " + envId
                    + " has " + env.observationSpace() + " / " + env.actionSpace());
        }
        if (!actions.isBounded()) {
            throw new IllegalArgumentException(algorithm + " needs a bounded action Box to rescale tanh actions into, but "
                    + envId + " has " + actions);
        }
        return actions;
    }

    /**
     * The budget dependence of SAC, TD3 and DDPG ({@link dev.bellman.core.AlgorithmProvider#budgetDependence}): the
     * budget enters their training only as the loop's end and the replay buffer's capacity, {@code min(bufferSize,
     * totalTimesteps)}, which every budget of at least {@code bufferSize} leaves at {@code bufferSize}.
     */
    static Optional<String> bufferBudgetDependence(String algorithm, int bufferSize, long budget) {
        if (bufferSize <= budget) {
            return Optional.empty();
        }
        return Optional.of(algorithm + "'s replay buffer holds min(buffer-size, total-timesteps) transitions, and"
                + " buffer-size " + bufferSize + " is above the budget " + budget + ", so a larger budget would give it"
                + " a larger buffer (a run with --set buffer-size=" + budget + " or smaller can be raised)");
    }

    /** When {@link #bufferBudgetDependence} is empty, in a user's words ({@code AlgorithmProvider.extensibleWhen}). */
    static final String EXTENSIBLE_WHEN = "with buffer-size at most the budget";

    /**
     * The heap of an off-policy run on {@code env}: the replay buffer of {@code min(bufferSize, totalTimesteps)}
     * transitions (observation, next observation and action as
     * floats, plus reward, termination and horizon) and an actor with {@code actorOutputs} outputs per action
     * dimension and {@code critics} Q(s, a) critics, each held 5 times (parameters, gradients, Adam's moments, target).
     */
    static MemoryEstimate estimate(Env<?, ?> env, String envId, String algorithm, int bufferSize, long totalTimesteps,
                                   int[] netArch, int actorOutputs, int critics) {
        Box actions = check(env, envId, algorithm);
        long obs = env.observationSpace().flatDim();
        long act = actions.flatDim();
        long capacity = Math.min(bufferSize, totalTimesteps); // the buffer holds min(bufferSize, totalTimesteps)
        String size = "buffer-size " + bufferSize + (capacity < bufferSize ? " capped at total-timesteps " + capacity : "");
        String arch = "net-arch " + Arrays.toString(netArch).replaceAll("[\\[\\] ]", "");
        return MemoryEstimate.builder()
                .arrays("replay buffer (" + size + " x " + obs + " observation values)", 2, capacity * obs, Float.BYTES)
                .arrays("replay buffer actions (" + size + " x " + act + ")", 1, capacity * act, Float.BYTES)
                .arrays("replay buffer rewards and flags (" + size + ")", 1, capacity, 6)
                .mlp("actor (" + arch + ") and its optimizer state", obs, netArch, act * actorOutputs, 5)
                .mlp(critics + " critic(s) (" + arch + ") and their optimizer state", obs + act, netArch, 1, 5 * critics)
                .build();
    }
}
