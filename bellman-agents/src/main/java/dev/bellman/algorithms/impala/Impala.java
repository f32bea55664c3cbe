package dev.bellman.algorithms.impala;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.VTrace;
import dev.bellman.distributed.ActorLearnerTransport;
import dev.bellman.distributed.DistributedAlgorithm;
import dev.bellman.distributed.EmbeddedTransportFactory;
import dev.bellman.distributed.LocalActors;
import dev.bellman.distributed.ExperienceMessage;
import dev.bellman.distributed.ParameterSnapshot;
import dev.bellman.distributed.Payload;
import dev.bellman.distributed.RunSpec;
import dev.bellman.distributions.Categorical;
import dev.bellman.env.Discrete;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.optim.GradClip;
import dev.bellman.optim.Optimizer;
import dev.bellman.optim.RmsProp;
import dev.bellman.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * IMPALA, importance-weighted actor-learner architecture (Espeholt et al. 2018, "IMPALA: Scalable Distributed
 * Deep-RL with Importance Weighted Actor-Learner Architectures", ICML): actors roll out {@code numSteps}-step
 * segments of {@code numEnvs} env copies with the newest parameters they have, recording the behaviour policy's
 * log-probabilities log μ(a|x); a learner batches {@code numActors} segments, recomputes π and V with its current
 * network, corrects the policy lag with V-trace and takes one gradient step, then publishes its parameters with a
 * version number. Actors and learner meet only through an {@link ActorLearnerTransport}, so the same loops run as
 * threads of one JVM ({@code bellman train --algo impala}) or as separate JVMs ({@code bellman cluster}).
 *
 * <p>Learner update, for a batch of segments (section 4 of the paper; V-trace from {@link VTrace}):
 * <pre>
 *   log ρ_s = log π(a_s|x_s) − log μ(a_s|x_s)            π, V: the learner's current network
 *   v_s, A_s = VTrace(log ρ, r, V, γ, λ, ρ̄, c̄)            v_s the V-trace target, A_s = ρ_s (r_s + γ v_{s+1} − V(x_s))
 *   L = −mean[A_s log π(a_s|x_s)] + c_V · ½ mean[(V(x_s) − v_s)²] − c_H · mean[H(π(·|x_s))]
 *   θ ← RMSProp or Adam(θ, clip(∇_θ L, maxGradNorm))     (v_s and A_s are constants for the gradient)
 * </pre>
 *
 * <p>Symbols: {@code numSteps} = n (the unroll length), {@code vtraceLambda} = λ, {@code rhoBar} = ρ̄,
 * {@code cBar} = c̄, {@code vfCoef} = c_V (the paper's baseline cost 0.5 is the ½ above), {@code entCoef} = c_H.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li><b>Deterministic mode</b> ({@code deterministic}, default true): the run proceeds in lockstep rounds. In
 *       round r every actor i in 0..numActors−1 produces its r-th segment acting with the parameters of version
 *       max(1, r + 1 − policyLag) (version k is the network after k − 1 updates); the learner waits for the whole
 *       round and consumes its segments in actor-index order, one update per round. With {@code policyLag} 1
 *       (default) the actors roll out round r + 1 while the learner updates on round r, so every segment is one
 *       update behind, as in the paper's pipeline, and the V-trace ratios are not 1; with 0 the actors wait for each
 *       update (on-policy, ratios exactly 1). The same seed gives the same result whatever the scheduling of the
 *       threads, the transport, or the number of tensor threads.</li>
 *   <li><b>Free-running mode</b> ({@code deterministic} false, for several JVMs): actors pull the newest parameters
 *       before each segment and send without waiting; the learner takes the next {@code numActors} messages,
 *       whichever actors sent them, as one batch. Throughput is higher and an actor may join or die at any time, but
 *       the result depends on timing and is <b>not reproducible</b>. Metrics {@code charts/policy_lag} report the
 *       mean version lag of each batch.</li>
 *   <li>Actor i's env copies are seeded {@code seed + 1 + i·numEnvs + k}; its action generator is the i-th draw of
 *       {@code Rng(seed + 1)}; the network is initialised from {@code Rng(seed)} on the learner.</li>
 *   <li>Episode statistics travel inside the segments; the learner records them in consumption order, at the global
 *       step of the end of that episode's step within the batch.</li>
 *   <li>The networks are separate 64×64 tanh MLPs for π (orthogonal init, policy head gain 0.01) and V (gain 1), as
 *       CleanRL's actor-critic for vector observations.</li>
 * </ol>
 *
 * <p><b>Checkpoints: what is saved.</b> In deterministic mode, at the end of a round once
 * {@link Checkpoints#due} says so: the learner's network and optimizer state, the next round's index, the
 * parameters the actors act with in that round (for lag 1 the previous version), and for each actor the state it sent
 * at the end of its last segment: its env copies (state, random stream, episode statistics), its action generator and
 * the observations its next segment starts from. A resumed learner publishes these in the spec (base64), so that
 * each actor continues exactly where it stopped; the resumed run ends with the metrics and parameters of an
 * uninterrupted one. Free-running runs save the learner's side the same way and resume it, but not exactly: their
 * actors start afresh (new envs, the newest parameters).
 *
 * <p><b>Deviations</b>
 * <ol>
 *   <li>The paper's actors each step one environment; here each steps {@code numEnvs} copies with batched forward
 *       passes ({@code numEnvs} 1 is the paper's setting).</li>
 *   <li>Deterministic mode replaces the paper's asynchronous queue with lockstep rounds and a fixed policy lag
 *       (note 1); free-running mode is the paper's.</li>
 *   <li>Truncated episodes bootstrap V(final observation) inside V-trace (Pardo et al. 2018); the paper has no
 *       truncation.</li>
 *   <li>One ρ̄ serves both the targets and the advantage (the paper's ρ̄ in both); discrete actions only.</li>
 *   <li>No LSTM and no learning-rate annealing (an MLP on vector observations).</li>
 * </ol>
 *
 * <p><b>Measured</b> (2026-12-05, loaded: load average 16–27 on 2 cores, {@code -Dbellman.threads=1}): CartPole-v1 with
 * the tuned entry ({@code hyperparams/impala.yml}: 4 actors × 4 envs × 20 steps, Adam 1e-3, 300k steps),
 * {@code ./bellman train --algo impala --env CartPole-v1 --seed S}: greedy mean over 20 episodes 500 / 500 / 500 for
 * seeds 1–3 (13.4 / 23.0 / 31.6 s of training), and 500 / 438.2 / 500 for seeds 4–6. Learning curves against PPO's
 * on wall-clock time: {@code tools/bench/impala_vs_ppo.sh}, {@code docs/img/impala-vs-ppo-cartpole.png}.
 */
public final class Impala implements DistributedAlgorithm {
    /** The algorithm id. */
    public static final String ID = "impala";

    private static final int[] HIDDEN = {64, 64};
    private static final String RESUME_ROUND = "resume.round", RESUME_PARAMS = "resume.params",
            RESUME_ACTOR = "resume.actor.";

    /**
     * IMPALA's hyperparameters.
     *
     * @param envId the registered env id
     * @param seed the run's seed
     * @param totalTimesteps env steps to train for, summed over all actors
     * @param envKwargs keyword arguments for {@code Envs.make}
     * @param numActors actors (threads in one JVM) and segments per learner batch
     * @param numEnvs env copies per actor
     * @param numSteps the unroll length n of a segment
     * @param learningRate the optimizer's step size
     * @param gamma the discount factor γ
     * @param vtraceLambda λ of V-trace's trace coefficients
     * @param rhoBar ρ̄, the truncation of the importance weights of targets and advantages
     * @param cBar c̄, the truncation of the trace coefficients
     * @param entCoef the entropy bonus c_H
     * @param vfCoef the value-loss coefficient c_V
     * @param maxGradNorm the gradient-norm clip
     * @param useRmsProp RMSProp (α 0.99, the paper's) or Adam
     * @param optimizerEps ε of the optimizer
     * @param deterministic lockstep rounds (reproducible) or free-running actors
     * @param policyLag in deterministic mode, how many updates old the actors' parameters are (0 or 1)
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs, int numActors,
                         int numEnvs, int numSteps, double learningRate, double gamma, double vtraceLambda,
                         double rhoBar, double cBar, double entCoef, double vfCoef, double maxGradNorm,
                         boolean useRmsProp, double optimizerEps, boolean deterministic, int policyLag) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (numActors <= 0) throw new IllegalArgumentException("numActors must be positive but was " + numActors);
            if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
            if (numSteps <= 0) throw new IllegalArgumentException("numSteps must be positive but was " + numSteps);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(vtraceLambda >= 0 && vtraceLambda <= 1)) throw new IllegalArgumentException("vtraceLambda must be in [0, 1] but was " + vtraceLambda);
            if (!(rhoBar > 0)) throw new IllegalArgumentException("rhoBar must be positive but was " + rhoBar);
            if (!(cBar > 0)) throw new IllegalArgumentException("cBar must be positive but was " + cBar);
            if (!(entCoef >= 0)) throw new IllegalArgumentException("entCoef must be non-negative but was " + entCoef);
            if (!(vfCoef >= 0)) throw new IllegalArgumentException("vfCoef must be non-negative but was " + vfCoef);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be positive but was " + maxGradNorm);
            if (!(optimizerEps > 0)) throw new IllegalArgumentException("optimizerEps must be positive but was " + optimizerEps);
            if (policyLag < 0 || policyLag > 1) throw new IllegalArgumentException("policyLag must be 0 or 1 but was " + policyLag);
        }

        /** Env steps of one round (one learner batch): numActors · numEnvs · numSteps. */
        public long stepsPerRound() {
            return (long) numActors * numEnvs * numSteps;
        }

        /** Defaults: 4 actors of 4 envs, n 20, RMSProp 6e-4 (the paper's Atari settings scaled to small MLPs). */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 500_000, Map.of(), 4, 4, 20, 6e-4, 0.99, 1.0, 1.0, 1.0, 0.01, 0.5, 40.0,
                    true, 0.01, true, 1);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    // ------------------------------------------------------------------------------------------------------------
    // the networks and their encoding

    /** π (logits) and V as separate tanh MLPs; {@link #params} in a fixed order, which is the wire order. */
    static final class Nets {
        final Module actor;
        final Module critic;
        final List<Tensor> params = new ArrayList<>();
        final int obsSize, numActions;

        Nets(int obsSize, int numActions, Rng rng) {
            this.obsSize = obsSize;
            this.numActions = numActions;
            actor = Mlp.builder(obsSize, HIDDEN[0], HIDDEN[1], numActions).activation(Activation::tanh)
                    .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(0.01, 0)).build(rng);
            critic = Mlp.builder(obsSize, HIDDEN[0], HIDDEN[1], 1).activation(Activation::tanh)
                    .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(1, 0)).build(rng);
            params.addAll(actor.parameters());
            params.addAll(critic.parameters());
        }

        /** Every parameter's values, in {@link #params} order (the parameter snapshot's payload). */
        byte[] encode() {
            Payload.Writer w = new Payload.Writer();
            for (Tensor p : params) w.putFloats(p.toArray());
            return w.toBytes();
        }

        void decode(byte[] payload) {
            Payload.Reader r = new Payload.Reader(payload);
            for (Tensor p : params) {
                float[] v = r.getFloats();
                if (v.length != p.size()) {
                    throw new IllegalArgumentException("parameter snapshot holds " + v.length + " values where the "
                            + "network has " + p.size() + ": learner and actor disagree on the architecture");
                }
                System.arraycopy(v, 0, p.data(), p.offset(), v.length);
            }
        }
    }

    /**
     * One actor's segment as the learner reads it. Wire layout (little-endian, {@link Payload}): actorIndex,
     * round, numSteps, numEnvs, obsSize; obs [n·E·obs]; actions [n·E]; behaviour log-probs [n·E]; rewards [n·E];
     * terminated, truncated [n·E]; final observations [n·E·obs] (zero where not truncated); the observations after
     * the segment [E·obs]; finished episodes as (row, return, length) triples; then the actor's state after the
     * segment (env snapshot, action-generator state).
     */
    record Segment(int actorIndex, long round, int numSteps, int numEnvs, int obsSize, float[] obs, int[] actions,
                   float[] behaviourLogProbs, float[] rewards, boolean[] terminated, boolean[] truncated,
                   float[] finalObs, float[] nextObs, int[] episodeRows, double[] episodeReturns,
                   int[] episodeLengths, long[] envState, long[] rngState) {

        byte[] encode() {
            Payload.Writer w = new Payload.Writer();
            w.putInt(actorIndex).putLong(round).putInt(numSteps).putInt(numEnvs).putInt(obsSize);
            w.putFloats(obs).putInts(actions).putFloats(behaviourLogProbs).putFloats(rewards);
            w.putBooleans(terminated).putBooleans(truncated).putFloats(finalObs).putFloats(nextObs);
            w.putInts(episodeRows).putInts(episodeLengths);
            Payload.Writer ret = w;
            ret.putInt(episodeReturns.length);
            for (double d : episodeReturns) ret.putDouble(d);
            w.putLongs(envState).putLongs(rngState);
            return w.toBytes();
        }

        static Segment decode(byte[] payload) {
            Payload.Reader r = new Payload.Reader(payload);
            int actor = r.getInt();
            long round = r.getLong();
            int n = r.getInt(), e = r.getInt(), o = r.getInt();
            float[] obs = r.getFloats();
            int[] actions = r.getInts();
            float[] logp = r.getFloats(), rewards = r.getFloats();
            boolean[] term = r.getBooleans(), trunc = r.getBooleans();
            float[] finalObs = r.getFloats(), nextObs = r.getFloats();
            int[] rows = r.getInts(), lengths = r.getInts();
            double[] returns = new double[r.getInt()];
            for (int i = 0; i < returns.length; i++) returns[i] = r.getDouble();
            long[] envState = r.getLongs(), rngState = r.getLongs();
            if (obs.length != n * e * o || actions.length != n * e || nextObs.length != e * o) {
                throw new IllegalArgumentException("corrupt IMPALA segment from actor " + actor + ": sizes do not "
                        + "match numSteps " + n + ", numEnvs " + e + ", obsSize " + o);
            }
            return new Segment(actor, round, n, e, o, obs, actions, logp, rewards, term, trunc, finalObs, nextObs,
                    rows, returns, lengths, envState, rngState);
        }

        /** The actor's state after this segment, as a checkpoint and a resume spec hold it. */
        byte[] actorState() {
            return new Payload.Writer().putLong(round + 1).putLongs(envState).putLongs(rngState).putFloats(nextObs)
                    .toBytes();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // in-JVM training

    /**
     * Trains in this JVM: opens {@link EmbeddedTransportFactory#open}, starts {@code numActors} actor threads and runs
     * the learner on the calling thread; metrics go to {@code sink} from the calling thread only.
     */
    public static ImpalaPolicy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        Config c = ImpalaProvider.config(request);
        Impala algo = new Impala();
        String run = "impala-" + request.seed() + "-" + System.nanoTime();
        return LocalActors.run(run, "impala-actor", "IMPALA", c.numActors(), algo::runActor,
                (transport, actorFailure) -> algo.learn(transport, request, c, sink, checkpoints, actorFailure));
    }

    // ------------------------------------------------------------------------------------------------------------
    // the learner

    @Override
    public ImpalaPolicy runLearner(ActorLearnerTransport transport, TrainRequest request, MetricsSink sink,
                                   Checkpoints checkpoints) throws InterruptedException {
        return learn(transport, request, ImpalaProvider.config(request), sink, checkpoints, () -> null);
    }

    private ImpalaPolicy learn(ActorLearnerTransport transport, TrainRequest request, Config c, MetricsSink sink,
                               Checkpoints checkpoints, Supplier<Throwable> actorFailure) throws InterruptedException {
        int obsSize, numActions;
        try (VectorEnv probe = makeEnvs(c, 1)) {
            obsSize = probe.observationSize();
            numActions = discrete(probe).n();
        }
        Nets net = new Nets(obsSize, numActions, new Rng(c.seed()));
        Optimizer optimizer = c.useRmsProp()
                ? new RmsProp(net.params, new RmsProp.Config(c.learningRate(), 0.99, c.optimizerEps(), 0, 0, false))
                : new Adam(net.params, Adam.Config.defaults(c.learningRate()).withEps(c.optimizerEps()));
        int n = c.numSteps(), e = c.numEnvs(), actors = c.numActors();
        long round = 0;
        byte[] actingParams = null;          // the parameters the actors use in the next round (lag 1: one behind)
        byte[][] actorStates = new byte[actors][];
        Map<String, String> spec = new java.util.TreeMap<>(RunSpec.of(ID, request));
        Supplier<ImpalaPolicy> trained = () -> new ImpalaPolicy(net.actor, obsSize, numActions, actionStart(c));
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), ID, c);
            s.loadTensors("params.", net.params);
            s.loadOptimizer("optimizer", optimizer);
            round = s.getLong("next_round");
            actingParams = s.bytes("acting_params");
            spec.put(RESUME_ROUND, Long.toString(round));
            spec.put(RESUME_PARAMS, RunSpec.encode(actingParams));
            for (int i = 0; i < actors; i++) {
                actorStates[i] = s.bytes("actor" + i);
                if (actorStates[i].length > 0) spec.put(RESUME_ACTOR + i, RunSpec.encode(actorStates[i]));
            }
        }
        long totalRounds = Math.ceilDiv(c.totalTimesteps(), c.stepsPerRound());
        transport.publishSpec(spec);
        byte[] current = net.encode();
        transport.publishParameters(new ParameterSnapshot(round + 1, current));
        if (actingParams == null) actingParams = current;

        FiniteGuard guard = FiniteGuard.forLearningRate(ID, c.learningRate());
        Map<Long, Segment> pending = new HashMap<>();
        float[][] logRhos = new float[n][actors * e], rewards = new float[n][actors * e], values = new float[n][actors * e];
        float[][] finalValues = new float[n][actors * e], vs = new float[n][actors * e], adv = new float[n][actors * e];
        boolean[][] term = new boolean[n][actors * e], trunc = new boolean[n][actors * e];
        float[] lastValues = new float[actors * e];
        long start = System.nanoTime();
        long startStep = round * c.stepsPerRound();
        int cols = actors * e;
        while (round < totalRounds) {
            // 1. the round's segments: in deterministic mode actor 0..N−1's segments of this round, in actor order;
            //    free-running, the next N messages as they come
            Segment[] batch = new Segment[actors];
            double lag = 0;
            for (int k = 0; k < actors; k++) {
                Segment seg;
                if (c.deterministic()) {
                    long key = round * actors + k;
                    seg = pending.remove(key);
                    while (seg == null) {
                        ExperienceMessage m = receive(transport, actorFailure);
                        Segment got = Segment.decode(m.payload());
                        lag += round + 1 - m.parameterVersion();
                        if (got.round() < round || got.actorIndex() >= actors) {
                            throw new IllegalStateException("IMPALA learner in round " + round + " got a segment of "
                                    + "round " + got.round() + " from actor " + got.actorIndex() + " of " + actors
                                    + ": in deterministic mode every actor index 0.." + (actors - 1)
                                    + " must run exactly once");
                        }
                        long gk = got.round() * actors + got.actorIndex();
                        if (gk == key) seg = got;
                        else pending.put(gk, got);
                    }
                } else {
                    ExperienceMessage m = receive(transport, actorFailure);
                    seg = Segment.decode(m.payload());
                    lag += round + 1 - m.parameterVersion();
                }
                if (seg.numSteps() != n || seg.numEnvs() != e || seg.obsSize() != obsSize) {
                    throw new IllegalStateException("segment of actor " + seg.actorIndex() + " has numSteps "
                            + seg.numSteps() + ", numEnvs " + seg.numEnvs() + ", obsSize " + seg.obsSize()
                            + " but the learner expects " + n + ", " + e + ", " + obsSize);
                }
                batch[k] = seg;
            }
            long base = round * c.stepsPerRound();
            long now = base + c.stepsPerRound();

            // 2. π and V of the current network on the whole batch, rows ordered (t, actor, env)
            float[] obs = new float[n * cols * obsSize];
            int[] actions = new int[n * cols];
            for (int k = 0; k < actors; k++) {
                Segment s = batch[k];
                for (int t = 0; t < n; t++) {
                    System.arraycopy(s.obs(), t * e * obsSize, obs, (t * cols + k * e) * obsSize, e * obsSize);
                    System.arraycopy(s.actions(), t * e, actions, t * cols + k * e, e);
                    for (int j = 0; j < e; j++) {
                        int src = t * e + j, col = k * e + j;
                        rewards[t][col] = s.rewards()[src];
                        term[t][col] = s.terminated()[src];
                        trunc[t][col] = s.truncated()[src];
                    }
                }
            }
            Tensor obsT = Tensor.of(obs, n * cols, obsSize);
            Categorical pi = new Categorical(net.actor.forward(obsT));
            Tensor logProb = pi.logProb(actions);
            Tensor value = net.critic.forward(obsT).reshape(n * cols);
            float[] lp = logProb.toArray(), v = value.toArray();
            try (var g = Tensor.noGrad()) {
                float[] next = new float[cols * obsSize];
                for (int k = 0; k < actors; k++) System.arraycopy(batch[k].nextObs(), 0, next, k * e * obsSize, e * obsSize);
                float[] lv = net.critic.forward(Tensor.of(next, cols, obsSize)).toArray();
                System.arraycopy(lv, 0, lastValues, 0, cols);
                for (int t = 0; t < n; t++) {
                    for (int col = 0; col < cols; col++) {
                        int row = t * cols + col;
                        Segment s = batch[col / e];
                        int src = t * e + col % e;
                        logRhos[t][col] = lp[row] - s.behaviourLogProbs()[src];
                        values[t][col] = v[row];
                        finalValues[t][col] = 0f;
                        if (trunc[t][col] && !term[t][col]) {
                            float[] fo = java.util.Arrays.copyOfRange(s.finalObs(), src * obsSize, (src + 1) * obsSize);
                            finalValues[t][col] = net.critic.forward(Tensor.of(fo, 1, obsSize)).item();
                        }
                    }
                }
            }

            // 3. V-trace targets and advantages (Espeholt et al. 2018, eq. 1 and section 4.2)
            VTrace.compute(logRhos, rewards, values, lastValues, finalValues, term, trunc, (float) c.gamma(),
                    (float) c.vtraceLambda(), (float) c.rhoBar(), (float) c.cBar(), vs, adv);
            float[] vsFlat = new float[n * cols], advFlat = new float[n * cols];
            for (int t = 0; t < n; t++) {
                System.arraycopy(vs[t], 0, vsFlat, t * cols, cols);
                System.arraycopy(adv[t], 0, advFlat, t * cols, cols);
            }

            // 4. the update: policy gradient with ρ-weighted advantages, value loss to v_s, entropy bonus
            Tensor pgLoss = logProb.mul(Tensor.of(advFlat, n * cols)).mean().neg();
            Tensor valueLoss = value.sub(Tensor.of(vsFlat, n * cols)).square().mean().mul(0.5f);
            Tensor entropy = pi.entropy().mean();
            Tensor loss = pgLoss.add(valueLoss.mul((float) c.vfCoef())).sub(entropy.mul((float) c.entCoef()));
            for (Tensor p : net.params) p.zeroGrad();
            loss.backward();
            float gradNorm = GradClip.clipGradNorm(net.params, (float) c.maxGradNorm());
            optimizer.step();
            guard.update(now, "loss", loss.item(), gradNorm, net.actor, net.critic);
            round++;
            byte[] previous = current;
            current = net.encode();
            transport.publishParameters(new ParameterSnapshot(round + 1, current));
            // the parameters actors act with in round `round`: version max(1, round + 1 − lag)
            actingParams = c.policyLag() == 0 ? current : previous;

            // 5. log, in consumption order
            for (int k = 0; k < actors; k++) {
                Segment s = batch[k];
                for (int q = 0; q < s.episodeRows().length; q++) {
                    long step = base + (long) k * e * n + (long) (s.episodeRows()[q] + 1) * e;
                    sink.record(step, MetricsSink.EPISODIC_RETURN, s.episodeReturns()[q]);
                    sink.record(step, MetricsSink.EPISODIC_LENGTH, s.episodeLengths()[q]);
                }
                if (s.actorIndex() >= 0 && s.actorIndex() < actors) actorStates[s.actorIndex()] = s.actorState();
            }
            if (round % 10 == 1 || round == totalRounds) {
                sink.record(now, "losses/policy_loss", pgLoss.item());
                sink.record(now, "losses/value_loss", valueLoss.item());
                sink.record(now, "losses/entropy", entropy.item());
                sink.record(now, "losses/mean_rho", meanRho(logRhos, (float) c.rhoBar()));
                if (!c.deterministic()) sink.record(now, "charts/policy_lag", lag / actors);
                sink.record(now, MetricsSink.SPS, (now - startStep) / ((System.nanoTime() - start) / 1e9));
            }

            // 6. checkpoint at the end of the round
            if (round < totalRounds && checkpoints.due(now)) {
                guard.optimizer(now, "optimizer", optimizer);
                TrainingState.Writer st = new TrainingState.Writer();
                st.putTensors("params.", net.params).putOptimizer("optimizer", optimizer);
                st.putLong("next_round", round).putLong("global_step", now).put("acting_params", actingParams);
                for (int i = 0; i < actors; i++) st.put("actor" + i, actorStates[i] == null ? new byte[0] : actorStates[i]);
                RunCheckpoint.save(checkpoints, now, ID, c, st);
            }
        }
        transport.markFinished();
        return trained.get();
    }

    private static float meanRho(float[][] logRhos, float rhoBar) {
        double sum = 0;
        int count = 0;
        for (float[] row : logRhos) {
            for (float l : row) {
                sum += Math.min(rhoBar, Math.exp(l));
                count++;
            }
        }
        return (float) (sum / count);
    }

    /** The next segment from the inbox, failing when an in-JVM actor has died (its segment would never come). */
    private static ExperienceMessage receive(ActorLearnerTransport transport, Supplier<Throwable> actorFailure)
            throws InterruptedException {
        while (true) {
            Throwable f = actorFailure.get();
            if (f != null) throw new IllegalStateException("an IMPALA actor failed: " + f, f);
            ExperienceMessage m = transport.pollExperience(50);
            if (m != null) return m;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the actor

    @Override
    public void runActor(ActorLearnerTransport transport, String actorId, int actorIndex, int numActors)
            throws InterruptedException {
        Map<String, String> spec;
        while ((spec = transport.spec()) == null) {
            if (transport.isFinished()) return;
            Thread.sleep(2);
        }
        TrainRequest request = RunSpec.request(spec, new ImpalaProvider());
        Config c = ImpalaProvider.config(request);
        transport.registerActor(actorId);
        int n = c.numSteps(), e = c.numEnvs();
        try (VectorEnv envs = makeEnvs(c, e)) {
            int obsSize = envs.observationSize();
            int start = actionStart(c);
            Nets net = new Nets(obsSize, discrete(envs).n(), new Rng(0));
            Rng seeds = new Rng(c.seed() + 1);
            long actorSeed = 0;
            for (int i = 0; i <= actorIndex; i++) actorSeed = seeds.nextLong();
            Rng rng = new Rng(actorSeed);
            float[] nextObs = envs.reset(c.seed() + 1 + (long) actorIndex * e).observations().clone();
            long round = 0;
            String resumed = spec.get(RESUME_ACTOR + actorIndex);
            long version;
            if (resumed != null && c.deterministic()) {
                Payload.Reader r = new Payload.Reader(RunSpec.decode(resumed));
                round = r.getLong();
                VectorEnvs.restore(envs, r.getLongs());
                rng.setState(r.getLongs());
                nextObs = r.getFloats();
                net.decode(RunSpec.decode(spec.get(RESUME_PARAMS)));
                version = Math.max(1, round + 1 - c.policyLag());
            } else {
                ParameterSnapshot p = transport.awaitParameters(1);
                if (p == null) return;
                if (c.deterministic() && p.version() != 1) {
                    throw new IllegalStateException("actor " + actorIndex + " joined a deterministic IMPALA run at "
                            + "parameter version " + p.version() + "; deterministic mode needs every actor from the start");
                }
                net.decode(p.payload());
                version = p.version();
            }

            float[] obs = new float[n * e * obsSize], logp = new float[n * e], rewards = new float[n * e];
            float[] finalObs = new float[n * e * obsSize];
            int[] actions = new int[n * e];
            boolean[] term = new boolean[n * e], trunc = new boolean[n * e];
            int[] stepActions = new int[e];
            long sequence = round;
            while (!transport.isFinished()) {
                // 1. roll out one segment with the parameters of `version`
                List<int[]> episodes = new ArrayList<>();
                List<Double> returns = new ArrayList<>();
                java.util.Arrays.fill(finalObs, 0f);
                try (var g = Tensor.noGrad()) {
                    for (int t = 0; t < n; t++) {
                        System.arraycopy(nextObs, 0, obs, t * e * obsSize, e * obsSize);
                        Categorical pi = new Categorical(net.actor.forward(Tensor.of(nextObs.clone(), e, obsSize)));
                        int[] a = pi.sample(rng);
                        float[] lp = pi.logProb(a).toArray();
                        for (int j = 0; j < e; j++) {
                            actions[t * e + j] = a[j];
                            logp[t * e + j] = lp[j];
                            stepActions[j] = a[j] + start;
                        }
                        VectorStep step = envs.step(stepActions);
                        for (int j = 0; j < e; j++) {
                            int idx = t * e + j;
                            rewards[idx] = (float) step.rewards()[j];
                            term[idx] = step.terminated()[j];
                            trunc[idx] = step.truncated()[j];
                            if (trunc[idx] && !term[idx]) {
                                System.arraycopy(step.finalObservation(j), 0, finalObs, idx * obsSize, obsSize);
                            }
                            if (step.episodeEnded()[j]) {
                                episodes.add(new int[] {t, step.episodeLength()[j]});
                                returns.add(step.episodeReturn()[j]);
                            }
                        }
                        System.arraycopy(step.observations(), 0, nextObs, 0, nextObs.length);
                    }
                }
                int[] rows = new int[episodes.size()], lengths = new int[episodes.size()];
                double[] rets = new double[episodes.size()];
                for (int q = 0; q < rows.length; q++) {
                    rows[q] = episodes.get(q)[0];
                    lengths[q] = episodes.get(q)[1];
                    rets[q] = returns.get(q);
                }
                Segment seg = new Segment(actorIndex, sequence, n, e, obsSize, obs.clone(), actions.clone(),
                        logp.clone(), rewards.clone(), term.clone(), trunc.clone(), finalObs.clone(), nextObs.clone(),
                        rows, rets, lengths, VectorEnvs.snapshot(envs), rng.state());
                ExperienceMessage msg = new ExperienceMessage(actorId, sequence, version, seg.encode());

                // 2. send, and take the parameters of the next segment
                if (c.deterministic()) {
                    long need = Math.max(1, sequence + 2 - c.policyLag());
                    if (c.policyLag() == 0) {
                        if (!transport.offerUntilFinished(msg)) return;
                    }
                    ParameterSnapshot p = transport.awaitParameters(need);
                    if (p == null) return;
                    if (p.version() != need) {
                        throw new IllegalStateException("actor " + actorIndex + " expected parameter version " + need
                                + " but the newest is " + p.version() + " (deterministic mode)");
                    }
                    if (c.policyLag() == 1) {
                        if (!transport.offerUntilFinished(msg)) return;
                    }
                    if (p.version() != version) net.decode(p.payload());
                    version = p.version();
                } else {
                    if (!transport.offerUntilFinished(msg)) return;
                    ParameterSnapshot p = transport.latestParameters();
                    if (p != null && p.version() != version) {
                        net.decode(p.payload());
                        version = p.version();
                    }
                }
                sequence++;
            }
        }
    }

    static VectorEnv makeEnvs(Config c, int numEnvs) {
        return c.envKwargs().isEmpty() ? VectorEnvs.make(c.envId(), numEnvs, AutoresetMode.SAME_STEP)
                : VectorEnvs.sync(c.envId(), c.envKwargs(), numEnvs, AutoresetMode.SAME_STEP);
    }

    private static Discrete discrete(VectorEnv envs) {
        if (!(envs.singleActionSpace() instanceof Discrete d)) {
            throw new IllegalArgumentException("IMPALA needs Discrete actions but the env has "
                    + envs.singleActionSpace());
        }
        return d;
    }

    private static int actionStart(Config c) {
        try (VectorEnv probe = makeEnvs(c, 1)) {
            return discrete(probe).start();
        }
    }
}
