package dev.bellman.algorithms.alphago;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainingState;
import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The AlphaGo pipeline (Silver et al. 2016, "Mastering the game of Go with deep neural networks and tree search",
 * Nature 529, Methods), scaled down to small boards, each stage a visible loop in {@link #train}:
 * <ol>
 *   <li><b>SL policy network</b> p_sigma: a convolutional network trained to predict the expert's move from expert
 *       positions (SGF records, {@link ExpertPositions}), maximising {@code log p_sigma(a|s)} on minibatches, each
 *       position under a random one of the 8 board symmetries. Its move-prediction accuracy on held-out games is
 *       {@code sl/accuracy}.</li>
 *   <li><b>Rollout policy</b> p_pi: a linear softmax over local features ({@link RolloutPolicy}), trained on the same
 *       positions; accuracy {@code rollout/accuracy} on the held-out games.</li>
 *   <li><b>RL policy network</b> p_rho: initialised to p_sigma, improved by REINFORCE, {@code Δrho ∝ Σ_t z_t ∇ log
 *       p_rho(a_t|s_t)} over the moves of games against an opponent drawn at random from a pool of earlier snapshots
 *       of p_rho (one opponent per minibatch of games, p_rho's colour alternating), a snapshot added to the pool every
 *       {@link Config#rlPoolInterval()} iterations.</li>
 *   <li><b>Value network</b> v_theta: regressed by mean squared error on {@code (s, z)}, one position drawn uniformly
 *       from each self-play game of p_rho against itself, so that the training positions are not correlated.</li>
 *   <li><b>Search</b>: {@link AlphaGoPolicy} searches with the existing {@link dev.bellman.search.Mcts}, PUCT with
 *       constant {@code c_puct}, SL priors and leaf value {@code (1 - lambda) v_theta(s) + lambda z_rollout}
 *       ({@link AlphaGoEvaluator}).</li>
 * </ol>
 *
 * <p>Symbols: {@code sigma}, {@code pi}, {@code rho}, {@code theta} as in the paper; {@code z} the game's outcome for
 * the player to move (+1 win, -1 loss); {@code lambda} = {@link Config#lambda()}.
 *
 * <p><b>Budget</b>: {@code total-timesteps} counts the self-play positions (moves) of stages 3 and 4 together:
 * stage 3 plays until {@link Config#rlFraction()} of them, stage 4 the rest (so its games number about the rest
 * divided by the game length, one training position each). Stages 1 and 2 run {@link Config#slSteps()} minibatch steps
 * and {@link Config#rolloutEpochs()} passes over the expert positions. The metrics' step is the self-play positions so
 * far (0 during stages 1 and 2).
 *
 * <p><b>Deviations</b> from the paper, for 9×9 on a CPU:
 * <ol>
 *   <li>The networks are Bellman's {@link AlphaZeroTower} (a 3×3 convolution stem and residual blocks with batch norm,
 *       {@link Config#blocks()} and {@link Config#channels()}) rather than 13 plain convolutional layers of 192
 *       filters; the policy networks use its policy head and the value network its value head (the other head is
 *       unused).</li>
 *   <li>13 input planes ({@link Board#PLANES}) rather than 48: stones, liberties 1/2/3+, legality, last move, ones,
 *       colour to move; no ladder, turns-since or capture-size features.</li>
 *   <li>The rollout policy's features are a 3×3 pattern (also as a response pattern next to the last move), capture,
 *       save-atari, atari, empty neighbours, edge distance and distance to the last move, not the paper's 12-point
 *       diamond with liberties; it never fills its own eye-like points and passes only when nothing else is left.</li>
 *   <li>Adam (with L2 {@code weight-decay}) rather than plain SGD with a stepped learning rate in every stage.</li>
 *   <li>REINFORCE without a baseline in every iteration (the paper used one only in a second pass) and games of a
 *       fixed number {@link Config#rlGamesPerIteration()} per minibatch (the paper: 128).</li>
 *   <li>Value positions come from p_rho self-play throughout; the paper played p_sigma up to a random move U, a random
 *       move at U, then p_rho, and used 30 million games.</li>
 *   <li>Resignation, the asynchronous search with a GPU queue, the expansion threshold and tree-policy patterns are
 *       left out; the search is the synchronous batched {@code Mcts} with one virtual loss.</li>
 * </ol>
 *
 * <p><b>Measured</b> (2026-12-05, the 2-core machine loaded to a load average of 9-12, so per CPU second; one thread;
 * default networks on 9×9, 20 GNU Go level-1 games): {@code BELLMAN_JAVA_OPTS=-Dbellman.threads=1 ./bellman train
 * --algo alphago --env Go9x9 --demos DIR --total-timesteps 2000 --set sl-steps=100 --set eval-interval=50 --set
 * rollout-epochs=1 --set value-steps=100}: 63 s wall, 10.7 s user CPU; about 13 SL steps, 1,400 REINFORCE positions,
 * 8,000 value-data positions and 45 value steps per CPU second. On the 30 committed 7×7 level-1 games (24 for
 * training) 30 SL steps already predict the held-out moves above three times chance ({@code AlphaGoTest}).
 *
 * <p><b>Checkpoints</b> ({@link Checkpoints}): in the self-play stages 3 and 4 whenever one is due by self-play
 * positions, and in every stage when a stop is requested (stages 1, 2 and the value network's training do not advance
 * the step, so a run killed there repeats the stage from its start, or from the last stop). A checkpoint holds the
 * stage and its loop's counters, every network with its Adam state, the rollout weights and the order of their
 * epochs, the opponent pool, the value positions and the generator, so a resumed run ends with the metrics and
 * program of the uninterrupted one. A stopped run hands out the program it has; before the value network is trained
 * that program values its leaves by rollouts alone ({@code lambda} 1).
 *
 * <p>Metrics: {@code sl/loss}, {@code sl/train_accuracy}, {@code sl/accuracy} (held out), {@code rollout/log_likelihood},
 * {@code rollout/train_accuracy}, {@code rollout/accuracy} (held out), {@code rl/loss}, {@code rl/win_rate} (p_rho
 * against the pool), {@code rl/game_length}, {@code rl/pool_size}, {@code value/loss}, {@code value/test_mse} (on held-out
 * value positions), {@code value/positions}, {@code charts/SPS} (self-play positions per second).
 */
public final class AlphaGo {
    private AlphaGo() {}

    /**
     * The hyperparameters, validated.
     *
     * @param demos the SGF file or directory of SGF files with the expert games
     * @param blocks residual blocks of the policy networks
     * @param channels filters per convolution of the policy networks
     * @param valueBlocks residual blocks of the value network
     * @param valueChannels filters per convolution of the value network
     * @param valueHidden width of the value head's hidden layer
     * @param holdout the share of expert games held out for the accuracies (at least one game when there are two)
     * @param batchSize positions per gradient step in every network stage
     * @param slSteps gradient steps of the SL policy
     * @param slLearningRate Adam's step size for p_sigma
     * @param weightDecay L2 regularisation (Adam's weight_decay) of every network
     * @param augment train each position under a random one of the 8 symmetries
     * @param evalInterval SL steps between held-out accuracy measurements
     * @param rolloutEpochs passes of the rollout policy's SGD over the expert positions
     * @param rolloutLearningRate the rollout policy's SGD step
     * @param rlFraction the share of total-timesteps (self-play positions) spent on REINFORCE, the rest on value data
     * @param rlGamesPerIteration games per REINFORCE minibatch, played together
     * @param rlLearningRate Adam's step size for p_rho
     * @param rlPoolInterval iterations between snapshots of p_rho added to the opponent pool
     * @param valueSteps gradient steps of the value network
     * @param valueLearningRate Adam's step size for v_theta
     * @param lambda the rollout share of the leaf value
     * @param simulations MCTS simulations per move of the trained program
     * @param mctsBatchSize leaves per network call in the search
     * @param cPuct the search's exploration constant (the paper: 5)
     * @param totalPositions self-play positions of stages 3 and 4
     * @param seed the run's seed
     */
    public record Config(Path demos, int blocks, int channels, int valueBlocks, int valueChannels, int valueHidden,
                         double holdout, int batchSize, int slSteps, double slLearningRate, double weightDecay,
                         boolean augment, int evalInterval, int rolloutEpochs, double rolloutLearningRate,
                         double rlFraction, int rlGamesPerIteration, double rlLearningRate, int rlPoolInterval,
                         int valueSteps, double valueLearningRate, double lambda, int simulations, int mctsBatchSize,
                         double cPuct, long totalPositions, long seed) {
        public Config {
            if (demos == null || demos.toString().isEmpty()) {
                throw new IllegalArgumentException("alphago learns its first stages from expert games: give --demos DIR"
                        + " (SGF files, e.g. written by 'bellman go-records --out DIR')");
            }
            atLeast("blocks", blocks, 0);
            atLeast("channels", channels, 1);
            atLeast("value-blocks", valueBlocks, 0);
            atLeast("value-channels", valueChannels, 1);
            atLeast("value-hidden", valueHidden, 1);
            if (!(holdout >= 0 && holdout < 1)) throw new IllegalArgumentException("holdout must be in [0, 1) but was " + holdout);
            atLeast("batch-size", batchSize, 1);
            atLeast("sl-steps", slSteps, 0);
            positive("sl-learning-rate", slLearningRate);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight-decay must be >= 0 but was " + weightDecay);
            atLeast("eval-interval", evalInterval, 1);
            atLeast("rollout-epochs", rolloutEpochs, 0);
            positive("rollout-learning-rate", rolloutLearningRate);
            if (!(rlFraction >= 0 && rlFraction <= 1)) {
                throw new IllegalArgumentException("rl-fraction must be in [0, 1] but was " + rlFraction);
            }
            atLeast("rl-games-per-iteration", rlGamesPerIteration, 1);
            positive("rl-learning-rate", rlLearningRate);
            atLeast("rl-pool-interval", rlPoolInterval, 1);
            atLeast("value-steps", valueSteps, 0);
            positive("value-learning-rate", valueLearningRate);
            if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be in [0, 1] but was " + lambda);
            atLeast("simulations", simulations, 2);
            atLeast("mcts-batch-size", mctsBatchSize, 1);
            positive("c-puct", cPuct);
            if (totalPositions <= 0) {
                throw new IllegalArgumentException("total-timesteps (self-play positions) must be positive but was "
                        + totalPositions);
            }
        }

        private static void atLeast(String name, long value, long min) {
            if (value < min) throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }

        private static void positive(String name, double value) {
            if (!(value > 0)) throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }

    /** The tower of the networks on an N×N board: {@link Board#PLANES} planes in, N·N + 1 move logits out. */
    static AlphaZeroTower.Config towerConfig(int size, int blocks, int channels, int valueHidden) {
        return new AlphaZeroTower.Config(Board.PLANES, size, blocks, channels, size * size + 1, valueHidden);
    }

    /** Trains every stage on {@code game} and returns the AlphaGo program (no checkpoints). */
    public static AlphaGoPolicy train(GoGame game, Config c, MetricsSink sink) {
        return train(game, c, sink, Checkpoints.none());
    }

    /**
     * Trains every stage on {@code game} with {@code checkpoints} (resuming from one when it has one) and returns the
     * AlphaGo program.
     *
     * @throws IllegalArgumentException when a checkpoint to resume from was written for another game or networks
     */
    public static AlphaGoPolicy train(GoGame game, Config c, MetricsSink sink, Checkpoints checkpoints) {
        List<ExpertPositions.Game> games = ExpertPositions.read(c.demos(), game);
        return train(game, c, games, sink, checkpoints);
    }

    static AlphaGoPolicy train(GoGame game, Config c, List<ExpertPositions.Game> games, MetricsSink sink) {
        return train(game, c, games, sink, Checkpoints.none());
    }

    static AlphaGoPolicy train(GoGame game, Config c, List<ExpertPositions.Game> games, MetricsSink sink,
                               Checkpoints checkpoints) {
        Rng rng = new Rng(c.seed());
        int n = game.size();
        // held-out split by game (positions of one game are correlated)
        int held = games.size() < 2 ? 0 : Math.max(1, (int) Math.round(c.holdout() * games.size()));
        if (c.holdout() == 0) held = 0;
        List<ExpertPositions.Position> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < games.size(); i++) (i < games.size() - held ? train : test).addAll(games.get(i).positions());
        if (train.isEmpty()) throw new IllegalArgumentException("the expert games hold no training positions");

        AlphaZeroTower sl = new AlphaZeroTower(towerConfig(n, c.blocks(), c.channels(), 1), rng.split());
        Adam slOpt = new Adam(sl.parameters(),
                new Adam.Config(c.slLearningRate(), 0.9, 0.999, 1e-8, c.weightDecay(), false));
        RolloutPolicy rollout = new RolloutPolicy(n);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        AlphaZeroTower rho = new AlphaZeroTower(sl.config(), new Rng(0));
        Adam rlOpt = new Adam(rho.parameters(),
                new Adam.Config(c.rlLearningRate(), 0.9, 0.999, 1e-8, c.weightDecay(), false));
        List<AlphaZeroTower> pool = new ArrayList<>();
        List<Sample> valueData = new ArrayList<>();
        Progress at = new Progress();
        String tag = "alphago " + game.id() + " " + sl.config() + " " + valueConfig(n, c) + " " + train.size();
        Runnable save = () -> checkpoints.save(at.positions, dir -> {
            TrainingState.Writer w = new TrainingState.Writer();
            w.putString("tag", tag);
            at.write(w);
            w.putModule("sl.", sl);
            w.putOptimizer("sl_adam", slOpt);
            w.put("rollout.weights", rollout.weights);
            w.put("rollout.order", order);
            w.putModule("rho.", rho);
            w.putOptimizer("rl_adam", rlOpt);
            w.putLong("pool.size", pool.size());
            for (int i = 0; i < pool.size(); i++) w.putModule("pool." + i + ".", pool.get(i));
            putSamples(w, "value_data", valueData);
            if (at.value != null) {
                w.putModule("value.", at.value);
                w.putOptimizer("value_adam", at.valueOpt);
            }
            w.putRng("rng", rng);
            w.write(dir.resolve(STATE_FILE));
        });
        // a stopped run keeps the program it has: before the value network is trained, rollouts alone value the leaves
        // (the untrained network it saves has weight 0); p_rho exists from stage 3 on
        checkpoints.policyAtStop(() -> new AlphaGoPolicy(game, sl, at.stage > VALUE ? at.value
                : new AlphaZeroTower(valueConfig(n, c), new Rng(0)), at.stage >= RL ? rho : null, rollout,
                c.simulations(), c.mctsBatchSize(), at.stage > VALUE ? c.lambda() : 1, c.cPuct()));

        if (checkpoints.resumeFrom().isPresent()) {
            Path from = checkpoints.resumeFrom().get().directory();
            TrainingState.Reader r;
            try {
                r = TrainingState.Reader.read(from.resolve(STATE_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!r.string("tag").equals(tag)) {
                throw new IllegalArgumentException("the checkpoint in " + from + " was written by " + r.string("tag")
                        + " but this run is " + tag);
            }
            at.read(r);
            r.loadModule("sl.", sl);
            r.loadOptimizer("sl_adam", slOpt);
            r.floatsInto("rollout.weights", rollout.weights);
            r.intsInto("rollout.order", order);
            r.loadModule("rho.", rho);
            r.loadOptimizer("rl_adam", rlOpt);
            for (int i = 0; i < r.getLong("pool.size"); i++) {
                AlphaZeroTower t = new AlphaZeroTower(sl.config(), new Rng(0));
                r.loadModule("pool." + i + ".", t);
                t.eval();
                pool.add(t);
            }
            valueData.addAll(samples(r, "value_data", n));
            if (at.stage >= VALUE) {
                at.value = new AlphaZeroTower(valueConfig(n, c), new Rng(0));
                at.valueOpt = valueOptimizer(c, at.value);
                r.loadModule("value.", at.value);
                r.loadOptimizer("value_adam", at.valueOpt);
            }
            r.loadRng("rng", rng);
        } else {
            sink.record(0, "sl/train_positions", train.size());
            sink.record(0, "sl/test_positions", test.size());
        }

        // ------------------------------------------------------------ 1. SL policy network p_sigma
        // (a checkpoint in the stages without self-play, 1, 2 and the value network's training, is written only when a
        // stop is requested: their step, the self-play positions, does not advance)
        while (at.stage == SL && at.step < c.slSteps()) {
            List<Sample> batch = new ArrayList<>(c.batchSize());
            for (int i = 0; i < c.batchSize(); i++) {
                ExpertPositions.Position p = train.get(rng.nextInt(train.size()));
                batch.add(new Sample(p.board(), p.move(), 1f));
            }
            double[] r = policyStep(game, sl, slOpt, batch, c.augment(), rng); // maximise log p_sigma(a|s)
            at.lossSum += r[0];
            at.hitSum += r[1];
            at.since++;
            int step = ++at.step;
            if (step % c.evalInterval() == 0 || step == c.slSteps()) {
                sink.record(0, "sl/loss", at.lossSum / at.since);
                sink.record(0, "sl/train_accuracy", at.hitSum / at.since);
                if (!test.isEmpty()) sink.record(0, "sl/accuracy", accuracy(sl, test));
                sink.record(0, "sl/step", step);
                at.lossSum = at.hitSum = at.since = 0;
            }
            if (checkpoints.due(at.positions)) save.run();
        }
        if (at.stage == SL) {
            if (c.slSteps() == 0 && !test.isEmpty()) sink.record(0, "sl/accuracy", accuracy(sl, test));
            at.next(ROLLOUT);
        }

        // ------------------------------------------------------------ 2. rollout policy p_pi
        while (at.stage == ROLLOUT && at.epoch < c.rolloutEpochs()) {
            rng.shuffle(order);
            double ll = 0;
            int counted = 0;
            for (int i : order) {
                ExpertPositions.Position p = train.get(i);
                int k = c.augment() ? rng.nextInt(8) : 0;
                double l = rollout.trainStep(p.board().transform(game, k), game.transformAction(k, p.move()),
                        (float) c.rolloutLearningRate());
                if (!Double.isNaN(l)) {
                    ll += l;
                    counted++;
                }
            }
            int epoch = ++at.epoch;
            sink.record(0, "rollout/log_likelihood", counted == 0 ? 0 : ll / counted);
            sink.record(0, "rollout/train_accuracy", rollout.accuracy(train));
            if (!test.isEmpty()) sink.record(0, "rollout/accuracy", rollout.accuracy(test));
            sink.record(0, "rollout/epoch", epoch);
            if (checkpoints.due(at.positions)) save.run();
        }
        if (at.stage == ROLLOUT) {
            if (c.rolloutEpochs() == 0 && !test.isEmpty()) sink.record(0, "rollout/accuracy", rollout.accuracy(test));
            rho.copyFrom(sl);
            pool.add(snapshot(sl));
            at.next(RL);
        }

        // ------------------------------------------------------------ 3. RL policy network p_rho (REINFORCE vs a pool)
        long rlBudget = Math.round(c.rlFraction() * c.totalPositions()), positionsAtStart = at.positions;
        long start = System.nanoTime();
        while (at.stage == RL && at.positions < rlBudget) {
            AlphaZeroTower opponent = pool.get(rng.nextInt(pool.size()));
            List<Sample> samples = new ArrayList<>();
            SelfPlay played = selfPlay(game, rho, opponent, c.rlGamesPerIteration(), rng, samples, null);
            long positions = at.positions += played.positions;
            at.iteration++;
            double loss = 0;
            int steps = 0;
            for (int from = 0; from < samples.size(); from += c.batchSize()) { // Δrho ∝ Σ z_t ∇ log p_rho(a_t|s_t)
                loss += policyStep(game, rho, rlOpt, samples.subList(from, Math.min(samples.size(), from + c.batchSize())),
                        c.augment(), rng)[0];
                steps++;
            }
            if (at.iteration % c.rlPoolInterval() == 0) pool.add(snapshot(rho));
            sink.record(positions, "rl/loss", steps == 0 ? 0 : loss / steps);
            sink.record(positions, "rl/win_rate", played.winsA / (double) c.rlGamesPerIteration());
            sink.record(positions, "rl/game_length", played.positions / (double) c.rlGamesPerIteration());
            sink.record(positions, "rl/pool_size", pool.size());
            sink.record(positions, MetricsSink.SPS, sps(positions - positionsAtStart, start));
            if (checkpoints.due(positions)) save.run();
        }
        if (at.stage == RL) {
            at.valueStart = at.positions;
            at.next(VALUE_DATA);
        }

        // ------------------------------------------------------------ 4. value network v_theta
        while (at.stage == VALUE_DATA && at.positions - at.valueStart < c.totalPositions() - rlBudget) {
            // one position per self-play game of p_rho
            SelfPlay played = selfPlay(game, rho, rho, c.rlGamesPerIteration(), rng, null, valueData);
            long positions = at.positions += played.positions;
            sink.record(positions, "value/positions", valueData.size());
            sink.record(positions, MetricsSink.SPS, sps(positions - positionsAtStart, start));
            if (checkpoints.due(positions)) save.run();
        }
        if (at.stage == VALUE_DATA) {
            at.value = new AlphaZeroTower(valueConfig(n, c), rng.split());
            at.valueOpt = valueOptimizer(c, at.value);
            at.next(VALUE);
        }
        int valueHeld = valueData.size() < 10 ? 0 : valueData.size() / 10;
        List<Sample> valueTrain = valueData.subList(0, valueData.size() - valueHeld);
        List<Sample> valueTest = valueData.subList(valueData.size() - valueHeld, valueData.size());
        while (at.stage == VALUE && at.step < c.valueSteps() && !valueTrain.isEmpty()) {
            List<Sample> batch = new ArrayList<>(c.batchSize());
            for (int i = 0; i < c.batchSize(); i++) batch.add(valueTrain.get(rng.nextInt(valueTrain.size())));
            // minimise (z - v_theta(s))^2
            at.lossSum += valueStep(game, at.value, at.valueOpt, batch, c.augment(), rng);
            at.since++;
            int step = ++at.step;
            if (step % c.evalInterval() == 0 || step == c.valueSteps()) {
                sink.record(at.positions, "value/loss", at.lossSum / at.since);
                if (!valueTest.isEmpty()) sink.record(at.positions, "value/test_mse", valueMse(at.value, valueTest));
                at.lossSum = at.since = 0;
            }
            if (checkpoints.due(at.positions)) save.run();
        }
        at.next(DONE);

        // ------------------------------------------------------------ 5. the program: MCTS with p_sigma, v_theta, p_pi
        return new AlphaGoPolicy(game, sl, at.value, rho, rollout, c.simulations(), c.mctsBatchSize(), c.lambda(),
                c.cPuct());
    }

    /** The file of a checkpoint that holds the run's state ({@link TrainingState}). */
    static final String STATE_FILE = "state.bin";
    /** The stages of {@link #train} in order (then {@code DONE}); a checkpoint records the one it was written in. */
    private static final int SL = 0, ROLLOUT = 1, RL = 2, VALUE_DATA = 3, VALUE = 4, DONE = 5;

    /**
     * Where a run is: its stage, the counters of the stage's loop, and the value network (made, from the run's
     * generator, when its stage begins). With the networks, optimizers, pool, value positions and generator, what a
     * checkpoint holds.
     */
    private static final class Progress {
        int stage = SL;
        /** Self-play positions so far (the run's global step), REINFORCE iterations, positions when stage 4 began. */
        long positions, iteration, valueStart;
        /** Gradient steps done in the SL or the value stage, and rollout epochs done. */
        int step, epoch;
        /** The running sums of the current reporting window of the SL or the value stage, and its steps. */
        double lossSum, hitSum;
        int since;
        AlphaZeroTower value;
        Adam valueOpt;

        void next(int stage) {
            this.stage = stage;
            step = since = 0;
            lossSum = hitSum = 0;
        }

        void write(TrainingState.Writer w) {
            w.putLong("stage", stage);
            w.putLong("positions", positions);
            w.putLong("iteration", iteration);
            w.putLong("value_start", valueStart);
            w.putLong("step", step);
            w.putLong("epoch", epoch);
            w.putDouble("loss_sum", lossSum);
            w.putDouble("hit_sum", hitSum);
            w.putLong("since", since);
        }

        void read(TrainingState.Reader r) {
            stage = (int) r.getLong("stage");
            positions = r.getLong("positions");
            iteration = r.getLong("iteration");
            valueStart = r.getLong("value_start");
            step = (int) r.getLong("step");
            epoch = (int) r.getLong("epoch");
            lossSum = r.getDouble("loss_sum");
            hitSum = r.getDouble("hit_sum");
            since = (int) r.getLong("since");
        }
    }

    private static AlphaZeroTower.Config valueConfig(int n, Config c) {
        return towerConfig(n, c.valueBlocks(), c.valueChannels(), c.valueHidden());
    }

    private static Adam valueOptimizer(Config c, AlphaZeroTower value) {
        return new Adam(value.parameters(), new Adam.Config(c.valueLearningRate(), 0.9, 0.999, 1e-8, c.weightDecay(),
                false));
    }

    private static double sps(long positions, long startNanos) {
        return positions / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    /** {@code samples} as five arrays under {@code name}: boards' points, last moves and colours, moves, weights. */
    private static void putSamples(TrainingState.Writer w, String name, List<Sample> samples) {
        int m = samples.size(), n2 = m == 0 ? 0 : samples.get(0).board().points().length;
        byte[] points = new byte[m * n2];
        int[] last = new int[m], move = new int[m];
        boolean[] black = new boolean[m];
        float[] z = new float[m];
        for (int i = 0; i < m; i++) {
            Sample s = samples.get(i);
            System.arraycopy(s.board().points(), 0, points, i * n2, n2);
            last[i] = s.board().lastMove();
            black[i] = s.board().blackToMove();
            move[i] = s.move();
            z[i] = s.z();
        }
        w.put(name + ".points", points);
        w.put(name + ".last_move", last);
        w.put(name + ".black_to_move", black);
        w.put(name + ".move", move);
        w.put(name + ".z", z);
    }

    /** The samples {@link #putSamples} wrote, on an N×N board. */
    private static List<Sample> samples(TrainingState.Reader r, String name, int n) {
        byte[] points = r.bytes(name + ".points");
        int[] last = r.ints(name + ".last_move"), move = r.ints(name + ".move");
        boolean[] black = r.booleans(name + ".black_to_move");
        float[] z = r.floats(name + ".z");
        List<Sample> out = new ArrayList<>(move.length);
        for (int i = 0; i < move.length; i++) {
            byte[] b = java.util.Arrays.copyOfRange(points, i * n * n, (i + 1) * n * n);
            out.add(new Sample(new Board(n, b, last[i], black[i]), move[i], z[i]));
        }
        return out;
    }

    /** A training example: a position, a move and its weight (1 for SL; z for REINFORCE; the target for the value). */
    record Sample(Board board, int move, float z) {}

    private static AlphaZeroTower snapshot(AlphaZeroTower net) {
        AlphaZeroTower copy = new AlphaZeroTower(net.config(), new Rng(0));
        copy.copyFrom(net);
        copy.eval();
        return copy;
    }

    /**
     * One Adam step on {@code -(1/B) Σ z_i log p(a_i|s_i)} (the SL log-likelihood with z = 1, REINFORCE with z the
     * outcome); returns {loss, share of positions whose arg max over all moves is a_i}.
     */
    static double[] policyStep(GoGame game, AlphaZeroTower net, Adam opt, List<Sample> batch, boolean augment, Rng rng) {
        int n = game.size(), bs = batch.size(), numActions = n * n + 1, in = Board.PLANES * n * n;
        float[] x = new float[bs * in], w = new float[bs * numActions];
        int[] target = new int[bs];
        for (int i = 0; i < bs; i++) {
            Sample s = batch.get(i);
            int k = augment ? rng.nextInt(8) : 0;
            s.board().transform(game, k).planes(x, i * in);
            target[i] = game.transformAction(k, s.move());
            w[i * numActions + target[i]] = s.z();
        }
        net.train();
        Tensor logp = net.heads(Tensor.of(x, bs, Board.PLANES, n, n)).policyLogits().logSoftmax(1);
        Tensor loss = Tensor.of(w, bs, numActions).mul(logp).sum().mul(-1f / bs);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        net.eval();
        float[] l = logp.toArray();
        int hits = 0;
        for (int i = 0; i < bs; i++) {
            int best = 0;
            for (int a = 1; a < numActions; a++) if (l[i * numActions + a] > l[i * numActions + best]) best = a;
            if (best == target[i]) hits++;
        }
        return new double[] {loss.item(), (double) hits / bs};
    }

    /** One Adam step on the value network's {@code mean (z - v_theta(s))^2}; returns the loss. */
    static double valueStep(GoGame game, AlphaZeroTower net, Adam opt, List<Sample> batch, boolean augment, Rng rng) {
        int n = game.size(), bs = batch.size(), in = Board.PLANES * n * n;
        float[] x = new float[bs * in], z = new float[bs];
        for (int i = 0; i < bs; i++) {
            Sample s = batch.get(i);
            s.board().transform(game, augment ? rng.nextInt(8) : 0).planes(x, i * in);
            z[i] = s.z();
        }
        net.train();
        Tensor loss = net.heads(Tensor.of(x, bs, Board.PLANES, n, n)).value().reshape(bs).sub(Tensor.of(z, bs)).square()
                .mean();
        opt.zeroGrad();
        loss.backward();
        opt.step();
        net.eval();
        return loss.item();
    }

    /**
     * The share of {@code positions} where the network's most probable legal move (pass always legal) is the
     * expert's: the paper's move-prediction accuracy.
     */
    static double accuracy(AlphaZeroTower net, List<ExpertPositions.Position> positions) {
        if (positions.isEmpty()) return Double.NaN;
        int n = net.config().boardSize(), in = Board.PLANES * n * n, numActions = n * n + 1, hits = 0;
        for (int from = 0; from < positions.size(); from += 256) {
            int bs = Math.min(256, positions.size() - from);
            float[] x = new float[bs * in];
            for (int i = 0; i < bs; i++) positions.get(from + i).board().planes(x, i * in);
            float[] logits = AlphaGoEvaluator.forward(net, Tensor.of(x, bs, Board.PLANES, n, n)).policyLogits().toArray();
            for (int i = 0; i < bs; i++) {
                ExpertPositions.Position p = positions.get(from + i);
                if (bestLegal(logits, i * numActions, p.board()) == p.move()) hits++;
            }
        }
        return (double) hits / positions.size();
    }

    private static int bestLegal(float[] logits, int offset, Board board) {
        int n2 = board.size() * board.size(), best = n2;
        for (int a = 0; a < n2; a++) {
            if (Board.legal(board.points()[a]) && logits[offset + a] > logits[offset + best]) best = a;
        }
        return best;
    }

    /** The value network's mean squared error on {@code samples}. */
    static double valueMse(AlphaZeroTower net, List<Sample> samples) {
        int n = net.config().boardSize(), in = Board.PLANES * n * n;
        double se = 0;
        for (int from = 0; from < samples.size(); from += 256) {
            int bs = Math.min(256, samples.size() - from);
            float[] x = new float[bs * in];
            for (int i = 0; i < bs; i++) samples.get(from + i).board().planes(x, i * in);
            float[] v = AlphaGoEvaluator.forward(net, Tensor.of(x, bs, Board.PLANES, n, n)).value().toArray();
            for (int i = 0; i < bs; i++) {
                double d = v[i] - samples.get(from + i).z();
                se += d * d;
            }
        }
        return se / samples.size();
    }

    /** Counts of a batch of self-play games. */
    static final class SelfPlay {
        long positions;
        int winsA;
        final List<GoState> ends = new ArrayList<>();
    }

    /**
     * Plays {@code count} games of {@code a} against {@code b} together (a is Black in the even games), each move drawn
     * from the network's softmax over the legal moves (pass always legal); one forward pass per network per round.
     * Adds a's moves with a's outcome to {@code policySamples} (REINFORCE) and one uniformly drawn position per game with
     * its mover's outcome to {@code valueSamples}, when they are not null.
     */
    static SelfPlay selfPlay(GoGame game, AlphaZeroTower a, AlphaZeroTower b, int count, Rng rng,
                             List<Sample> policySamples, List<Sample> valueSamples) {
        int n = game.size(), in = Board.PLANES * n * n, numActions = n * n + 1;
        GoState[] states = new GoState[count];
        List<List<Sample>> trajectories = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            states[g] = game.newInitialState();
            trajectories.add(new ArrayList<>());
        }
        SelfPlay out = new SelfPlay();
        float[] x = new float[count * in];
        Board[] boards = new Board[count];
        int[] idx = new int[count];
        boolean running = true;
        while (running) {
            running = false;
            for (int side = 0; side < 2; side++) { // side 0: the games where a is to move
                AlphaZeroTower net = side == 0 ? a : b;
                int m = 0;
                for (int g = 0; g < count; g++) {
                    if (states[g].isTerminal()) continue;
                    boolean aToMove = states[g].mover() == g % 2;
                    if (aToMove != (side == 0)) continue;
                    boards[m] = Board.of(states[g]);
                    boards[m].planes(x, m * in);
                    idx[m++] = g;
                }
                if (m == 0) continue;
                running = true;
                float[] logits = AlphaGoEvaluator.forward(net, Tensor.of(java.util.Arrays.copyOf(x, m * in), m,
                        Board.PLANES, n, n)).policyLogits().toArray();
                for (int i = 0; i < m; i++) {
                    int g = idx[i];
                    int move = sampleLegal(logits, i * numActions, boards[i], rng);
                    trajectories.get(g).add(new Sample(boards[i], move, side == 0 ? 1 : 0));
                    states[g].apply(move);
                    out.positions++;
                }
            }
        }
        for (int g = 0; g < count; g++) {
            GoState s = states[g];
            out.ends.add(s);
            double zA = s.returnFor(g % 2); // a plays Black (player 0) in even games
            if (zA > 0) out.winsA++;
            List<Sample> t = trajectories.get(g);
            if (policySamples != null) {
                for (Sample smp : t) if (smp.z() == 1) policySamples.add(new Sample(smp.board(), smp.move(), (float) zA));
            }
            if (valueSamples != null && !t.isEmpty()) {
                int u = rng.nextInt(t.size());
                Sample smp = t.get(u);
                int mover = smp.board().blackToMove() ? 0 : 1;
                valueSamples.add(new Sample(smp.board(), smp.move(), (float) s.returnFor(mover)));
            }
        }
        return out;
    }

    /** A move drawn from the softmax of {@code logits} over the legal points of {@code board} and pass. */
    static int sampleLegal(float[] logits, int offset, Board board, Rng rng) {
        int n2 = board.size() * board.size();
        float max = logits[offset + n2];
        for (int a = 0; a < n2; a++) if (Board.legal(board.points()[a])) max = Math.max(max, logits[offset + a]);
        double sum = 0;
        double[] p = new double[n2 + 1];
        for (int a = 0; a <= n2; a++) {
            if (a < n2 && !Board.legal(board.points()[a])) continue;
            p[a] = Math.exp(logits[offset + a] - max);
            sum += p[a];
        }
        double u = rng.nextDouble() * sum;
        for (int a = 0; a < n2; a++) {
            u -= p[a];
            if (p[a] > 0 && u < 0) return a;
        }
        return n2;
    }

}
