package dev.bellman.algorithms.alphazero;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainingState;
import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.ConnectFourPositions;
import dev.bellman.games.connectfour.ConnectFourPositions.Position;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.search.Mcts;
import dev.bellman.search.MctsPlayer;
import dev.bellman.search.Selection;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * AlphaZero (Silver et al. 2018, "A general reinforcement learning algorithm that masters chess, shogi, and Go through
 * self-play", Science 362; with AlphaGo Zero's gating, Silver et al. 2017, Nature 550) for the two-player games of
 * {@code bellman-games}.
 *
 * <p>Each iteration: (1) <b>self-play</b> of {@link Config#gamesPerIteration()} games, {@link Config#parallelGames()}
 * at a time, each move chosen by an {@link Mcts} of {@link Config#simulations()} simulations with PUCT
 * ({@link Selection#puct}, the paper's {@code pb_c_base}/{@code pb_c_init} formula), Dirichlet noise at the root, the
 * visit-count temperature 1 for the first {@link Config#temperatureMoves()} moves and 0 after, tree reuse, and virtual
 * loss; the leaves of all running games are evaluated together, one network call per round of
 * {@link Config#mctsBatchSize()} leaves per game; (2) every position goes to a replay of the newest
 * {@link Config#replaySize()} as (observation, visit distribution pi, outcome z for the player to move);
 * (3) {@link Config#trainSteps()} minibatch steps on the {@link AlphaZeroTower} with the loss
 * {@code (z - v)^2 - pi . log p} and L2 regularisation, each sample under a random board symmetry
 * ({@link Game#transformObservation}, {@link Game#transformAction}) when {@link Config#augment()}; (4) optionally
 * <b>gating</b>: the new network plays {@link Config#gatingGames()} games against the best so far and replaces it as
 * the self-play network when it scores at least {@link Config#gatingThreshold()} (wins plus half the draws);
 * (5) every {@link Config#evalInterval()} iterations, evaluation games against a uniformly random player and against
 * pure UCT MCTS with {@link Config#evalMctsSimulations()} simulations and random rollouts, alternating colours.
 *
 * <p>Deviations from the paper, for small games on a CPU: Adam (its {@code weight_decay} is the L2 term: the loss's
 * {@code c ||theta||^2} with {@code c = weight-decay / 2}) instead of SGD with momentum and a stepped learning rate
 * (a constant step size, or with {@link Config#annealLr()} one falling linearly to 0 over the budget);
 * synchronous iterations (self-play, then training) instead of asynchronous workers; a replay of positions instead of
 * the last 500,000 games; non-square boards zero-padded to a square for the tower ({@link NetEvaluator}); no
 * resignation; an optional per-ply {@link Config#discount()} of the value target and the search's backup (default 1,
 * the paper's undiscounted outcome), so that among moves of the same outcome the search prefers the fastest win and the
 * slowest loss, as an exact solver's score does; an optional blend of the outcome with the self-play search's
 * root value in the value target ({@link Config#qWeight()}, default 0: the paper's outcome alone; V. Abrams, "Lessons
 * from AlphaZero (part 4): Improving the Training Target", Oracle Developers, 2018, reports a Connect Four value
 * target built from the search's value that outperformed the outcome alone).
 * The budget ({@code total-timesteps}) counts self-play positions (moves); the metrics' step is that count.
 *
 * <p>Metrics: {@code losses/policy_loss}, {@code losses/value_loss}, {@code losses/loss}, {@code charts/policy_entropy}
 * (mean entropy of the network's policy on the training batches), {@code charts/game_length} per self-play game,
 * {@code charts/replay_positions}, {@code charts/gating_score} and {@code charts/gating_accepted} with gating,
 * {@code eval/win_rate_random}, {@code eval/draw_rate_random}, {@code eval/loss_rate_random} and the same with suffix
 * {@code _mcts}, and {@code charts/SPS} (self-play positions per second, wall clock). On Connect Four with
 * {@link Config#solverEvalPositions()} above 0, at every evaluation also {@code eval/solver_optimal_raw} and
 * {@code eval/solver_outcome_raw} (the shares of that many solver-scored positions where the raw policy's move is
 * optimal, or keeps the outcome; {@link SolverAccuracy}) and, with {@link Config#solverEvalSimulations()}, the same
 * with suffix {@code _search}: the learning curve of the solver accuracy. This evaluation draws nothing from the run's
 * generator, so it leaves the training trajectory unchanged.
 *
 * <p>Checkpoints are written at iteration ends (no game in flight): the network (and the best one with gating), Adam's
 * moments, the generator and the replay, so a resumed run continues exactly as the uninterrupted one. A seeded run is
 * deterministic (single-threaded).
 */
public final class AlphaZero {
    static final String STATE_FILE = "state.bin";

    private AlphaZero() {}

    /**
     * The hyperparameters, validated.
     *
     * @param blocks residual blocks of the tower
     * @param channels filters per convolution
     * @param valueHidden width of the value head's hidden layer
     * @param simulations MCTS simulations per self-play move
     * @param mctsBatchSize leaves per game per network call (virtual loss spreads them)
     * @param virtualLoss virtual losses per pending path
     * @param parallelGames self-play games run together (their leaves share network calls)
     * @param gamesPerIteration self-play games per iteration
     * @param pbCBase PUCT's {@code pb_c_base} (19652 in the paper)
     * @param pbCInit PUCT's {@code pb_c_init} (1.25 in the paper)
     * @param dirichletAlpha root noise concentration (0.3 in chess)
     * @param dirichletFraction root noise share (0.25)
     * @param temperatureMoves self-play moves sampled at temperature 1 (then greedy)
     * @param replaySize positions kept for training
     * @param batchSize positions per gradient step
     * @param trainSteps gradient steps per iteration
     * @param learningRate Adam's step size
     * @param weightDecay Adam's L2 weight decay
     * @param annealLr anneal Adam's step size linearly from {@code learningRate} to 0 over the budget (each
     *                 iteration's training uses {@code learningRate * (1 - positions / totalPositions)})
     * @param augment random symmetry per training sample
     * @param gating play the new network against the best before it self-plays
     * @param gatingGames games per gating match
     * @param gatingThreshold score (wins + draws / 2) needed to replace the best network
     * @param evalInterval iterations between evaluations (0: none)
     * @param evalGames games against each evaluation opponent
     * @param evalSimulations simulations of the network's MCTS in evaluation and gating games
     * @param evalMctsSimulations simulations of the pure UCT opponent
     * @param solverEvalPositions Connect Four: positions of the built-in solver-scored set measured at every
     *                            evaluation ({@link SolverAccuracy}; 0: none)
     * @param solverEvalSimulations simulations of the search measured on those positions (0: the raw policy only)
     * @param discount the search's and the value target's factor per ply (1: the paper's undiscounted outcome; below
     *                 1 the value of a position is {@code z * discount^(plies to the end)}, which ranks a sooner win
     *                 and a later loss above the others)
     * @param qWeight the weight of the self-play search's root value {@code q} (its visit-weighted value, from the
     *                player to move, {@link Mcts#rootValue()}) in the value target {@code (1 - qWeight) z + qWeight q}
     *                (0: the outcome alone, as the paper; 0.5 averages the two)
     * @param snapshotInterval iterations between snapshots of the playing network ({@link Checkpoints#snapshot}, for
     *                         an Elo ladder over training; 0: none)
     * @param totalPositions the budget in self-play positions
     * @param seed the run's seed
     */
    public record Config(int blocks, int channels, int valueHidden, int simulations, int mctsBatchSize, int virtualLoss,
                         int parallelGames, int gamesPerIteration, double pbCBase, double pbCInit, double dirichletAlpha,
                         double dirichletFraction, int temperatureMoves, int replaySize, int batchSize, int trainSteps,
                         double learningRate, double weightDecay, boolean annealLr, boolean augment, boolean gating,
                         int gatingGames,
                         double gatingThreshold, int evalInterval, int evalGames, int evalSimulations,
                         int evalMctsSimulations, int solverEvalPositions, int solverEvalSimulations,
                         double discount, double qWeight, int snapshotInterval, long totalPositions, long seed) {
        public Config {
            atLeast("blocks", blocks, 0);
            atLeast("channels", channels, 1);
            atLeast("value-hidden", valueHidden, 1);
            atLeast("simulations", simulations, 2);
            atLeast("mcts-batch-size", mctsBatchSize, 1);
            atLeast("virtual-loss", virtualLoss, 0);
            atLeast("parallel-games", parallelGames, 1);
            atLeast("games-per-iteration", gamesPerIteration, 1);
            if (!(pbCBase > 0)) throw new IllegalArgumentException("pb-c-base must be positive but was " + pbCBase);
            if (!(pbCInit >= 0)) throw new IllegalArgumentException("pb-c-init must be >= 0 but was " + pbCInit);
            if (!(dirichletAlpha > 0)) throw new IllegalArgumentException("dirichlet-alpha must be positive but was " + dirichletAlpha);
            if (!(dirichletFraction >= 0 && dirichletFraction <= 1)) {
                throw new IllegalArgumentException("dirichlet-fraction must be in [0, 1] but was " + dirichletFraction);
            }
            atLeast("temperature-moves", temperatureMoves, 0);
            atLeast("replay-size", replaySize, 1);
            atLeast("batch-size", batchSize, 1);
            atLeast("train-steps", trainSteps, 0);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning-rate must be positive but was " + learningRate);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight-decay must be >= 0 but was " + weightDecay);
            atLeast("gating-games", gatingGames, 1);
            if (!(gatingThreshold >= 0 && gatingThreshold <= 1)) {
                throw new IllegalArgumentException("gating-threshold must be in [0, 1] but was " + gatingThreshold);
            }
            atLeast("eval-interval", evalInterval, 0);
            atLeast("eval-games", evalGames, 0);
            atLeast("eval-simulations", evalSimulations, 2);
            atLeast("eval-mcts-simulations", evalMctsSimulations, 2);
            atLeast("solver-eval-positions", solverEvalPositions, 0);
            atLeast("solver-eval-simulations", solverEvalSimulations, 0);
            if (solverEvalPositions > 0 && evalInterval == 0) {
                throw new IllegalArgumentException("solver-eval-positions (" + solverEvalPositions + ") are measured at"
                        + " the evaluations, but eval-interval is 0 (none); set eval-interval >= 1 or"
                        + " solver-eval-positions=0");
            }
            if (solverEvalSimulations == 1) {
                throw new IllegalArgumentException("solver-eval-simulations must be 0 (raw policy only) or >= 2 but was 1");
            }
            if (!(discount > 0 && discount <= 1)) {
                throw new IllegalArgumentException("discount must be in (0, 1] but was " + discount);
            }
            if (!(qWeight >= 0 && qWeight <= 1)) {
                throw new IllegalArgumentException("q-weight must be in [0, 1] but was " + qWeight);
            }
            atLeast("snapshot-interval", snapshotInterval, 0);
            if (totalPositions <= 0) {
                throw new IllegalArgumentException("total-timesteps (self-play positions) must be positive but was " + totalPositions);
            }
        }

        private static void atLeast(String name, long value, long min) {
            if (value < min) throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }

        /** The tower for {@code game}: its planes, the padded square board, its action count. */
        public AlphaZeroTower.Config tower(Game game) {
            return new AlphaZeroTower.Config(game.observationShape()[0], NetEvaluator.boardSize(game), blocks, channels,
                    game.numDistinctActions(), valueHidden);
        }

        /** The self-play search: PUCT, noise, temperature schedule, batching, tree reuse. */
        Mcts.Config selfPlaySearch(long searchSeed) {
            return new Mcts.Config(Selection.puct(pbCBase, pbCInit, 0), simulations, mctsBatchSize, virtualLoss,
                    dirichletAlpha, dirichletFraction, 1.0, temperatureMoves, true, searchSeed, discount);
        }

        /** The evaluation search: PUCT without noise, greedy. */
        Mcts.Config evalSearch(long searchSeed) {
            return new Mcts.Config(Selection.puct(pbCBase, pbCInit, 0), evalSimulations, mctsBatchSize, virtualLoss,
                    dirichletAlpha, 0, 0, 0, true, searchSeed, discount);
        }
    }

    /** Positions for training: ring buffer of observations, visit distributions and outcomes. */
    static final class Replay {
        final int capacity, obsSize, numActions;
        final float[] obs, pi, z;
        int count, cursor;

        Replay(int capacity, int obsSize, int numActions) {
            this.capacity = capacity;
            this.obsSize = obsSize;
            this.numActions = numActions;
            obs = new float[capacity * obsSize];
            pi = new float[capacity * numActions];
            z = new float[capacity];
        }

        void add(float[] observation, float[] visits, float outcome) {
            System.arraycopy(observation, 0, obs, cursor * obsSize, obsSize);
            System.arraycopy(visits, 0, pi, cursor * numActions, numActions);
            z[cursor] = outcome;
            cursor = (cursor + 1) % capacity;
            count = Math.min(count + 1, capacity);
        }
    }

    /** One self-play game in flight: its state, search, and positions waiting for the outcome. */
    private static final class SelfPlayGame {
        final State state;
        final Mcts mcts;
        final java.util.List<float[]> observations = new java.util.ArrayList<>(), policies = new java.util.ArrayList<>();
        final java.util.List<Integer> players = new java.util.ArrayList<>();
        final java.util.List<Double> rootValues = new java.util.ArrayList<>(); // the search's q, from the mover's side
        int offset;

        SelfPlayGame(State state, Mcts mcts) {
            this.state = state;
            this.mcts = mcts;
        }
    }

    /**
     * Trains on {@code game} and returns the network that self-played last (the best one with gating).
     *
     * @throws IllegalArgumentException when a checkpoint to resume from was written for another game or tower
     */
    public static AlphaZeroPolicy train(Game game, Config c, MetricsSink sink, Checkpoints checkpoints) {
        Rng rng = new Rng(c.seed());
        AlphaZeroTower.Config towerConfig = c.tower(game);
        AlphaZeroTower net = new AlphaZeroTower(towerConfig, rng.split());
        AlphaZeroTower best = c.gating() ? new AlphaZeroTower(towerConfig, new Rng(0)) : net;
        if (c.gating()) best.copyFrom(net);
        Adam optimizer = new Adam(net.parameters(), new Adam.Config(c.learningRate(), 0.9, 0.999, 1e-8, c.weightDecay(), false));
        int numActions = game.numDistinctActions(), obsSize = game.observationSize();
        Replay replay = new Replay(c.replaySize(), obsSize, numActions);
        long positions = 0, iteration = 0, games = 0;
        String tag = "alphazero " + game.id() + " " + towerConfig;
        checkpoints.policyAtStop(() -> policy(game, c, best)); // a stopped run keeps the player it had, as its model

        if (checkpoints.resumeFrom().isPresent()) {
            Checkpoints.Loaded from = checkpoints.resumeFrom().get();
            TrainingState.Reader r;
            try {
                r = TrainingState.Reader.read(from.directory().resolve(STATE_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String written = r.string("tag");
            if (!written.equals(tag)) {
                throw new IllegalArgumentException("the checkpoint in " + from.directory() + " was written by " + written
                        + " but this run is " + tag);
            }
            r.loadModule("net.", net);
            if (c.gating()) r.loadModule("best.", best);
            r.loadOptimizer("adam", optimizer);
            r.loadRng("rng", rng);
            r.floatsInto("replay.obs", replay.obs);
            r.floatsInto("replay.pi", replay.pi);
            r.floatsInto("replay.z", replay.z);
            replay.count = (int) r.getLong("replay.count");
            replay.cursor = (int) r.getLong("replay.cursor");
            positions = r.getLong("positions");
            iteration = r.getLong("iteration");
            games = r.getLong("games");
        }

        List<Position> solverSet = solverSet(game, c);
        long start = System.nanoTime(), positionsAtStart = positions;
        NetEvaluator evaluator = new NetEvaluator(game, best, c.parallelGames() * c.mctsBatchSize());
        while (positions < c.totalPositions()) {
            // 1. self-play
            SelfPlayStats played = selfPlay(game, c, evaluator, rng, c.gamesPerIteration(), replay, positions, sink);
            positions += played.positions();
            games += played.games();
            iteration++;
            sink.record(positions, "charts/replay_positions", replay.count);
            sink.record(positions, MetricsSink.SPS,
                    (positions - positionsAtStart) / Math.max(1e-9, (System.nanoTime() - start) / 1e9));

            // 2. training, with anneal-lr at lr * (1 - positions / budget) (from the positions, so a resumed run
            // continues the schedule exactly)
            if (c.annealLr()) {
                double lr = c.learningRate() * Math.max(0, 1 - (double) positions / c.totalPositions());
                optimizer.setLearningRate(lr);
                sink.record(positions, MetricsSink.LEARNING_RATE, lr);
            }
            train(game, c, net, optimizer, replay, rng, positions, sink);

            // 3. gating
            if (c.gating()) {
                double score = match(game, c, net, best, c.gatingGames(), rng.nextLong())[3];
                boolean accepted = score >= c.gatingThreshold();
                if (accepted) best.copyFrom(net);
                sink.record(positions, "charts/gating_score", score);
                sink.record(positions, "charts/gating_accepted", accepted ? 1 : 0);
            }

            // 4. evaluation
            if (c.evalInterval() > 0 && c.evalGames() > 0 && iteration % c.evalInterval() == 0) {
                evaluate(game, c, best, rng.nextLong(), positions, sink);
            }
            if (solverSet != null && iteration % c.evalInterval() == 0) {
                solverEvaluate(c, best, solverSet, positions, sink);
            }

            if (c.snapshotInterval() > 0 && iteration % c.snapshotInterval() == 0) {
                checkpoints.snapshot(positions, policy(game, c, best));
            }

            if (checkpoints.due(positions)) {
                long p = positions, it = iteration, gs = games;
                checkpoints.save(positions, dir -> {
                    TrainingState.Writer w = new TrainingState.Writer();
                    w.putString("tag", tag);
                    w.putModule("net.", net);
                    if (c.gating()) w.putModule("best.", best);
                    w.putOptimizer("adam", optimizer);
                    w.putRng("rng", rng);
                    w.put("replay.obs", replay.obs);
                    w.put("replay.pi", replay.pi);
                    w.put("replay.z", replay.z);
                    w.putLong("replay.count", replay.count);
                    w.putLong("replay.cursor", replay.cursor);
                    w.putLong("positions", p);
                    w.putLong("iteration", it);
                    w.putLong("games", gs);
                    w.write(dir.resolve(STATE_FILE));
                });
            }
        }
        return policy(game, c, best);
    }

    /** The player {@code net} makes: the evaluation search's settings (a snapshot holds the network as it is now). */
    private static AlphaZeroPolicy policy(Game game, Config c, AlphaZeroTower net) {
        return new AlphaZeroPolicy(game, net, c.evalSimulations(), c.mctsBatchSize(), c.virtualLoss(), c.pbCBase(),
                c.pbCInit(), c.discount());
    }

    /**
     * Counts of a self-play phase.
     *
     * @param games games played to the end
     * @param positions moves played (each one search)
     * @param simulations MCTS simulations run
     * @param networkCalls batched evaluator calls
     * @param evaluatedPositions leaves evaluated by the network
     */
    public record SelfPlayStats(long games, long positions, long simulations, long networkCalls, long evaluatedPositions) {}

    /**
     * Plays {@code games} self-play games with {@code tower} as {@link #train} does (without adding them to a replay):
     * for the speed figures, self-play positions and MCTS simulations per second with batched network evaluation.
     */
    public static SelfPlayStats selfPlay(Game game, Config c, AlphaZeroTower tower, int games, long seed) {
        NetEvaluator evaluator = new NetEvaluator(game, tower, c.parallelGames() * c.mctsBatchSize());
        return selfPlay(game, c, evaluator, new Rng(seed), games, null, 0, MetricsSink.none());
    }

    /**
     * Plays {@code count} games, {@link Config#parallelGames()} at a time, each round of simulations collecting the
     * leaves of every running game into one network call; adds every position to {@code replay} (when not null) once
     * its game's outcome is known.
     */
    private static SelfPlayStats selfPlay(Game game, Config c, NetEvaluator evaluator, Rng rng, int count, Replay replay,
                                          long positions, MetricsSink sink) {
        int numActions = game.numDistinctActions();
        float[] priors = new float[evaluator.capacity() * numActions];
        float[] values = new float[evaluator.capacity()];
        float[] observation = new float[game.observationSize()];
        long start = positions, calls = evaluator.calls(), evaluated = evaluator.positions(), simulations = 0;
        SelfPlayGame[] running = new SelfPlayGame[c.parallelGames()];
        int started = 0, finished = 0;
        while (finished < count) {
            for (int i = 0; i < running.length; i++) {
                if (running[i] == null && started < count) {
                    running[i] = new SelfPlayGame(game.newInitialState(), new Mcts(game, c.selfPlaySearch(rng.nextLong())));
                    running[i].mcts.startSearch(running[i].state);
                    started++;
                }
            }
            int n = 0;
            for (SelfPlayGame g : running) {
                if (g == null) continue;
                g.offset = n;
                n += g.mcts.collect(g.state, evaluator, n, c.mctsBatchSize());
            }
            if (n > 0) evaluator.evaluate(n, priors, values);
            for (int i = 0; i < running.length; i++) {
                SelfPlayGame g = running[i];
                if (g == null) continue;
                g.mcts.backup(priors, values, g.offset);
                if (!g.mcts.searchDone()) continue;
                g.state.observation(observation);
                g.observations.add(observation.clone());
                g.policies.add(g.mcts.visitDistribution());
                g.players.add(g.state.currentPlayer());
                g.rootValues.add(g.mcts.rootValue());
                int a = g.mcts.chooseAction(g.state.moveNumber());
                g.state.apply(a);
                g.mcts.advance(a);
                positions++;
                if (g.state.isTerminal()) {
                    if (replay != null) {
                        int plies = g.observations.size(); // a position per move: k is plies - k from the end
                        for (int k = 0; k < plies; k++) {
                            double z = g.state.returnFor(g.players.get(k)) * Math.pow(c.discount(), plies - k);
                            // at q-weight 0 this is z exactly: 1 * z + 0 * q (q is finite)
                            double target = (1 - c.qWeight()) * z + c.qWeight() * g.rootValues.get(k);
                            replay.add(g.observations.get(k), g.policies.get(k), (float) target);
                        }
                    }
                    sink.record(positions, "charts/game_length", g.state.moveNumber());
                    simulations += g.mcts.simulationsTotal();
                    running[i] = null;
                    finished++;
                } else {
                    g.mcts.startSearch(g.state);
                }
            }
        }
        return new SelfPlayStats(finished, positions - start, simulations, evaluator.calls() - calls,
                evaluator.positions() - evaluated);
    }

    /** {@link Config#trainSteps()} Adam steps on minibatches drawn uniformly from the replay, each under a random symmetry. */
    private static void train(Game game, Config c, AlphaZeroTower net, Adam optimizer, Replay replay, Rng rng,
                              long step, MetricsSink sink) {
        if (replay.count == 0 || c.trainSteps() == 0) return;
        int bs = c.batchSize(), numActions = replay.numActions, obsSize = replay.obsSize;
        int b = net.config().boardSize(), planes = net.config().planes(), inputSize = planes * b * b;
        int symmetries = c.augment() ? game.numSymmetries() : 1;
        float[] raw = new float[obsSize], transformed = new float[obsSize];
        double policyLoss = 0, valueLoss = 0, entropy = 0;
        net.train();
        for (int s = 0; s < c.trainSteps(); s++) {
            float[] x = new float[bs * inputSize], pi = new float[bs * numActions], z = new float[bs];
            for (int i = 0; i < bs; i++) {
                int j = rng.nextInt(replay.count);
                int k = symmetries > 1 ? rng.nextInt(symmetries) : 0;
                System.arraycopy(replay.obs, j * obsSize, raw, 0, obsSize);
                if (k != 0) {
                    game.transformObservation(k, raw, transformed);
                    NetEvaluator.pad(game, transformed, x, i * inputSize, b);
                    for (int a = 0; a < numActions; a++) {
                        pi[i * numActions + game.transformAction(k, a)] = replay.pi[j * numActions + a];
                    }
                } else {
                    NetEvaluator.pad(game, raw, x, i * inputSize, b);
                    System.arraycopy(replay.pi, j * numActions, pi, i * numActions, numActions);
                }
                z[i] = replay.z[j];
            }
            AlphaZeroTower.Output out = net.heads(Tensor.of(x, bs, planes, b, b));
            Tensor logp = out.policyLogits().logSoftmax(1);
            Tensor lp = Tensor.of(pi, bs, numActions).mul(logp).sum().mul(-1f / bs);
            Tensor lv = out.value().reshape(bs).sub(Tensor.of(z, bs)).square().mean();
            Tensor loss = lp.add(lv);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            policyLoss += lp.item();
            valueLoss += lv.item();
            float[] l = logp.toArray();
            double h = 0;
            for (float v : l) h -= Math.exp(v) * v;
            entropy += h / bs;
        }
        net.eval();
        int n = c.trainSteps();
        sink.record(step, "losses/policy_loss", policyLoss / n);
        sink.record(step, "losses/value_loss", valueLoss / n);
        sink.record(step, "losses/loss", (policyLoss + valueLoss) / n);
        sink.record(step, "charts/policy_entropy", entropy / n);
    }

    /** The network's greedy MCTS player (no noise), with its own search seed. */
    static MctsPlayer player(Game game, Config c, AlphaZeroTower tower, long seed, int temperatureMoves) {
        Mcts.Config cfg = new Mcts.Config(Selection.puct(c.pbCBase(), c.pbCInit(), 0), c.evalSimulations(),
                c.mctsBatchSize(), c.virtualLoss(), c.dirichletAlpha(), 0, 1.0, temperatureMoves, true, seed,
                c.discount());
        return new MctsPlayer(cfg, g -> new NetEvaluator(g, tower, c.mctsBatchSize()), "alphazero");
    }

    /**
     * Gating match: {@code games} games of {@code candidate} against {@code best}, alternating colours, both with the
     * first {@link Config#temperatureMoves()} moves sampled so that the games differ. Returns {wins, draws, losses,
     * score} of the candidate.
     */
    static double[] match(Game game, Config c, AlphaZeroTower candidate, AlphaZeroTower best, int games, long seed) {
        Rng r = new Rng(seed);
        return Matches.play(game, player(game, c, candidate, r.nextLong(), c.temperatureMoves()),
                player(game, c, best, r.nextLong(), c.temperatureMoves()), games);
    }

    /** Evaluation games against a random player and pure UCT MCTS, recorded as win/draw/loss rates. */
    private static void evaluate(Game game, Config c, AlphaZeroTower tower, long seed, long step, MetricsSink sink) {
        Rng r = new Rng(seed);
        GamePlayer me = player(game, c, tower, r.nextLong(), 0);
        double[] vsRandom = Matches.play(game, me, new Matches.RandomMover(r.nextLong()), c.evalGames());
        record(sink, step, "random", vsRandom, c.evalGames());
        double[] vsMcts = Matches.play(game, me, MctsPlayer.uct(c.evalMctsSimulations(), 1.0, r.nextLong()), c.evalGames());
        record(sink, step, "mcts", vsMcts, c.evalGames());
    }

    /**
     * The first {@link Config#solverEvalPositions()} positions of the built-in Connect Four set, or null when that
     * evaluation is off (no positions, or no evaluations: eval-interval 0); fails on another game.
     */
    static List<Position> solverSet(Game game, Config c) {
        if (c.solverEvalPositions() == 0) return null;
        if (!(game instanceof ConnectFour)) {
            throw new IllegalArgumentException("solver-eval-positions is for ConnectFour (the game with a solver-scored"
                    + " position set), not " + game.id() + "; set it to 0");
        }
        List<Position> all = ConnectFourPositions.builtIn();
        if (c.solverEvalPositions() > all.size()) {
            throw new IllegalArgumentException("solver-eval-positions must be at most " + all.size()
                    + " (the built-in set) but was " + c.solverEvalPositions());
        }
        return c.evalInterval() == 0 ? null : all.subList(0, c.solverEvalPositions());
    }

    /** The solver-checked accuracy of the raw policy and (with solver-eval-simulations) of a small search. */
    private static void solverEvaluate(Config c, AlphaZeroTower tower, List<Position> set, long step, MetricsSink sink) {
        Mcts.Config search = c.solverEvalSimulations() == 0 ? null
                : new Mcts.Config(Selection.puct(c.pbCBase(), c.pbCInit(), 0), c.solverEvalSimulations(),
                        c.mctsBatchSize(), c.virtualLoss(), c.dirichletAlpha(), 0, 0, 0, true, 0, c.discount());
        SolverAccuracy.Counts r = SolverAccuracy.measure(tower, set, search).all();
        sink.record(step, "eval/solver_optimal_raw", r.rawOptimalShare());
        sink.record(step, "eval/solver_outcome_raw", r.rawOutcomeShare());
        if (search != null) {
            sink.record(step, "eval/solver_optimal_search", r.searchOptimalShare());
            sink.record(step, "eval/solver_outcome_search", r.searchOutcomeShare());
        }
    }

    private static void record(MetricsSink sink, long step, String opponent, double[] wdl, int games) {
        sink.record(step, "eval/win_rate_" + opponent, wdl[0] / games);
        sink.record(step, "eval/draw_rate_" + opponent, wdl[1] / games);
        sink.record(step, "eval/loss_rate_" + opponent, wdl[2] / games);
    }
}
