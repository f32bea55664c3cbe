package dev.bellman.algorithms.modelbased;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainingState;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * PETS, probabilistic ensembles with trajectory sampling (Chua et al. 2018, "Deep Reinforcement Learning in a Handful
 * of Trials using Probabilistic Dynamics Models", Algorithm 1): act with model-predictive control through a learned
 * {@link DynamicsEnsemble}, and refit the ensemble on all data at the start of every episode.
 * <pre>
 *   D ← transitions of {@code initialRandomSteps} uniform random actions
 *   for each episode:
 *       fit the ensemble on D (modelEpochs epochs, bootstrap per member)
 *       for each step t: a_t = first action of CEM's plan, returns by trajectory sampling (TS∞ / TS1) over the
 *           ensemble with the known reward ({@link TaskFunctions});  D ← D ∪ {(s_t, a_t, s_t+1)}
 * </pre>
 * With {@code planner = gradient} the action instead comes from {@link GradientShooting}: Adam on the action sequence
 * (tanh-squashed into the bounds) through every member's mean prediction ({@link EnsembleGradientRollouts}, the
 * members' returns averaged), which needs the reward on the autodiff tape ({@link DifferentiableTaskFunctions}:
 * Pendulum-v1, whose angle comes from the predicted (cos θ, sin θ) through {@code Tensor.atan2}).
 *
 * <p>Model error: before each refit the current model is scored on the episode just collected (transitions it has not
 * been fitted on): the mean squared error per observation dimension of its one-step mean prediction, and of a 10-step
 * open-loop prediction (the mean of member 0 fed its own predictions and the real actions), logged as
 * {@code model/one_step_mse_<d>} and {@code model/ten_step_mse_<d>} and plotted by the returned policy's
 * {@link MpcPolicy#save} as {@code model_error.png} in the model directory.
 *
 * <p>Checkpoints (between env steps): the data set, the ensemble (weights, normalisation statistics) and its Adam
 * state, every generator, the env's wrapper chain, the observation, CEM's warm-start mean, the episode counters and
 * the model-error history. Tagged {@code pets}.
 *
 * <p>Measured (Pendulum-v1, the tuned values of {@code hyperparams/pets.yml}: 64×64 members, population 100, 10 elites,
 * 3 iterations, horizon 20, 200 random steps; {@code bellman train --algo pets --env Pendulum-v1 --seed S
 * --eval-episodes 0}, 2,000 steps = 10 episodes, one thread, machine heavily loaded): episodic returns of seeds 1, 2, 3
 * first reach ≥ −200 in episodes 6, 8 and 8 (−121, −131, −121) and end at −116, −125, −123; 313–478 s wall each.
 * Curves: {@code docs/img/pets-pendulum.png}. MountainCarContinuous-v0 (tuned values, {@code --total-timesteps 3000},
 * seed 1, 237 s): the model is accurate (one-step MSE about 1e-8 per dimension) but a 30-step CEM horizon never
 * sees the goal bonus, so the two MPC episodes stand still (returns −0.67 and −0.71; the goal is not reached). With a
 * 100-step horizon (about what a full-throttle swing needs) and one particle ({@code --total-timesteps 2000 --set
 * horizon=100 --set particles=1 --eval-episodes 0}, seeds 1, 2, 3, 79–108 s wall, loaded) the MPC episode after the 999
 * random steps returns −1.90, −2.11 and −2.15 over all 999 steps: the goal is not reached on any seed. CEM's
 * independent Gaussian actions largely average out, so apparently no candidate pumps enough energy to see the +100
 * (the random episodes, −34, do not reach it either); temporally correlated candidates (e.g. iCEM's coloured noise)
 * are the likely remedy, untried here.
 *
 * <p>Measured with {@code planner=gradient} (Pendulum-v1, tuned values, 5 candidates, 10 Adam steps of 0.5 per env
 * step; {@code bellman train --algo pets --env Pendulum-v1 --seed 1 --set planner=gradient --total-timesteps 2000
 * --eval-episodes 0}, one thread, loaded, 155 s wall): episode returns −912 (random), −1509, −1107, −881, −3 (a start
 * near the top), −127, −130, −126, −245, −118: at or above −200 from the 6th episode on but for one.
 *
 * <p>Measured on CartPoleContinuous-v1 (CartPole-v1 with the continuous push a · 10 N; the tuned values: as Pendulum
 * with horizon 25 and 3,000 steps; {@code bellman train --algo pets --env CartPoleContinuous-v1 --seed S
 * --eval-episodes 0}, one thread, machine heavily loaded, load average 11–20 on 2 cores, 279 / 292 / 414 s wall),
 * returns of the episodes after the 200 random steps (the first one partly random): seed 1: 40, 63, 74, 125, 188,
 * 257, 264, 499, 239, 500, 453; seed 2: 51, 72, 272, 500, 500, 415, 500, 375; seed 3: 18, 66, 163, 213, 403, 326,
 * 324, 341, 386, 346. Seeds 1 and 2 reach 500 in their 10th and 4th episode; seed 3 stays below (best 403). The known
 * reward is CartPole's +1 per step, so every plan that keeps the pole up for 25 steps scores the same: nothing in a
 * 0.5 s horizon keeps the cart from drifting to |x| = 2.4, which is the likely end of the long episodes.
 *
 * <p>Deviations from the paper's settings (chosen for CPU time; all are hyperparameters): smaller members (2 × 200
 * swish units rather than 3–4 × 200–500), population 200 with 20 elites and 4 iterations (PETS: 400–500, 40–50, 5),
 * as many particles as members, horizon 25, a fixed number of epochs per refit with no held-out early stopping, no
 * weight decay; the first action of the first plan of an episode starts CEM from the middle of the bounds.
 */
public final class Pets {
    private Pets() {}

    static final String TAG = "pets";
    static final String FILE = "state.bin";

    /**
     * PETS' hyperparameters.
     *
     * @param ensembleSize       ensemble members E
     * @param hidden             hidden layer sizes of each member
     * @param modelLearningRate  Adam step size of the model
     * @param modelBatchSize     minibatch size per member
     * @param modelEpochs        epochs over the data at every refit
     * @param initialRandomSteps env steps of uniform random actions before the first fit
     * @param horizon            planning horizon H
     * @param populationSize     CEM samples per iteration
     * @param numElites          CEM elites
     * @param cemIterations      CEM iterations per env step
     * @param cemAlpha           CEM smoothing α
     * @param particles          particles per candidate (trajectory sampling)
     * @param propagation        {@code ts-inf}, {@code ts1} or {@code mean}
     * @param planner            {@code cem} (the paper's) or {@code gradient} ({@link GradientShooting} through the
     *                           members' means, {@link EnsembleGradientRollouts}; needs a differentiable reward)
     * @param gradientCandidates action sequences the gradient planner optimises in parallel
     * @param gradientIterations Adam steps of the gradient planner per env step
     * @param gradientLearningRate Adam step size of the gradient planner
     */
    public record Config(int ensembleSize, int[] hidden, double modelLearningRate, int modelBatchSize, int modelEpochs,
                         int initialRandomSteps, int horizon, int populationSize, int numElites, int cemIterations,
                         double cemAlpha, int particles, String propagation, String planner, int gradientCandidates,
                         int gradientIterations, double gradientLearningRate) {
        /** A CEM-planning config (the gradient planner's settings at their defaults, unused). */
        public Config(int ensembleSize, int[] hidden, double modelLearningRate, int modelBatchSize, int modelEpochs,
                      int initialRandomSteps, int horizon, int populationSize, int numElites, int cemIterations,
                      double cemAlpha, int particles, String propagation) {
            this(ensembleSize, hidden, modelLearningRate, modelBatchSize, modelEpochs, initialRandomSteps, horizon,
                    populationSize, numElites, cemIterations, cemAlpha, particles, propagation, "cem", 5, 10, 0.5);
        }

        public Config {
            new DynamicsEnsemble.Config(ensembleSize, hidden, true, modelLearningRate, modelBatchSize); // its checks
            hidden = hidden.clone();
            if (modelEpochs < 1) throw new IllegalArgumentException("modelEpochs must be at least 1 but was " + modelEpochs);
            if (initialRandomSteps < 1) {
                throw new IllegalArgumentException("initialRandomSteps must be at least 1 but was " + initialRandomSteps);
            }
            if (horizon < 1) throw new IllegalArgumentException("horizon must be at least 1 but was " + horizon);
            new Cem.Config(populationSize, numElites, cemIterations, cemAlpha); // its checks
            if (particles < 1) throw new IllegalArgumentException("particles must be at least 1 but was " + particles);
            propagation(propagation);
            if (!"cem".equals(planner) && !"gradient".equals(planner)) {
                throw new IllegalArgumentException("planner must be cem or gradient but was " + planner);
            }
            new GradientShooting.Config(gradientCandidates, gradientIterations, gradientLearningRate); // its checks
        }

        /** The defaults described in the class documentation. */
        public static Config defaults() {
            return new Config(5, new int[] {200, 200}, 1e-3, 32, 5, 200, 25, 200, 20, 4, 0.1, 5, "ts-inf");
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }

        DynamicsEnsemble.Config model() {
            return new DynamicsEnsemble.Config(ensembleSize, hidden, true, modelLearningRate, modelBatchSize);
        }

        Cem.Config cem() {
            return new Cem.Config(populationSize, numElites, cemIterations, cemAlpha);
        }

        /**
         * The planner over {@code model}: CEM with trajectory sampling, or gradient shooting through the members' means
         * (refused, naming the env, when {@code task} has no differentiable reward).
         */
        Planner planner(DynamicsEnsemble model, TaskFunctions task, Planner.Bounds bounds, String envId) {
            if ("cem".equals(planner)) {
                return new Cem(new EnsembleRollouts(model, task, particles, propagation(propagation)), bounds, cem());
            }
            if (!(task instanceof DifferentiableTaskFunctions d)) {
                throw new IllegalArgumentException("planner=gradient needs the reward of " + envId + " as a differentiable"
                        + " function, which Bellman has for Pendulum-v1 only; use planner=cem");
            }
            return new GradientShooting(new EnsembleGradientRollouts(model, d), bounds,
                    new GradientShooting.Config(gradientCandidates, gradientIterations, gradientLearningRate));
        }

        static EnsembleRollouts.Propagation propagation(String name) {
            return switch (name == null ? "" : name) {
                case "ts-inf" -> EnsembleRollouts.Propagation.TS_INF;
                case "ts1" -> EnsembleRollouts.Propagation.TS1;
                case "mean" -> EnsembleRollouts.Propagation.MEAN;
                default -> throw new IllegalArgumentException("propagation must be ts-inf, ts1 or mean but was " + name);
            };
        }
    }

    /**
     * Trains PETS on {@code env} (Box observations, bounded Box actions) whose reward and termination are {@code task}
     * ({@code envId} names them in the saved policy).
     *
     * @param sink receives charts/episodic_return, charts/episodic_length, charts/SPS, losses/model_loss and the model
     *     errors
     * @throws dev.bellman.core.NonFiniteException when the model loss becomes NaN or infinite
     */
    public static MpcPolicy train(Config cfg, Env<float[], float[]> env, String envId, TaskFunctions task, long seed, long totalTimesteps,
                                  MetricsSink sink, Checkpoints checkpoints) {
        Box obsSpace = (Box) env.observationSpace(), actSpace = (Box) env.actionSpace();
        int obsDim = obsSpace.size(), actDim = actSpace.size();
        Rng rng = new Rng(seed);
        Rng initRng = rng.split(), fitRng = rng.split(), actRng = rng.split(), planRng = rng.split();
        DynamicsEnsemble model = new DynamicsEnsemble(obsDim, actDim, cfg.model(), initRng);
        TransitionData data = new TransitionData(obsDim, actDim);
        Planner.Bounds bounds = new Planner.Bounds(actSpace.low(), actSpace.high(), cfg.horizon());
        Planner cem = cfg.planner(model, task, bounds, envId);
        ModelErrors errors = new ModelErrors(obsDim);
        FiniteGuard guard = FiniteGuard.forLearningRate("pets", cfg.modelLearningRate());

        float[] obs = env.reset(seed).observation().clone();
        double episodeReturn = 0;
        int episodeLength = 0, episodeStart = 0;
        long firstStep = 0;
        boolean fitted = false;
        Supplier<MpcPolicy> trained = () -> new MpcPolicy(model, cfg, bounds, envId, task, errors);
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            TrainingState.Reader r = read(checkpoints.resumeFrom().get(), TAG);
            r.loadModule("model.", model);
            r.loadOptimizer("model_optimizer", model.optimizer());
            data.restore(r, "data.");
            r.loadRng("rng", rng);
            r.loadRng("init_rng", initRng);
            r.loadRng("fit_rng", fitRng);
            r.loadRng("act_rng", actRng);
            r.loadRng("plan_rng", planRng);
            r.loadEnv("env", env);
            r.floatsInto("obs", obs);
            cem.setPlan(r.floats("plan"));
            errors.restore(r);
            firstStep = r.getLong("global_step");
            episodeReturn = r.getDouble("episode_return");
            episodeLength = (int) r.getLong("episode_length");
            episodeStart = (int) r.getLong("episode_start");
            fitted = r.getBoolean("fitted");
        }
        long start = System.nanoTime();
        float[] action = new float[actDim];
        for (long globalStep = firstStep; globalStep < totalTimesteps; globalStep++) {
            // 0. checkpoint, between steps
            if (checkpoints.due(globalStep)) {
                TrainingState.Writer w = new TrainingState.Writer().putString("algorithm", TAG);
                w.putModule("model.", model).putOptimizer("model_optimizer", model.optimizer())
                        .putRng("rng", rng).putRng("init_rng", initRng).putRng("fit_rng", fitRng)
                        .putRng("act_rng", actRng).putRng("plan_rng", planRng).putEnv("env", env).put("obs", obs)
                        .put("plan", cem.plan());
                data.save(w, "data.");
                errors.save(w);
                w.putLong("global_step", globalStep).putDouble("episode_return", episodeReturn)
                        .putLong("episode_length", episodeLength).putLong("episode_start", episodeStart)
                        .putBoolean("fitted", fitted);
                checkpoints.save(globalStep, dir -> w.write(dir.resolve(FILE)));
            }
            // 1. at an episode's start after the random phase: score the model on the last episode, refit, reset CEM
            if (episodeLength == 0 && globalStep >= cfg.initialRandomSteps()) {
                if (fitted) errors.score(model, data, episodeStart, data.size(), globalStep, sink);
                double loss = model.fit(data, cfg.modelEpochs(), fitRng);
                guard.check(globalStep, "model_loss", loss);
                sink.record(globalStep, "losses/model_loss", loss);
                fitted = true;
                cem.reset();
                episodeStart = data.size();
            }
            // 2. act: uniform random during the random phase, then MPC
            if (!fitted) {
                for (int d = 0; d < actDim; d++) {
                    action[d] = actSpace.low(d) + (actSpace.high(d) - actSpace.low(d)) * actRng.nextFloat();
                }
            } else {
                System.arraycopy(cem.act(obs, planRng), 0, action, 0, actDim);
            }
            Step<float[]> step = env.step(action.clone());
            data.add(obs, action, step.observation());
            episodeReturn += step.reward();
            episodeLength++;
            if (step.terminated() || step.truncated()) {
                sink.record(globalStep + 1, MetricsSink.EPISODIC_RETURN, episodeReturn);
                sink.record(globalStep + 1, MetricsSink.EPISODIC_LENGTH, episodeLength);
                sink.record(globalStep + 1, MetricsSink.SPS, (globalStep + 1 - firstStep) / ((System.nanoTime() - start) / 1e9));
                episodeReturn = 0;
                episodeLength = 0;
                System.arraycopy(env.reset().observation(), 0, obs, 0, obsDim);
            } else {
                System.arraycopy(step.observation(), 0, obs, 0, obsDim);
            }
        }
        if (fitted && data.size() > episodeStart) errors.score(model, data, episodeStart, data.size(), totalTimesteps, sink);
        return trained.get();
    }

    /** The state file of {@code checkpoint}, checked to be tagged {@code tag} ({@code pets} or {@code mbpo}). */
    static TrainingState.Reader read(Checkpoints.Loaded checkpoint, String tag) {
        try {
            TrainingState.Reader r = TrainingState.Reader.read(checkpoint.directory().resolve(FILE));
            String written = r.has("algorithm") ? r.string("algorithm") : "(none)";
            if (!written.equals(tag)) {
                throw new IllegalArgumentException("checkpoint " + checkpoint.directory() + " was written by " + written
                        + " but is being resumed by " + tag + "; resume it with the algorithm that wrote it");
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint " + checkpoint.directory() + ": " + e.getMessage(), e);
        }
    }

    /** Model-error history: one row per scoring, the step and the one- and ten-step MSE per dimension. */
    static final class ModelErrors {
        private final int obsDim;
        private double[] steps = new double[0], oneStep = new double[0], tenStep = new double[0];

        ModelErrors(int obsDim) {
            this.obsDim = obsDim;
        }

        int rows() { return steps.length; }

        double step(int row) { return steps[row]; }

        double oneStep(int row, int d) { return oneStep[row * obsDim + d]; }

        double tenStep(int row, int d) { return tenStep[row * obsDim + d]; }

        int obsDim() { return obsDim; }

        /** Scores {@code model}'s mean (member 0 for the open loop) on transitions [from, to) of one episode. */
        void score(DynamicsEnsemble model, TransitionData data, int from, int to, long globalStep, MetricsSink sink) {
            int n = to - from, od = obsDim, ad = data.actDim();
            if (n <= 0) return;
            float[] s = Arrays.copyOfRange(data.obs(), from * od, to * od);
            float[] a = Arrays.copyOfRange(data.act(), from * ad, to * ad);
            float[] pred = new float[n * od];
            int[] members = new int[n];
            model.predict(s, a, n, members, null, pred);
            double[] one = new double[od], ten = new double[od];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < od; d++) {
                    double e = pred[i * od + d] - data.nextObs()[(from + i) * od + d];
                    one[d] += e * e / n;
                }
            }
            // 10-step open loop from every start i with i + 10 <= n
            int k = 10, m = n - k + 1;
            if (m > 0) {
                float[] cur = Arrays.copyOf(s, m * od), act = new float[m * ad], next = new float[m * od];
                int[] zero = new int[m];
                for (int t = 0; t < k; t++) {
                    for (int i = 0; i < m; i++) System.arraycopy(a, (i + t) * ad, act, i * ad, ad);
                    model.predict(cur, act, m, zero, null, next);
                    float[] tmp = cur;
                    cur = next;
                    next = tmp;
                }
                for (int i = 0; i < m; i++) {
                    for (int d = 0; d < od; d++) {
                        double e = cur[i * od + d] - data.nextObs()[(from + i + k - 1) * od + d];
                        ten[d] += e * e / m;
                    }
                }
            } else {
                Arrays.fill(ten, Double.NaN);
            }
            for (int d = 0; d < od; d++) {
                sink.record(globalStep, "model/one_step_mse_" + d, one[d]);
                sink.record(globalStep, "model/ten_step_mse_" + d, ten[d]);
            }
            steps = append(steps, new double[] {globalStep});
            oneStep = append(oneStep, one);
            tenStep = append(tenStep, ten);
        }

        private static double[] append(double[] a, double[] b) {
            double[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }

        void save(TrainingState.Writer w) {
            w.put("errors.steps", steps).put("errors.one_step", oneStep).put("errors.ten_step", tenStep);
        }

        void restore(TrainingState.Reader r) {
            steps = r.doubles("errors.steps");
            oneStep = r.doubles("errors.one_step");
            tenStep = r.doubles("errors.ten_step");
        }
    }
}
