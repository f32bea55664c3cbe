package dev.bellman.algorithms.offpolicy;

import dev.bellman.core.TrainRequest;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;

/** Opens the env of a {@link TrainRequest} for the continuous-control providers, checking its spaces. */
final class ContinuousEnvs {
    private ContinuousEnvs() {}

    /** The request's env as {@code Env<float[], float[]>}; throws unless both spaces are Box and the actions bounded. */
    static Env<float[], float[]> open(TrainRequest request, String algorithm) {
        Env<?, ?> env = Envs.make(request.envId(), request.envKwargs());
        if (!(env.observationSpace() instanceof Box) || !(env.actionSpace() instanceof Box actions)) {
            String spaces = env.observationSpace() + " / " + env.actionSpace();
            env.close();
            throw new IllegalArgumentException(algorithm + " needs Box observations and Box actions, but " + request.envId()
                    + " has " + spaces);
        }
        if (!actions.isBounded()) {
            env.close();
            throw new IllegalArgumentException(algorithm + " needs a bounded action Box to rescale tanh actions into, but "
                    + request.envId() + " has " + actions);
        }
        @SuppressWarnings("unchecked")
        Env<float[], float[]> typed = (Env<float[], float[]>) env;
        return typed;
    }
}
