package dev.bellman.algorithms.apex;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TrainingState;
import dev.bellman.core.replay.NStepAccumulator;
import dev.bellman.core.replay.PrioritizedReplayBuffer;
import dev.bellman.core.replay.ReplayBuffer;
import dev.bellman.distributed.ActorLearnerTransport;
import dev.bellman.distributed.DistributedAlgorithm;
import dev.bellman.distributed.EmbeddedTransportFactory;
import dev.bellman.distributed.LocalActors;
import dev.bellman.distributed.ExperienceMessage;
import dev.bellman.distributed.ParameterSnapshot;
import dev.bellman.distributed.Payload;
import dev.bellman.distributed.RunSpec;
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
import dev.bellman.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Ape-X DQN, distributed prioritized experience replay (Horgan et al. 2018, "Distributed Prioritized Experience
 * Replay", ICLR): many actors act ε-greedily with their own exploration rate, turn their steps into n-step
 * transitions, compute each transition's initial priority with their local copy of the network and send them in
 * blocks; one learner owns a prioritized replay, samples by priority, takes double-DQN n-step steps, writes the new
 * priorities back, and publishes its parameters with a version number every K updates. Actors and learner meet only
 * through an {@link ActorLearnerTransport} (threads of one JVM, or several JVMs with {@code bellman cluster}).
 *
 * <p>Equations (the paper's Algorithms 1 and 2, with the double-DQN n-step loss of its section 3.1):
 * <pre>
 *   ε_i = ε^(1 + α · i / (N − 1))                                       actor i of N (ε alone when N = 1)
 *   G_t = Σ_{k&lt;n} γ^k r_{t+k} + γ^n (1 − term) Q(s_{t+n}, argmax_a Q(s_{t+n}, a; θ); θ⁻)
 *   δ_t = G_t − Q(s_t, a_t; θ)                 p_t = |δ_t|   (initial priority: the actor's local θ for θ and θ⁻)
 *   sample i with P(i) = p_i^α_p / Σ p^α_p,     w_i = (N_R · P(i))^(−β) / max w        (core.replay)
 *   L = mean_i w_i · Huber(δ_i);    p_i ← |δ_i| after each update;    θ⁻ ← θ every targetNetworkFrequency updates
 * </pre>
 *
 * <p>Symbols: {@code epsilon} = ε, {@code epsilonAlpha} = α, {@code nStep} = n, {@code priorityAlpha} = α_p,
 * {@code priorityBeta} = β, {@code updatesPerRound} = K (updates between parameter publications).
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li><b>Deterministic mode</b> ({@code deterministic}, default true), as {@code impala}'s: lockstep rounds; in
 *       round r every actor sends one block of {@code blockSteps} vector steps acting with the parameters of version
 *       max(1, r + 1 − policyLag); the learner adds the round's blocks to the replay in actor-index order, then takes
 *       K updates (none before {@code learningStarts} transitions) and publishes one version. Same seed, same result,
 *       whatever the scheduling. <b>Free-running mode</b> ({@code deterministic} false, for several JVMs): actors
 *       send without waiting and pull the newest parameters; the learner adds whatever has arrived, takes K updates
 *       and publishes; not reproducible.</li>
 *   <li>Actor i's env copies are seeded {@code seed + 1 + i·numEnvs + k}, its ε-greedy draws come from the i-th draw
 *       of {@code Rng(seed + 1)}; the network and the replay sampling are seeded from {@code Rng(seed)} on the
 *       learner.</li>
 *   <li>Q is a 64×64 ReLU MLP; Adam; gradients clipped to {@code maxGradNorm}; β annealed linearly from
 *       {@code priorityBeta} to 1 over the budget.</li>
 * </ol>
 *
 * <p><b>Checkpoints: what is saved</b> (deterministic mode, at the end of a round when {@link Checkpoints#due}): the
 * online and target networks, Adam's state, the prioritized replay (transitions, priorities, largest priority), the
 * learner's sampling generator, the update count, the next round's index, the parameters the actors act with in that
 * round, and per actor the state it sent with its last block (env copies, generator, next observations). A resumed
 * learner publishes the actor states in the spec, so the resumed run ends as an uninterrupted one. Free-running runs
 * resume the learner's side the same way; their actors start afresh.
 *
 * <p><b>Deviations</b>
 * <ol>
 *   <li>Actors compute initial priorities with their local network standing in for both θ and θ⁻ (they hold no
 *       target network), as the paper's actors do with their "local copy".</li>
 *   <li>Each block ends its n-step windows: the last n − 1 steps of every block are sent with shorter horizons
 *       (k &lt; n, bootstrapped from the block's last observation), so that an actor holds no pending experience
 *       between blocks (nothing is lost when an actor dies, and checkpoints need no n-step windows).</li>
 *   <li>Each actor steps {@code numEnvs} copies with batched forward passes; the paper's actors step one.</li>
 *   <li>Deterministic mode replaces the paper's asynchrony with lockstep rounds (note 1); the replay has no
 *       eviction by age beyond its ring buffer.</li>
 * </ol>
 *
 * <p><b>Measured</b> (2026-12-05, loaded: load average 16–20 on 2 cores, {@code -Dbellman.threads=1}): CartPole-v1 with
 * the tuned entry ({@code hyperparams/apex-dqn.yml}: 4 actors × 4 envs × 16-step blocks, 128 updates of 64 per round,
 * 100k steps), {@code ./bellman train --algo apex-dqn --env CartPole-v1 --seed S}: greedy mean over 20 episodes
 * 500 / 500 / 500 for seeds 1–3 (26.9 / 17.5 / 24.7 s of training), and 500 / 338.4 / 500 for seeds 4–6.
 */
public final class ApeX implements DistributedAlgorithm {
    /** The algorithm id. */
    public static final String ID = "apex-dqn";

    private static final int[] HIDDEN = {64, 64};
    private static final String RESUME_PARAMS = "resume.params", RESUME_ACTOR = "resume.actor.";

    /**
     * Ape-X DQN's hyperparameters.
     *
     * @param numActors actors (threads in one JVM); blocks per round
     * @param numEnvs env copies per actor
     * @param blockSteps vector steps per actor block
     * @param learningRate Adam's step size
     * @param bufferSize replay capacity in transitions
     * @param batchSize transitions per update
     * @param gamma the discount factor
     * @param nStep n of the n-step returns
     * @param epsilon ε of the per-actor exploration rates
     * @param epsilonAlpha α of the per-actor exploration rates
     * @param priorityAlpha α_p, the priority exponent
     * @param priorityBeta β at the start, annealed to 1
     * @param learningStarts transitions in the replay before the first update
     * @param updatesPerRound K, updates between parameter publications
     * @param targetNetworkFrequency updates between target-network copies
     * @param maxGradNorm the gradient-norm clip
     * @param deterministic lockstep rounds (reproducible) or free-running actors
     * @param policyLag in deterministic mode, how many rounds old the actors' parameters are (0 or 1)
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs, int numActors,
                         int numEnvs, int blockSteps, double learningRate, int bufferSize, int batchSize, double gamma,
                         int nStep, double epsilon, double epsilonAlpha, double priorityAlpha, double priorityBeta,
                         int learningStarts, int updatesPerRound, int targetNetworkFrequency, double maxGradNorm,
                         boolean deterministic, int policyLag) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (numActors <= 0) throw new IllegalArgumentException("numActors must be positive but was " + numActors);
            if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
            if (blockSteps <= 0) throw new IllegalArgumentException("blockSteps must be positive but was " + blockSteps);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (bufferSize <= 0) throw new IllegalArgumentException("bufferSize must be positive but was " + bufferSize);
            if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive but was " + batchSize);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (nStep < 1 || nStep > 127) throw new IllegalArgumentException("nStep must be in [1, 127] but was " + nStep);
            if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("epsilon must be in [0, 1] but was " + epsilon);
            if (!(epsilonAlpha >= 0)) throw new IllegalArgumentException("epsilonAlpha must be non-negative but was " + epsilonAlpha);
            if (!(priorityAlpha >= 0 && priorityAlpha <= 1)) throw new IllegalArgumentException("priorityAlpha must be in [0, 1] but was " + priorityAlpha);
            if (!(priorityBeta >= 0 && priorityBeta <= 1)) throw new IllegalArgumentException("priorityBeta must be in [0, 1] but was " + priorityBeta);
            if (learningStarts < 0) throw new IllegalArgumentException("learningStarts must be non-negative but was " + learningStarts);
            if (updatesPerRound <= 0) throw new IllegalArgumentException("updatesPerRound must be positive but was " + updatesPerRound);
            if (targetNetworkFrequency <= 0) throw new IllegalArgumentException("targetNetworkFrequency must be positive but was " + targetNetworkFrequency);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be positive but was " + maxGradNorm);
            if (policyLag < 0 || policyLag > 1) throw new IllegalArgumentException("policyLag must be 0 or 1 but was " + policyLag);
        }

        /** Env steps of one round: numActors · numEnvs · blockSteps. */
        public long stepsPerRound() {
            return (long) numActors * numEnvs * blockSteps;
        }

        /** ε_i = ε^(1 + α i / (N − 1)) of actor {@code i} (ε when there is one actor). */
        public double actorEpsilon(int i) {
            return numActors == 1 ? epsilon : Math.pow(epsilon, 1 + epsilonAlpha * i / (numActors - 1.0));
        }

        /** Defaults: the paper's ε 0.4, α 7, n 3, α_p 0.6, β 0.4; 4 actors of 4 envs. */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 100_000, Map.of(), 4, 4, 16, 1e-3, 50_000, 64, 0.99, 3, 0.4, 7, 0.6, 0.4,
                    1_000, 32, 250, 10, true, 1);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    /** The Q-network, a 64×64 ReLU MLP; its parameters in wire order. */
    static Module qNetwork(int obsSize, int numActions, Rng rng) {
        return Mlp.builder(obsSize, HIDDEN[0], HIDDEN[1], numActions).activation(Activation::relu).build(rng);
    }

    static byte[] encode(Module q) {
        Payload.Writer w = new Payload.Writer();
        for (Tensor p : q.parameters()) w.putFloats(p.toArray());
        return w.toBytes();
    }

    static void decode(Module q, byte[] payload) {
        Payload.Reader r = new Payload.Reader(payload);
        for (Tensor p : q.parameters()) {
            float[] v = r.getFloats();
            if (v.length != p.size()) {
                throw new IllegalArgumentException("parameter snapshot holds " + v.length + " values where the network "
                        + "has " + p.size() + ": learner and actor disagree on the architecture");
            }
            System.arraycopy(v, 0, p.data(), p.offset(), v.length);
        }
    }

    /**
     * Initial priorities p_t = |δ_t| of {@code count} n-step transitions with {@code q} standing in for both the
     * online and the target network: δ_t = G_t + γ^k (1 − term) Q(s', argmax_a Q(s', a)) − Q(s_t, a_t), with G_t the
     * stored n-step reward sum and k its horizon.
     */
    static float[] initialPriorities(Module q, int obsSize, float[] obs, int[] actions, float[] rewards,
                                     float[] nextObs, boolean[] terminated, int[] horizons, int count, double gamma) {
        float[] out = new float[count];
        if (count == 0) return out;
        try (var g = Tensor.noGrad()) {
            float[] qs = q.forward(Tensor.of(java.util.Arrays.copyOf(obs, count * obsSize), count, obsSize)).toArray();
            float[] qn = q.forward(Tensor.of(java.util.Arrays.copyOf(nextObs, count * obsSize), count, obsSize)).toArray();
            int na = qs.length / count;
            for (int i = 0; i < count; i++) {
                int best = argmax(qn, i * na, na);
                double target = rewards[i] + (terminated[i] ? 0 : Math.pow(gamma, horizons[i]) * qn[i * na + best]);
                out[i] = (float) Math.abs(target - qs[i * na + actions[i]]);
            }
        }
        return out;
    }

    static int argmax(float[] a, int off, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) if (a[off + k] > a[off + best]) best = k;
        return best;
    }

    /**
     * One actor block. Wire layout ({@link Payload}): actorIndex, round, obsSize, count; obs [count·obs];
     * actions [count]; n-step rewards [count]; next obs [count·obs]; terminated [count]; horizons [count];
     * priorities [count]; finished episodes (steps into the block, lengths, returns); the actor's state after the
     * block (round + 1, env snapshot, generator state, next observations).
     */
    record Block(int actorIndex, long round, int obsSize, int count, float[] obs, int[] actions, float[] rewards,
                 float[] nextObs, boolean[] terminated, int[] horizons, float[] priorities, int[] episodeSteps,
                 int[] episodeLengths, double[] episodeReturns, byte[] actorState) {

        byte[] encode() {
            Payload.Writer w = new Payload.Writer();
            w.putInt(actorIndex).putLong(round).putInt(obsSize).putInt(count);
            w.putFloats(obs).putInts(actions).putFloats(rewards).putFloats(nextObs).putBooleans(terminated)
                    .putInts(horizons).putFloats(priorities).putInts(episodeSteps).putInts(episodeLengths);
            w.putInt(episodeReturns.length);
            for (double d : episodeReturns) w.putDouble(d);
            w.putBytes(actorState);
            return w.toBytes();
        }

        static Block decode(byte[] payload) {
            Payload.Reader r = new Payload.Reader(payload);
            int actor = r.getInt();
            long round = r.getLong();
            int obsSize = r.getInt(), count = r.getInt();
            float[] obs = r.getFloats();
            int[] actions = r.getInts();
            float[] rewards = r.getFloats(), nextObs = r.getFloats();
            boolean[] term = r.getBooleans();
            int[] horizons = r.getInts();
            float[] priorities = r.getFloats();
            int[] epSteps = r.getInts(), epLengths = r.getInts();
            double[] epReturns = new double[r.getInt()];
            for (int i = 0; i < epReturns.length; i++) epReturns[i] = r.getDouble();
            byte[] state = r.getBytes();
            if (obs.length != count * obsSize || actions.length != count || priorities.length != count) {
                throw new IllegalArgumentException("corrupt Ape-X block from actor " + actor + ": sizes do not match "
                        + count + " transitions of " + obsSize + " observation values");
            }
            return new Block(actor, round, obsSize, count, obs, actions, rewards, nextObs, term, horizons, priorities,
                    epSteps, epLengths, epReturns, state);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // in-JVM training

    /** Trains in this JVM: {@code numActors} actor threads and the learner on the calling thread. */
    public static ApeXPolicy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        Config c = ApeXProvider.config(request);
        ApeX algo = new ApeX();
        String run = "apex-dqn-" + request.seed() + "-" + System.nanoTime();
        return LocalActors.run(run, "apex-actor", "Ape-X", c.numActors(), algo::runActor,
                (transport, actorFailure) -> algo.learn(transport, request, c, sink, checkpoints, actorFailure));
    }

    // ------------------------------------------------------------------------------------------------------------
    // the learner

    @Override
    public ApeXPolicy runLearner(ActorLearnerTransport transport, TrainRequest request, MetricsSink sink,
                                 Checkpoints checkpoints) throws InterruptedException {
        return learn(transport, request, ApeXProvider.config(request), sink, checkpoints, () -> null);
    }

    private ApeXPolicy learn(ActorLearnerTransport transport, TrainRequest request, Config c, MetricsSink sink,
                             Checkpoints checkpoints, Supplier<Throwable> actorFailure) throws InterruptedException {
        int obsSize, numActions, actionStart;
        try (VectorEnv probe = makeEnvs(c, 1)) {
            obsSize = probe.observationSize();
            Discrete d = discrete(probe);
            numActions = d.n();
            actionStart = d.start();
        }
        Rng rng = new Rng(c.seed());
        Module online = qNetwork(obsSize, numActions, rng.split());
        Module target = qNetwork(obsSize, numActions, rng.split());
        target.copyFrom(online);
        Rng sampleRng = rng.split();
        Adam optimizer = new Adam(online.parameters(), c.learningRate());
        PrioritizedReplayBuffer replay = new PrioritizedReplayBuffer(ReplayBuffer.discrete(c.bufferSize(), obsSize),
                c.priorityAlpha(), 1e-6);
        ReplayBuffer.Batch batch = replay.storage().newBatch(c.batchSize());
        int actors = c.numActors();
        long round = 0, updates = 0;
        byte[] actingParams = null;
        byte[][] actorStates = new byte[actors][];
        Map<String, String> spec = new TreeMap<>(RunSpec.of(ID, request));
        Supplier<ApeXPolicy> trained = () -> new ApeXPolicy(online, obsSize, numActions, actionStart);
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), ID, c);
            s.loadModule("online.", online);
            s.loadModule("target.", target);
            s.loadOptimizer("optimizer", optimizer);
            replay.restore(s, "replay.");
            s.loadRng("sample_rng", sampleRng);
            round = s.getLong("next_round");
            updates = s.getLong("updates");
            actingParams = s.bytes("acting_params");
            spec.put(RESUME_PARAMS, RunSpec.encode(actingParams));
            for (int i = 0; i < actors; i++) {
                actorStates[i] = s.bytes("actor" + i);
                if (actorStates[i].length > 0) spec.put(RESUME_ACTOR + i, RunSpec.encode(actorStates[i]));
            }
        }
        long totalRounds = Math.ceilDiv(c.totalTimesteps(), c.stepsPerRound());
        transport.publishSpec(spec);
        byte[] current = encode(online);
        transport.publishParameters(new ParameterSnapshot(round + 1, current));
        if (actingParams == null) actingParams = current;

        FiniteGuard guard = FiniteGuard.forLearningRate(ID, c.learningRate());
        Map<Long, Block> pending = new HashMap<>();
        float[] gammaPow = new float[c.nStep() + 1];
        for (int k = 0; k <= c.nStep(); k++) gammaPow[k] = (float) Math.pow(c.gamma(), k);
        float[] targets = new float[c.batchSize()], td = new float[c.batchSize()];
        long start = System.nanoTime(), startStep = round * c.stepsPerRound();
        long stepsIn = round * c.stepsPerRound();
        while (stepsIn < c.totalTimesteps() && (!c.deterministic() || round < totalRounds)) {
            // 1. the round's blocks into the replay, with the priorities the actors computed
            List<Block> blocks = new ArrayList<>();
            if (c.deterministic()) {
                for (int k = 0; k < actors; k++) {
                    long key = round * actors + k;
                    Block b = pending.remove(key);
                    while (b == null) {
                        Block got = Block.decode(receive(transport, actorFailure, 50).payload());
                        if (got.round() < round || got.actorIndex() >= actors) {
                            throw new IllegalStateException("Ape-X learner in round " + round + " got a block of "
                                    + "round " + got.round() + " from actor " + got.actorIndex() + " of " + actors
                                    + ": in deterministic mode every actor index 0.." + (actors - 1)
                                    + " must run exactly once");
                        }
                        long gk = got.round() * actors + got.actorIndex();
                        if (gk == key) b = got;
                        else pending.put(gk, got);
                    }
                    blocks.add(b);
                }
            } else {
                blocks.add(Block.decode(receive(transport, actorFailure, 50).payload()));
                ExperienceMessage m;
                while ((m = transport.pollExperience(0)) != null) blocks.add(Block.decode(m.payload()));
            }
            long base = stepsIn;
            for (Block b : blocks) {
                int[] slot = new int[1];
                float[] p = new float[1];
                for (int i = 0; i < b.count(); i++) {
                    slot[0] = replay.add(b.obs(), i * obsSize, b.actions()[i], b.rewards()[i], b.nextObs(),
                            i * obsSize, b.terminated()[i], b.horizons()[i]);
                    p[0] = b.priorities()[i];
                    replay.updatePriorities(slot, p, 1);
                }
                long blockSteps = (long) c.numEnvs() * c.blockSteps();
                for (int q = 0; q < b.episodeSteps().length; q++) {
                    long step = stepsIn + b.episodeSteps()[q];
                    sink.record(step, MetricsSink.EPISODIC_RETURN, b.episodeReturns()[q]);
                    sink.record(step, MetricsSink.EPISODIC_LENGTH, b.episodeLengths()[q]);
                }
                stepsIn += blockSteps;
                if (b.actorIndex() >= 0 && b.actorIndex() < actors) actorStates[b.actorIndex()] = b.actorState();
            }
            long now = stepsIn;

            // 2. K double-DQN n-step updates on prioritized samples, priorities written back
            float lossValue = Float.NaN;
            if (replay.size() >= Math.max(c.learningStarts(), c.batchSize())) {
                double beta = Math.min(1.0, c.priorityBeta() + (1.0 - c.priorityBeta()) * now / c.totalTimesteps());
                for (int u = 0; u < c.updatesPerRound(); u++) {
                    replay.sample(sampleRng, batch, beta);
                    int bs = c.batchSize();
                    try (var g = Tensor.noGrad()) {
                        Tensor next = Tensor.of(batch.nextObs(), bs, obsSize);
                        float[] qOnline = online.forward(next).toArray();
                        float[] qTarget = target.forward(next).toArray();
                        for (int i = 0; i < bs; i++) {
                            int best = argmax(qOnline, i * numActions, numActions);
                            // double DQN (van Hasselt et al. 2016): select with θ, evaluate with θ⁻
                            targets[i] = batch.rewards()[i] + gammaPow[batch.horizons()[i]]
                                    * (1f - batch.terminated()[i]) * qTarget[i * numActions + best];
                        }
                    }
                    Tensor q = online.forward(Tensor.of(batch.obs(), bs, obsSize));
                    Tensor qa = q.gather(1, java.util.Arrays.copyOf(batch.actions(), bs)).reshape(bs);
                    Tensor d = qa.sub(Tensor.of(targets.clone(), bs));
                    Tensor huber = Tensor.where(d.detach().abs().lt(1f), d.square().mul(0.5f), d.abs().sub(0.5f));
                    Tensor loss = huber.mul(Tensor.of(batch.weights().clone(), bs)).mean();
                    for (Tensor p : online.parameters()) p.zeroGrad();
                    loss.backward();
                    float gradNorm = GradClip.clipGradNorm(online.parameters(), (float) c.maxGradNorm());
                    optimizer.step();
                    float[] dv = d.toArray();
                    System.arraycopy(dv, 0, td, 0, bs);
                    replay.updatePriorities(batch.indices(), td, bs);
                    updates++;
                    lossValue = loss.item();
                    guard.update(now, "loss", lossValue, gradNorm, online);
                    if (updates % c.targetNetworkFrequency() == 0) target.copyFrom(online);
                }
            }
            round++;
            byte[] previous = current;
            current = encode(online);
            transport.publishParameters(new ParameterSnapshot(round + 1, current));
            actingParams = c.policyLag() == 0 ? current : previous;

            // 3. log
            if (round % 20 == 0 && !Float.isNaN(lossValue)) {
                sink.record(now, "losses/td_loss", lossValue);
                sink.record(now, "charts/updates", updates);
                sink.record(now, MetricsSink.SPS, (now - startStep) / ((System.nanoTime() - start) / 1e9));
            }

            // 4. checkpoint at the end of the round
            if (stepsIn < c.totalTimesteps() && checkpoints.due(now)) {
                guard.optimizer(now, "optimizer", optimizer);
                TrainingState.Writer st = new TrainingState.Writer();
                st.putModule("online.", online).putModule("target.", target).putOptimizer("optimizer", optimizer);
                replay.save(st, "replay.");
                st.putRng("sample_rng", sampleRng).putLong("next_round", round).putLong("updates", updates)
                        .putLong("global_step", now).put("acting_params", actingParams);
                for (int i = 0; i < actors; i++) st.put("actor" + i, actorStates[i] == null ? new byte[0] : actorStates[i]);
                RunCheckpoint.save(checkpoints, now, ID, c, st);
            }
        }
        transport.markFinished();
        return trained.get();
    }

    private static ExperienceMessage receive(ActorLearnerTransport transport, Supplier<Throwable> actorFailure,
                                             long pollMillis) throws InterruptedException {
        while (true) {
            Throwable f = actorFailure.get();
            if (f != null) throw new IllegalStateException("an Ape-X actor failed: " + f, f);
            ExperienceMessage m = transport.pollExperience(pollMillis);
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
        TrainRequest request = RunSpec.request(spec, new ApeXProvider());
        Config c = ApeXProvider.config(request);
        transport.registerActor(actorId);
        int e = c.numEnvs(), steps = c.blockSteps();
        double epsilon = c.actorEpsilon(Math.min(actorIndex, c.numActors() - 1));
        try (VectorEnv envs = makeEnvs(c, e)) {
            int obsSize = envs.observationSize();
            Discrete space = discrete(envs);
            int numActions = space.n(), start = space.start();
            Module q = qNetwork(obsSize, numActions, new Rng(0));
            Rng seeds = new Rng(c.seed() + 1);
            long actorSeed = 0;
            for (int i = 0; i <= actorIndex; i++) actorSeed = seeds.nextLong();
            Rng rng = new Rng(actorSeed);
            float[] nextObs = envs.reset(c.seed() + 1 + (long) actorIndex * e).observations().clone();
            long round = 0, version;
            String resumed = spec.get(RESUME_ACTOR + actorIndex);
            if (resumed != null && c.deterministic()) {
                Payload.Reader r = new Payload.Reader(RunSpec.decode(resumed));
                round = r.getLong();
                VectorEnvs.restore(envs, r.getLongs());
                rng.setState(r.getLongs());
                nextObs = r.getFloats();
                decode(q, RunSpec.decode(spec.get(RESUME_PARAMS)));
                version = Math.max(1, round + 1 - c.policyLag());
            } else {
                ParameterSnapshot p = transport.awaitParameters(1);
                if (p == null) return;
                if (c.deterministic() && p.version() != 1) {
                    throw new IllegalStateException("actor " + actorIndex + " joined a deterministic Ape-X run at "
                            + "parameter version " + p.version() + "; deterministic mode needs every actor from the start");
                }
                decode(q, p.payload());
                version = p.version();
            }

            int cap = steps * e;
            float[] obs = new float[cap * obsSize], nobs = new float[cap * obsSize], rewards = new float[cap];
            int[] actions = new int[cap], horizons = new int[cap];
            boolean[] term = new boolean[cap];
            int[] count = new int[1];
            NStepAccumulator nstep = new NStepAccumulator(e, obsSize, c.nStep(), c.gamma());
            NStepAccumulator.Sink collect = (o, oo, a, r, no, noo, t, h) -> {
                int k = count[0]++;
                System.arraycopy(o, oo, obs, k * obsSize, obsSize);
                System.arraycopy(no, noo, nobs, k * obsSize, obsSize);
                actions[k] = a;
                rewards[k] = r;
                term[k] = t;
                horizons[k] = h;
            };
            int[] stepActions = new int[e];
            float[] qv = new float[e * numActions];
            long sequence = round;
            while (!transport.isFinished()) {
                // 1. one block of ε_i-greedy steps, n-step transitions closed at the block's end (deviation 2)
                count[0] = 0;
                List<long[]> episodes = new ArrayList<>();
                List<Double> returns = new ArrayList<>();
                for (int t = 0; t < steps; t++) {
                    try (var g = Tensor.noGrad()) {
                        Tensor out = q.forward(Tensor.of(nextObs.clone(), e, obsSize));
                        System.arraycopy(out.data(), out.offset(), qv, 0, qv.length);
                    }
                    for (int j = 0; j < e; j++) {
                        stepActions[j] = rng.nextDouble() < epsilon ? rng.nextInt(numActions)
                                : argmax(qv, j * numActions, numActions);
                    }
                    int[] envActions = stepActions.clone();
                    for (int j = 0; j < e; j++) envActions[j] += start;
                    float[] before = nextObs.clone();
                    VectorStep step = envs.step(envActions);
                    for (int j = 0; j < e; j++) {
                        boolean tm = step.terminated()[j], tr = step.truncated()[j];
                        float[] succ = tm || tr ? step.finalObservation(j) : step.observations();
                        int succOff = tm || tr ? 0 : j * obsSize;
                        // the last step of the block closes every pending window, bootstrapped (deviation 2)
                        nstep.push(j, before, j * obsSize, stepActions[j], step.rewards()[j], succ, succOff, tm,
                                tr || t == steps - 1, collect);
                        if (step.episodeEnded()[j]) {
                            episodes.add(new long[] {(long) (t + 1) * e, step.episodeLength()[j]});
                            returns.add(step.episodeReturn()[j]);
                        }
                    }
                    System.arraycopy(step.observations(), 0, nextObs, 0, nextObs.length);
                }
                int n = count[0];
                float[] priorities = initialPriorities(q, obsSize, obs, actions, rewards, nobs, term, horizons, n,
                        c.gamma());
                int[] epSteps = new int[episodes.size()], epLengths = new int[episodes.size()];
                double[] epReturns = new double[episodes.size()];
                for (int k = 0; k < epSteps.length; k++) {
                    epSteps[k] = (int) episodes.get(k)[0];
                    epLengths[k] = (int) episodes.get(k)[1];
                    epReturns[k] = returns.get(k);
                }
                byte[] state = new Payload.Writer().putLong(sequence + 1).putLongs(VectorEnvs.snapshot(envs))
                        .putLongs(rng.state()).putFloats(nextObs).toBytes();
                Block block = new Block(actorIndex, sequence, obsSize, n, java.util.Arrays.copyOf(obs, n * obsSize),
                        java.util.Arrays.copyOf(actions, n), java.util.Arrays.copyOf(rewards, n),
                        java.util.Arrays.copyOf(nobs, n * obsSize), java.util.Arrays.copyOf(term, n),
                        java.util.Arrays.copyOf(horizons, n), priorities, epSteps, epLengths, epReturns, state);
                ExperienceMessage msg = new ExperienceMessage(actorId, sequence, version, block.encode());

                // 2. send, and take the parameters of the next block
                if (c.deterministic()) {
                    long need = Math.max(1, sequence + 2 - c.policyLag());
                    if (c.policyLag() == 0 && !transport.offerUntilFinished(msg)) return;
                    ParameterSnapshot p = transport.awaitParameters(need);
                    if (p == null) return;
                    if (p.version() != need) {
                        throw new IllegalStateException("actor " + actorIndex + " expected parameter version " + need
                                + " but the newest is " + p.version() + " (deterministic mode)");
                    }
                    if (c.policyLag() == 1 && !transport.offerUntilFinished(msg)) return;
                    if (p.version() != version) decode(q, p.payload());
                    version = p.version();
                } else {
                    if (!transport.offerUntilFinished(msg)) return;
                    ParameterSnapshot p = transport.latestParameters();
                    if (p != null && p.version() != version) {
                        decode(q, p.payload());
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
            throw new IllegalArgumentException("Ape-X DQN needs Discrete actions but the env has "
                    + envs.singleActionSpace());
        }
        return d;
    }
}
