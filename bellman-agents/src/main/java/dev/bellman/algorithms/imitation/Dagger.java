package dev.bellman.algorithms.imitation;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.Evaluation;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainingState;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;
import dev.bellman.core.demos.Recorder;
import dev.bellman.env.Env;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * DAgger, dataset aggregation (Ross, Gordon &amp; Bagnell 2011, "A reduction of imitation learning and structured
 * prediction to no-regret online learning", Algorithm 3.1), with a queryable expert π* (a trained run's greedy policy).
 *
 * <p>Round i = 1..N: roll out the mixture π_i = β_i π* + (1 − β_i) π̂_i (at every step the expert's action with
 * probability β_i, else the learner's), label every visited state s with the expert's action π*(s), aggregate
 * D ← D ∪ {(s, π*(s))}, and train π̂_{i+1} on D with the loss of {@link Bc}. The schedule is the {@code imitation}
 * library's linear one, β_i = max(0, 1 − (i − 1) / betaRampdownRounds): the first round follows the expert alone.
 * Symbols: {@code rounds} = N, {@code episodesPerRound} = the trajectories sampled per round.
 *
 * <p>Implementation notes. Deviations from the paper:
 * <ol>
 *   <li>D starts with the demonstrations of {@code --demos} (Ross et al. start empty and let round 1, β_1 = 1, collect
 *       expert data); their steps count as expert labels.</li>
 *   <li>π̂ is one network trained on for {@code epochsPerRound} more epochs after each round (as {@code imitation}'s
 *       {@code SimpleDAggerTrainer}), not re-fitted from scratch; the learner acts greedily in the mixture.</li>
 *   <li>The final policy is the last π̂, not the best on validation.</li>
 * </ol>
 * Metrics: per round (global step = env steps of all rollouts so far) {@code charts/expert_labels} (cumulative
 * expert queries, demonstrations included), {@code charts/beta}, {@code charts/greedy_return} (mean greedy return of
 * π̂ over {@code evalEpisodes} episodes after the round's training), {@code losses/bc_loss}; per rollout episode
 * {@link MetricsSink#EPISODIC_RETURN} of the mixture.
 *
 * <p><b>Checkpoints</b> (file {@value #STATE_FILE}), after a round when due: π̂'s parameters, the Adam state, both
 * generators (shuffles, the mixture's coin), the aggregated dataset D, the label count, the global step and the round.
 * Each round reseeds its rollout and evaluation envs, so no env state is kept; a resumed run starts at the next round
 * and ends as the uninterrupted one. A stop request ends the run after the round in progress.
 */
public final class Dagger {
    static final String STATE_FILE = "dagger_state.bin";

    private Dagger() {}

    /**
     * Hyperparameters.
     *
     * @param rounds N, the rounds of rollouts and training
     * @param episodesPerRound trajectories rolled out per round
     * @param betaRampdownRounds rounds over which β falls linearly from 1 to 0 (0: β = 0 from the first round)
     * @param epochsPerRound epochs of BC on the aggregated data after each round (and on the demonstrations first)
     * @param evalEpisodes greedy evaluation episodes of π̂ per round (0: none)
     * @param totalTimesteps stop after the round in which the rollouts reach this many env steps
     * @param bc the loss and network (its {@code epochs} is ignored)
     */
    public record Config(int rounds, int episodesPerRound, int betaRampdownRounds, int epochsPerRound, int evalEpisodes,
                         long totalTimesteps, Bc.Config bc) {
        public Config {
            if (rounds <= 0) throw new IllegalArgumentException("rounds must be positive but was " + rounds);
            if (episodesPerRound <= 0) {
                throw new IllegalArgumentException("episodesPerRound must be positive but was " + episodesPerRound);
            }
            if (betaRampdownRounds < 0) {
                throw new IllegalArgumentException("betaRampdownRounds must be >= 0 but was " + betaRampdownRounds);
            }
            if (epochsPerRound <= 0) {
                throw new IllegalArgumentException("epochsPerRound must be positive but was " + epochsPerRound);
            }
            if (evalEpisodes < 0) throw new IllegalArgumentException("evalEpisodes must be >= 0 but was " + evalEpisodes);
            if (totalTimesteps <= 0) {
                throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            }
            Objects.requireNonNull(bc, "bc");
        }

        /** β of round {@code i} (1-based). */
        public double beta(int i) {
            return betaRampdownRounds == 0 ? 0.0 : Math.max(0.0, 1.0 - (double) (i - 1) / betaRampdownRounds);
        }
    }

    /**
     * Trains π̂ from {@code demos} and the queryable {@code expert} on envs from {@code envs} (one for rollouts, one for
     * evaluation).
     */
    public static Policy train(Supplier<Env<?, ?>> envs, Dataset demos, Policy expert, Config c, MetricsSink sink) {
        return train(envs, demos, expert, c, sink, Checkpoints.none());
    }

    /**
     * As {@link #train(Supplier, Dataset, Policy, Config, MetricsSink)}, checkpointing to and resuming from
     * {@code checkpoints}.
     */
    public static Policy train(Supplier<Env<?, ?>> envs, Dataset demos, Policy expert, Config c, MetricsSink sink,
                               Checkpoints checkpoints) {
        Objects.requireNonNull(expert, "expert");
        Rng rng = new Rng(c.bc().seed());
        ImitationPolicy learner = ImitationPolicy.create(demos.observationSpace(), demos.actionSpace(),
                new int[] {c.bc().hiddenSize(), c.bc().hiddenSize()}, rng, "dagger");
        Adam optimizer = new Adam(learner.net.parameters(), c.bc().learningRate());
        FiniteGuard guard = FiniteGuard.forLearningRate("dagger", c.bc().learningRate());
        Samples data = Samples.of(demos, learner);
        long labels = data.size;
        Rng mix = new Rng(c.bc().seed() ^ 0x5DEECE66DL);
        long globalStep = 0;
        int firstRound = 1;
        checkpoints.policyAtStop(() -> learner); // a stopped run keeps the learner it has, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            Checkpoints.Loaded from = checkpoints.resumeFrom().get();
            TrainingState.Reader state = TrainingState.Reader.read(from, STATE_FILE);
            state.loadModule("policy.", learner.net);
            state.loadOptimizer("optimizer", optimizer);
            state.loadRng("rng.shuffle", rng);
            state.loadRng("rng.mix", mix);
            data = Samples.restore(state, "data.", data);
            labels = state.getLong("labels");
            globalStep = state.getLong("global_step");
            firstRound = Math.toIntExact(state.getLong("round")) + 1;
        }
        try (Env<?, ?> env = envs.get(); Env<?, ?> evalEnv = envs.get()) {
            if (firstRound == 1) { // round 0: BC on the demonstrations
                Bc.Epoch m = null;
                for (int e = 0; e < c.epochsPerRound(); e++) {
                    m = Bc.epoch(learner, optimizer, data, c.bc(), rng, guard, 0);
                }
                logRound(sink, 0, labels, 1.0, m, learner, evalEnv, c);
            }
            for (int i = firstRound; i <= c.rounds() && globalStep < c.totalTimesteps(); i++) {
                double beta = c.beta(i);
                // 1. roll out the mixture, querying the expert at every visited state
                List<Episode> eps = Recorder.record(env, obs -> {
                    Object expertAction = expert.act(obs);
                    return mix.nextDouble() < beta ? expertAction : learner.act(obs);
                }, c.episodesPerRound(), c.bc().seed() * 1_000_003L + i, 0);
                // 2. aggregate D <- D u {(s, pi*(s))}
                for (Episode ep : eps) {
                    for (int t = 0; t < ep.steps(); t++) {
                        Object obs = Samples.observation(ep.observations(), t);
                        data.add(learner.features(obs), expert.act(obs));
                        labels++;
                    }
                    globalStep += ep.steps();
                    sink.record(globalStep, MetricsSink.EPISODIC_RETURN, ep.episodeReturn());
                    sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, ep.steps());
                }
                // 3. train pi_{i+1} on D
                Bc.Epoch m = null;
                for (int e = 0; e < c.epochsPerRound(); e++) {
                    m = Bc.epoch(learner, optimizer, data, c.bc(), rng, guard, globalStep);
                }
                logRound(sink, globalStep, labels, beta, m, learner, evalEnv, c);
                if (checkpoints.due(globalStep)) {
                    TrainingState.Writer state = new TrainingState.Writer();
                    state.putModule("policy.", learner.net);
                    state.putOptimizer("optimizer", optimizer);
                    state.putRng("rng.shuffle", rng);
                    state.putRng("rng.mix", mix);
                    data.save(state, "data.");
                    state.putLong("labels", labels);
                    state.putLong("global_step", globalStep);
                    state.putLong("round", i);
                    checkpoints.save(globalStep, dir -> state.write(dir.resolve(STATE_FILE)));
                }
            }
        }
        return learner;
    }

    private static void logRound(MetricsSink sink, long step, long labels, double beta, Bc.Epoch m,
                                 ImitationPolicy learner, Env<?, ?> evalEnv, Config c) {
        sink.record(step, "charts/expert_labels", labels);
        sink.record(step, "charts/beta", beta);
        sink.record(step, "losses/bc_loss", m.loss());
        if (c.evalEpisodes() > 0) {
            double r = Evaluation.evaluate(evalEnv, learner, c.evalEpisodes(), c.bc().seed() + 7_777 + step).mean();
            sink.record(step, "charts/greedy_return", r);
        }
    }
}
