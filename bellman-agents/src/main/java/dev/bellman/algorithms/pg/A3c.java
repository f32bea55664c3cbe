package dev.bellman.algorithms.pg;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.NonFiniteException;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.Returns;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asynchronous advantage actor-critic, A3C (Mnih et al. 2016, "Asynchronous Methods for Deep Reinforcement
 * Learning", algorithm S3): {@code numWorkers} threads, each with its own env copies and a local copy of the network,
 * compute n-step actor-critic gradients and apply them asynchronously to the shared parameters with a shared
 * optimizer (the paper's shared RMSProp statistics).
 *
 * <p>Per worker, repeated until {@code totalTimesteps} steps have been taken over all workers:
 * <pre>
 *   θ' ← θ                                             (synchronise the local copy)
 *   roll out numSteps steps (t_max) of numEnvs copies with π_θ'
 *   Â_t = GAE(γ, λ) (λ = 1: the paper's n-step advantage Σ γ^{k−t} r_k + γ^{T−t} V(s_T) − V(s_t)),  R_t = Â_t + V(s_t)
 *   dθ = ∇_θ' ( −mean[log π(a_t|s_t) Â_t] − c_H mean H + c_V mean (V(s_t) − R_t)² ),  clipped to maxGradNorm
 *   θ ← optimizer(θ, dθ)                               (under a lock: one update at a time; step size annealed
 *                                                       linearly to 0 as in the paper)
 * </pre>
 * Rollouts and gradients run in parallel; the shared step count is split into updates of
 * {@code numSteps · numEnvs} steps, and update {@code u} belongs to worker {@code u mod numWorkers}.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li><b>Reproducible.</b> Workers apply their gradients to the shared parameters in a fixed round-robin order
 *       (update {@code u} by worker {@code u mod numWorkers}), and a worker re-synchronises θ' right after applying,
 *       so update {@code u} is computed from the parameters after update {@code u − numWorkers + 1}: stale by
 *       {@code numWorkers − 1} updates from the second round on, and by {@code u} in the first round (every worker's
 *       first gradient comes from the initial θ). Staleness is the same in every run, and the same seed gives the
 *       same result whatever the scheduling. Worker {@code w}'s env copies are seeded {@code seed + w·numEnvs + i} and
 *       its action draws come from its own generator, derived from the run's seed in worker order before any thread
 *       starts.</li>
 *   <li><b>Thread safety: a lock, not Hogwild.</b> Applying a gradient (copy into the shared gradient buffers,
 *       optimizer step) and copying the shared parameters into a worker's local network both hold one
 *       {@link ReentrantLock}, so no update is torn and the optimizer state stays consistent. With small MLPs the
 *       apply takes microseconds against milliseconds of rollout and backward, so the lock costs little; Hogwild
 *       (Recht et al. 2011) would add float races without a measurable gain here.</li>
 *   <li>Each worker steps a small vector env ({@code numEnvs} copies) instead of the paper's single env, so its
 *       forward passes are batched; {@code numEnvs = 1} is the paper's setting.</li>
 *   <li>Metrics reach the sink in update order: a worker holds its rollout's episode records and sends them, with
 *       its losses, when its turn to apply comes. A record's global step is its update's first step plus the
 *       worker's steps since, so steps never decrease and the same seed gives the same sequence of records.</li>
 * </ol>
 * <p><b>Checkpoints: what is saved.</b> A checkpoint is taken only at the end of a round of updates: when one is
 * {@link Checkpoints#due} at update {@code B} (a multiple of {@code numWorkers}), every worker, after applying and
 * logging its update of the round ending at {@code B}, waits at a barrier before its next rollout; the last to arrive
 * writes the checkpoint while the others wait, so no worker holds half-finished work and every metric of updates
 * before {@code B} (and none after) has reached the sink. Saved: the shared parameters and optimizer state (RMSprop
 * square averages or Adam moments and step count), the next update's index {@code B} (which sets the turn order and
 * the annealed learning rate), and per worker its local copy θ', its action generator, its env copies (state, random
 * stream, running episode statistics) and the observations its next rollout starts from. A resumed run builds the
 * workers as a fresh one does, overwrites their state, and starts worker {@code w} at update {@code B + w}. The
 * barrier changes no result, since the round-robin order fixes every update. Only {@code a3c} with the same config
 * resumes it ({@code run.txt}).
 * <p><b>Deviations</b>
 * <ol>
 *   <li>The paper's workers apply a gradient as soon as it is ready; here a worker whose turn has not come waits
 *       for it (the reproducibility note above). With equal rollout sizes the wait is short, and the staleness
 *       the paper relies on is kept: after the first round each gradient comes from a copy {@code numWorkers − 1}
 *       updates old.</li>
 *   <li>Gradient-norm clipping per worker gradient (the paper clips nothing for Atari MLP tasks); SB3-style
 *       defaults otherwise (RMSprop α 0.99, ε 1e-5, separate 64×64 tanh actor and critic).</li>
 *   <li>Truncated episodes bootstrap V(final observation) (shared {@link Returns#gaeSameStep}).</li>
 * </ol>
 */
public final class A3c {

    private A3c() {}

    /**
     * A3C's hyperparameters.
     *
     * @param envId the registered env id
     * @param seed the run's seed
     * @param totalTimesteps environment steps to train for, over all workers
     * @param envKwargs keyword arguments for {@code Envs.make}
     * @param learningRate the shared optimizer's step size
     * @param numWorkers worker threads
     * @param numEnvs env copies per worker
     * @param numSteps steps per copy per gradient (t_max)
     * @param gamma the discount factor
     * @param gaeLambda GAE's λ (1: n-step returns as in the paper)
     * @param entCoef the entropy coefficient
     * @param vfCoef the value-loss coefficient
     * @param maxGradNorm the gradient-norm clip of each worker's gradient
     * @param useRmsProp shared RMSprop (true) or Adam
     * @param rmsPropEps ε of the optimizer
     * @param sharedNetwork whether actor and critic share their hidden layers
     * @param initLogStd initial log-std of a Gaussian policy
     * @param annealLr whether to decay the learning rate linearly to 0 over the updates (the paper's schedule)
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs,
                         double learningRate, int numWorkers, int numEnvs, int numSteps, double gamma, double gaeLambda,
                         double entCoef, double vfCoef, double maxGradNorm, boolean useRmsProp, double rmsPropEps,
                         boolean sharedNetwork, double initLogStd, boolean annealLr) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (numWorkers <= 0) throw new IllegalArgumentException("numWorkers must be positive but was " + numWorkers);
            if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
            if (numSteps <= 0) throw new IllegalArgumentException("numSteps must be positive but was " + numSteps);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gaeLambda must be in [0, 1] but was " + gaeLambda);
            if (!(entCoef >= 0)) throw new IllegalArgumentException("entCoef must be non-negative but was " + entCoef);
            if (!(vfCoef >= 0)) throw new IllegalArgumentException("vfCoef must be non-negative but was " + vfCoef);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be positive but was " + maxGradNorm);
            if (!(rmsPropEps > 0)) throw new IllegalArgumentException("rmsPropEps must be positive but was " + rmsPropEps);
            if (!Double.isFinite(initLogStd)) throw new IllegalArgumentException("initLogStd must be finite but was " + initLogStd);
        }

        /** Defaults for {@code envId}: 2 workers of 4 envs, the paper's linear learning-rate annealing, otherwise
         * A2C's SB3 defaults. */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 500_000, Map.of(), 7e-4, 2, 4, 5, 0.99, 1.0, 0.0, 0.5, 0.5, true, 1e-5, false, 0.0,
                    true);
        }
    }

    private static final int[] HIDDEN = {64, 64};

    /** The actor and (unless shared) critic of one copy: the shared one or a worker's local one. */
    private static final class Nets {
        final PolicyNet actor;
        final Module critic;
        final List<Tensor> params = new ArrayList<>();

        Nets(int obsSize, ActionSpec spec, Config c, Rng rng) {
            actor = new PolicyNet(obsSize, spec.discrete(), spec.size(), HIDDEN, c.sharedNetwork(), (float) c.initLogStd(), rng);
            critic = c.sharedNetwork() ? null : Mlp.builder(obsSize, HIDDEN[0], HIDDEN[1], 1).activation(Activation::tanh)
                    .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(1, 0)).build(rng);
            params.addAll(actor.parameters());
            if (critic != null) params.addAll(critic.parameters());
        }

        Tensor values(Tensor obs) {
            return critic == null ? actor.value(actor.features(obs)) : critic.forward(obs).reshape(obs.dim(0));
        }

        void copyFrom(Nets src) {
            actor.copyFrom(src.actor);
            if (critic != null) critic.copyFrom(src.critic);
        }
    }

    /** One worker's own state: its env copies, rollout storage (with the observations the next rollout starts
     * from), local network copy θ' and action generator. Built before any thread starts, so that a checkpoint can
     * read every worker's state while all of them wait at a barrier. */
    private static final class Worker {
        final int index;
        final VectorEnv envs;
        final Rollout ro;
        final Nets local;
        final Rng actionRng;

        Worker(int index, VectorEnv envs, Rollout ro, Nets local, Rng actionRng) {
            this.index = index;
            this.envs = envs;
            this.ro = ro;
            this.local = local;
            this.actionRng = actionRng;
        }
    }

    /** Trains a policy with {@code numWorkers} threads; metrics go to {@code sink} (calls serialised). */
    public static NetworkPolicy train(Config c, MetricsSink sink) {
        return train(c, sink, Checkpoints.none());
    }

    /**
     * {@link #train(Config, MetricsSink)} writing {@code checkpoints} at the ends of rounds at which one is due,
     * and continuing from {@link Checkpoints#resumeFrom()} when present (see "Checkpoints" in the class notes).
     * @throws dev.bellman.core.NonFiniteException when a loss, the gradient norm or a parameter becomes NaN or infinite
     *     after an update (checked after every update; nothing is saved after it)
     */
    public static NetworkPolicy train(Config c, MetricsSink sink, Checkpoints checkpoints) {
        Rng rng = new Rng(c.seed());
        ActionSpec spec;
        int obsSize;
        try (VectorEnv probe = PgEnvs.make(c.envId(), c.envKwargs(), 1, AutoresetMode.SAME_STEP)) {
            spec = ActionSpec.of(probe.singleActionSpace());
            obsSize = probe.observationSize();
        }
        Nets shared = new Nets(obsSize, spec, c, rng.split());
        Supplier<NetworkPolicy> trained = () -> new NetworkPolicy(shared.actor, spec, "a3c"); // at a stop and the end
        Optimizer optimizer = c.useRmsProp()
                ? new RmsProp(shared.params, new RmsProp.Config(c.learningRate(), 0.99, c.rmsPropEps(), 0, 0, false))
                : new Adam(shared.params, Adam.Config.defaults(c.learningRate()).withEps(c.rmsPropEps()));
        // allocate the shared gradient buffers once (a zero backward), so workers can copy into them
        Tensor zero = null;
        for (Tensor p : shared.params) zero = zero == null ? p.sum() : zero.add(p.sum());
        zero.mul(0f).backward();
        ReentrantLock lock = new ReentrantLock();
        Turns turns = new Turns(lock, c.numWorkers());
        MetricsSink serialSink = (step, key, value) -> {
            synchronized (sink) {
                sink.record(step, key, value);
            }
        };
        long[] workerSeeds = new long[c.numWorkers()];
        for (int w = 0; w < workerSeeds.length; w++) workerSeeds[w] = rng.nextLong();
        List<Worker> workers = new ArrayList<>();
        try {
            // every worker's local copy starts from the initial θ, taken before any thread can update it
            for (int w = 0; w < c.numWorkers(); w++) {
                Rng workerRng = new Rng(workerSeeds[w]);
                Nets local = new Nets(obsSize, spec, c, workerRng.split());
                local.copyFrom(shared);
                Rng actionRng = workerRng.split();
                VectorEnv envs = PgEnvs.make(c.envId(), c.envKwargs(), c.numEnvs(), AutoresetMode.SAME_STEP);
                Rollout ro = new Rollout(c.numSteps(), c.numEnvs(), obsSize, spec);
                workers.add(new Worker(w, envs, ro, local, actionRng));
                ro.reset(envs, c.seed() + (long) w * c.numEnvs());
            }
            long firstUpdate = 0;
            checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
            if (checkpoints.resumeFrom().isPresent()) {
                // everything above was built as for a fresh run; now overwrite what the run has changed since
                TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), "a3c", c);
                load(s, "", shared);
                s.loadOptimizer("optimizer", optimizer);
                for (Worker wk : workers) {
                    String pre = "worker" + wk.index + ".";
                    load(s, pre, wk.local);
                    s.loadRng(pre + "action_rng", wk.actionRng);
                    s.loadEnvs(pre + "envs", wk.envs);
                    s.floatsInto(pre + "next_obs", wk.ro.nextObs);
                }
                firstUpdate = s.getLong("next_update");
                turns.applied = firstUpdate;
            }
            long batch = (long) c.numSteps() * c.numEnvs();
            FiniteGuard guard = FiniteGuard.forLearningRate("a3c", c.learningRate());
            Runnable save = () -> {
                long next = turns.applied;
                guard.optimizer(next * batch, "optimizer", optimizer);
                TrainingState.Writer st = new TrainingState.Writer();
                put(st, "", shared);
                st.putOptimizer("optimizer", optimizer);
                for (Worker wk : workers) {
                    String pre = "worker" + wk.index + ".";
                    put(st, pre, wk.local);
                    st.putRng(pre + "action_rng", wk.actionRng).putEnvs(pre + "envs", wk.envs).put(pre + "next_obs", wk.ro.nextObs);
                }
                st.putLong("next_update", next).putLong("global_step", next * batch);
                RunCheckpoint.save(checkpoints, next * batch, "a3c", c, st);
            };
            long start = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            long first = firstUpdate;
            for (Worker wk : workers) {
                Thread t = new Thread(() -> {
                    try {
                        runWorker(wk, first, c, obsSize, shared, optimizer, lock, turns, checkpoints, save, serialSink,
                                start, failure);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        turns.wakeAll();
                    }
                }, "a3c-worker-" + wk.index);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for A3C workers", e);
                }
            }
            if (failure.get() instanceof NonFiniteException e) {
                throw e;
            }
            if (failure.get() != null) {
                throw new IllegalStateException("an A3C worker failed: " + failure.get(), failure.get());
            }
        } finally {
            for (Worker wk : workers) wk.envs.close();
        }
        return trained.get();
    }

    private static void put(TrainingState.Writer st, String prefix, Nets nets) {
        st.putModule(prefix + "actor.", nets.actor);
        if (nets.critic != null) st.putModule(prefix + "critic.", nets.critic);
    }

    private static void load(TrainingState.Reader st, String prefix, Nets nets) {
        st.loadModule(prefix + "actor.", nets.actor);
        if (nets.critic != null) st.loadModule(prefix + "critic.", nets.critic);
    }

    /** Whose turn it is to apply a gradient: the number of updates applied so far, guarded by the shared lock. */
    private static final class Turns {
        private final ReentrantLock lock;
        private final Condition changed;
        private final int parties;
        private long applied;
        private int arrived;
        private long generation;

        Turns(ReentrantLock lock, int parties) {
            this.lock = lock;
            this.changed = lock.newCondition();
            this.parties = parties;
        }

        /**
         * Waits until all {@code parties} workers arrived; the last to arrive runs {@code action} (under the lock,
         * every other worker waiting) and releases the others. Returns false if a worker failed meanwhile; an
         * exception of {@code action} propagates to its caller and releases no one (the failure does).
         */
        boolean barrier(Runnable action, AtomicReference<Throwable> failure) throws InterruptedException {
            lock.lock();
            try {
                if (failure.get() != null) return false;
                long gen = generation;
                if (++arrived == parties) {
                    arrived = 0;
                    action.run();
                    generation++;
                    changed.signalAll();
                    return true;
                }
                while (generation == gen && failure.get() == null) changed.await();
                return generation != gen;
            } finally {
                lock.unlock();
            }
        }

        /** Takes the lock once update {@code u} is next, or returns false (without the lock) if a worker failed. */
        boolean await(long u, AtomicReference<Throwable> failure) throws InterruptedException {
            lock.lock();
            while (applied != u && failure.get() == null) changed.await();
            if (failure.get() != null) {
                lock.unlock();
                return false;
            }
            return true;
        }

        /** Marks update {@code applied} done; the caller holds the lock. */
        void advance() {
            applied++;
            changed.signalAll();
        }

        void wakeAll() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static void runWorker(Worker wk, long firstUpdate, Config c, int obsSize, Nets shared, Optimizer optimizer,
                                  ReentrantLock lock, Turns turns, Checkpoints checkpoints, Runnable save,
                                  MetricsSink sink, long start, AtomicReference<Throwable> failure)
            throws InterruptedException {
        int worker = wk.index, numWorkers = c.numWorkers();
        Nets local = wk.local;
        Rollout ro = wk.ro;
        Function<Tensor, Tensor> valueFn = local::values;
        int batch = ro.batchSize();
        float[][] advantages = new float[c.numSteps()][c.numEnvs()], returns = new float[c.numSteps()][c.numEnvs()];
        long totalUpdates = Math.ceilDiv(c.totalTimesteps(), (long) batch);
        FiniteGuard guard = FiniteGuard.forLearningRate("a3c", c.learningRate());
        RecordBuffer episodes = new RecordBuffer();
        for (long u = firstUpdate + worker; u < totalUpdates && failure.get() == null; u += numWorkers) {
            // 1. rollout with the local copy θ'
            long base = u * batch;
            ro.collect(wk.envs, local.actor, valueFn, wk.actionRng, base, episodes);
            long now = base + batch;

            // 2. advantages (λ = 1: the paper's n-step returns)
            Returns.gaeSameStep(ro.rewards, ro.values, ro.lastValues, ro.finalValues, ro.terminated, ro.truncated,
                    (float) c.gamma(), (float) c.gaeLambda(), advantages, returns);
            float[] adv = Rollout.flat(advantages);

            // 3. local gradient dθ, applied to the shared θ in update order; then θ' ← θ
            Tensor obsT = Tensor.of(ro.obs, batch, obsSize);
            Tensor features = local.actor.features(obsT);
            PolicyNet.Pi pi = local.actor.head(features);
            Tensor values = local.critic == null ? local.actor.value(features) : local.critic.forward(obsT).reshape(batch);
            Tensor pgLoss = pi.logProb(ro.actions).mul(Tensor.of(adv, batch)).mean().neg();
            Tensor valueLoss = values.sub(Tensor.of(Rollout.flat(returns), batch)).square().mean();
            Tensor entropy = pi.entropy().mean();
            Tensor loss = pgLoss.sub(entropy.mul((float) c.entCoef())).add(valueLoss.mul((float) c.vfCoef()));
            for (Tensor p : local.params) p.zeroGrad();
            loss.backward();
            float gradNorm = GradClip.clipGradNorm(local.params, (float) c.maxGradNorm());
            double lr = c.annealLr() ? c.learningRate() * (1.0 - (double) u / totalUpdates) : c.learningRate();
            if (!turns.await(u, failure)) return;
            try {
                for (int i = 0; i < local.params.size(); i++) {
                    float[] src = local.params.get(i).grad();
                    float[] dst = shared.params.get(i).grad();
                    if (src == null) java.util.Arrays.fill(dst, 0f);
                    else System.arraycopy(src, 0, dst, 0, dst.length);
                }
                optimizer.setLearningRate(lr);
                optimizer.step();
                guard.update(now, "loss", loss.item(), gradNorm, shared.actor, shared.critic);
                local.copyFrom(shared);

                // 4. log, in update order (still holding the turn): the rollout's episodes, then every 10th update
                //    of this worker its losses, so the sink sees the same sequence of records in every run
                episodes.drainTo(sink);
                if ((u - worker) / numWorkers % 10 == 0) {
                    sink.record(now, "losses/policy_loss", pgLoss.item());
                    sink.record(now, "losses/value_loss", valueLoss.item());
                    sink.record(now, "losses/entropy", entropy.item());
                    sink.record(now, MetricsSink.LEARNING_RATE, lr);
                    sink.record(now, MetricsSink.SPS, now / ((System.nanoTime() - start) / 1e9));
                }
                turns.advance();
            } finally {
                lock.unlock();
            }

            // 5. checkpoint at the end of a round: update `next` is the next round's first; every worker has
            //    applied and logged its update of this round and none has begun the next rollout
            long next = u - worker + numWorkers;
            if (next < totalUpdates && checkpoints.due(next * batch)) {
                if (!turns.barrier(save, failure)) return;
            }
        }
    }

    /** A worker's metric records of one rollout, held until its turn so that records reach the sink in update order. */
    private static final class RecordBuffer implements MetricsSink {
        private long[] steps = new long[16];
        private String[] keys = new String[16];
        private double[] values = new double[16];
        private int size;

        @Override
        public void record(long globalStep, String key, double value) {
            if (size == steps.length) {
                steps = java.util.Arrays.copyOf(steps, 2 * size);
                keys = java.util.Arrays.copyOf(keys, 2 * size);
                values = java.util.Arrays.copyOf(values, 2 * size);
            }
            steps[size] = globalStep;
            keys[size] = key;
            values[size++] = value;
        }

        void drainTo(MetricsSink sink) {
            for (int i = 0; i < size; i++) sink.record(steps[i], keys[i], values[i]);
            size = 0;
        }
    }
}
