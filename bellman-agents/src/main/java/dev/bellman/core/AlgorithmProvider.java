package dev.bellman.core;

import dev.bellman.env.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service-provider interface through which an algorithm makes itself known to the registry and
 * the command line: one small class per algorithm, listed in
 * {@code META-INF/services/dev.bellman.core.AlgorithmProvider}.
 *
 * <p>A provider is a thin adapter: it declares the algorithm's id, spaces and hyperparameters, and
 * translates {@link Hyperparameters} into the algorithm's own config record before calling its public
 * training API. It holds no state; {@link Algorithms} creates one instance per class.
 *
 * <p>Example (a third-party algorithm):
 * <pre>{@code
 * public final class MyAlgoProvider implements AlgorithmProvider {
 *     public String id() { return "my-algo"; }
 *     public String description() { return "My algorithm (Doe 2025)"; }
 *     public SpaceSupport spaces() { return SpaceSupport.of(SpaceKind.BOX, SpaceKind.DISCRETE); }
 *     public List<Hyperparameter> hyperparameters() {
 *         return List.of(Hyperparameter.ofDouble("learning-rate", 2.5e-4, "the optimizer's step size").positive());
 *     }
 *     public Policy train(TrainRequest r, MetricsSink sink) { ... }
 *     public Policy load(Path dir) throws IOException { ... }
 * }
 * }</pre>
 */
public interface AlgorithmProvider {

    /** Lowercase kebab-case id used on the command line: {@code q-learning}, {@code dqn}, {@code ppo}. */
    String id();

    /** One line, e.g. "Tabular Q-learning (Watkins 1989), epsilon-greedy". */
    String description();

    /** The observation and action space kinds the algorithm accepts. */
    SpaceSupport spaces();

    /** The algorithm's hyperparameters with their defaults, in the order they are listed and saved. */
    List<Hyperparameter> hyperparameters();

    /**
     * Why the algorithm cannot train on {@code env}, or empty when it can. The default checks the space
     * kinds against {@link #spaces()}; an algorithm needing more (a planning algorithm needs the env's
     * transition model) overrides this.
     */
    default Optional<String> incompatibility(Env<?, ?> env) {
        SpaceKind obs = SpaceKind.of(env.observationSpace());
        SpaceKind act = SpaceKind.of(env.actionSpace());
        if (spaces().supports(obs, act)) {
            return Optional.empty();
        }
        return Optional.of(id() + " needs " + spaces() + ", but " + env.spec().id() + " has observations "
                + obs.label() + ", actions " + act.label());
    }

    /**
     * Whether training takes environment steps. False for planners that read the env's model instead
     * (value iteration): the command line then reports no steps per second and no learning curve.
     */
    default boolean takesEnvSteps() {
        return true;
    }

    /** The training budget in environment steps when neither the user nor a tuned file sets one. */
    default long defaultTotalTimesteps() {
        return 100_000;
    }

    /**
     * Defaults that replace those of {@link #hyperparameters()} when the env's actions are of kind {@code actions},
     * raw values by name (as a tuned file gives them; {@code total-timesteps} may appear and then replaces
     * {@link #defaultTotalTimesteps()}). For an algorithm whose variants follow different references by action space
     * (PPO: CleanRL's {@code ppo.py} for Discrete, {@code ppo_continuous_action.py} for Box). Empty by default. The
     * command line applies them below the tuned values; {@code bellman list algos -v} shows them.
     */
    default Map<String, String> actionSpaceDefaults(SpaceKind actions) {
        return Map.of();
    }

    /**
     * The hyperparameters at their defaults, overridden by {@code overrides} (raw values by name). An
     * algorithm with constraints between hyperparameters (batch size divisible by minibatches) overrides
     * this to check them too, throwing {@link IllegalArgumentException} with a message naming the values:
     * the command line reports it as bad input (exit code 2) before anything is trained.
     */
    default Hyperparameters resolve(Map<String, ?> overrides) {
        return Hyperparameters.resolve(id(), hyperparameters(), overrides);
    }

    /**
     * Checks, without creating or training anything, that a run of {@code request} on {@code env} can start, and
     * estimates the heap it needs: builds the algorithm's config record from the resolved hyperparameters and the
     * env's spaces (so that every check of its constructor runs, including those between hyperparameters and the
     * budget) and sizes its large arrays (replay buffers, rollout storage, networks with their optimizer state, env
     * copies). The command line calls it before it creates a run directory and again before a {@code --resume}
     * touches one; a failure is reported as bad input (exit code 2) and leaves nothing behind.
     *
     * <p>The default, for third-party providers that do not implement it, checks nothing and returns
     * {@link MemoryEstimate#UNKNOWN}; every built-in provider implements it.
     *
     * @param request env, seed, budget and resolved hyperparameters, as {@link #train} would get them
     * @param env an instance of the env, for its spaces (not stepped)
     * @throws IllegalArgumentException when the run cannot start, with a message naming the bad value
     */
    default MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        return MemoryEstimate.UNKNOWN;
    }

    /**
     * Trains from scratch and returns the final policy.
     *
     * @param request env, seed, budget and resolved hyperparameters (from {@link #resolve(Map)})
     * @param sink receives the metrics as training goes, CleanRL keys, at least
     *     {@link MetricsSink#EPISODIC_RETURN} for every finished training episode where there are episodes
     */
    Policy train(TrainRequest request, MetricsSink sink);

    /**
     * Whether {@link #train(TrainRequest, MetricsSink, Checkpoints)} writes checkpoints and resumes from them
     * ({@code bellman train --checkpoint-frequency}, {@code --resume}). False by default.
     */
    default boolean supportsCheckpoints() {
        return false;
    }

    /**
     * Trains with checkpoints: writes one with {@link Checkpoints#save} whenever {@link Checkpoints#due} says so
     * (between steps, after the metrics of the steps so far went to the sink), and, when
     * {@link Checkpoints#resumeFrom()} is present, continues from that checkpoint instead of starting afresh, so
     * that the run ends with exactly the metrics and parameters of an uninterrupted one. See {@link Checkpoints}
     * for what must be saved. The default, for providers that do not support checkpoints, trains from scratch
     * without any and refuses to resume.
     */
    default Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        if (checkpoints.resumeFrom().isPresent()) {
            throw new UnsupportedOperationException(id() + " cannot resume from a checkpoint");
        }
        return train(request, sink);
    }

    /**
     * Why training with {@code hp} depends on its budget, or empty when it does not: then the first {@code budget}
     * steps of a run are the same, step for step, whatever budget of at least {@code budget} the run was given, so
     * that {@code bellman train --resume DIR --total-timesteps N} may raise the budget of a run that has done at most
     * {@code budget} steps, and the longer run is exactly the run a fresh one with budget {@code N} makes. The default
     * says that it depends (a learning-rate anneal or an exploration schedule stretched over the budget does); an
     * algorithm for which it does not overrides this.
     */
    default Optional<String> budgetDependence(Hyperparameters hp, long budget) {
        return Optional.of(id() + " does not say that its training is the same whatever the budget (a schedule"
                + " stretched over total-timesteps would change with it)");
    }

    /**
     * The settings under which {@link #budgetDependence} is empty, in words for a user (e.g. {@code "--set
     * anneal-lr=false"}), or empty when there are none: the command line lists the algorithms whose runs can have
     * their budget raised with these. The default, none, goes with the default {@link #budgetDependence}.
     */
    default Optional<String> extensibleWhen() {
        return Optional.empty();
    }

    /** Restores a policy that {@link Policy#save(Path)} of this algorithm wrote into {@code directory}. */
    Policy load(Path directory) throws IOException;
}
