package dev.bellman.algorithms.muzero;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainingState;
import dev.bellman.games.Game;
import dev.bellman.games.State;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.search.LatentTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * MuZero self-play on the two-player games of {@code bellman-games} (Tic-tac-toe, Connect Four): the board-game setting
 * of Schrittwieser et al. 2020, with the networks, the loss, the prioritised replay and the training step of
 * {@link MuZero} and a loop of games instead of env episodes.
 *
 * <p>Every move runs a two-player {@link LatentTree} search ({@code twoPlayer}: negamax, each value from the view of
 * the player to move, signs flipped between plies) of {@link MuZero.Config#simulations()} simulations from
 * {@code h(o_t)}, where {@code o_t} is the game's observation from the player to move's view; the root knows the legal
 * moves ({@link State#legalActionsMask}), the latent states below it do not. The move is sampled from the root's visit
 * counts for the first {@code temperatureMoves} moves of a game and is the most visited one after, as AlphaZero's
 * self-play. A finished game goes to the replay with, per position, the visit distribution, the root value, the legal
 * moves and the reward {@code u_{t+1}} of its mover: no intermediate rewards, the outcome for the mover (1 for a win,
 * 0 for a draw) on the last move. With the discount γ (1 for board games) and {@code tdSteps} at least the game's
 * length, the n-step value target of {@link MuZero#valueTarget}, whose terms alternate in sign between plies, is the
 * final outcome from the player to move's view, as in the paper.
 *
 * <p>The budget ({@code total-timesteps}) counts self-play positions (moves), as AlphaZero's; a game started before
 * the budget runs out is finished. Training, as {@link MuZero}'s, takes {@link MuZero.Config#gradientSteps()} steps
 * every {@link MuZero.Config#trainFrequency()} positions once {@link MuZero.Config#learningStarts()} have been played,
 * with {@link Reanalyse} when {@link MuZero.Config#reanalyseFraction()} is positive, and (with {@code augment}) each
 * sample under a random board symmetry, as AlphaZero's training; with {@code annealLr} the step size falls linearly to
 * 0 over the budget (as CleanRL's {@code anneal_lr}), so that the last networks settle.
 *
 * <p>Deviations: those of {@link MuZero} (fully connected networks on the flattened observation planes, one
 * synchronous loop, Adam); games are played one at a time.
 *
 * <p>Metrics: {@code charts/game_length}, {@code charts/first_player_return} (1, 0 or −1 per game),
 * {@code charts/root_value} (mean over a game's moves, each from its mover's view), the losses of {@link MuZero},
 * {@code charts/SPS} (self-play positions per second).
 *
 * <p>Measured (Tic-tac-toe, the tuned section of {@code hyperparams/muzero.yml}: 50 simulations, learning rate 0.005
 * annealed to 0 over 50,000 positions; one thread, a loaded machine shared with other jobs, load 7-19 on 2 cores):
 * 100 games against the perfect minimax player (random among its optimal moves), alternating colours, with the
 * policy's noise-free search: no loss for seeds 1, 2 and 3 (100 draws each), after 429 s, 565 s and 490 s of
 * training wall clock. Without annealing, seed 1 never lost from 24,000 positions on (493 s of training to get
 * there), but seeds 2 and 3 still lost 3 and 17 of 100 after 30,000. AlphaZero on the same machine right after (its
 * tuned TicTacToe section, 100 simulations, the true rules inside its tree; load 3): never lost from 728, 985 and
 * 492 positions on (seeds 1, 2, 3), after 4.9 s, 10.2 s and 5.4 s of training wall clock. The commands, back to
 * back at load 3-6, one thread: {@code ./bellman train --algo muzero --env TicTacToe --seed 1} trained in 169.7 s, and
 * {@code ./bellman arena runs/muzero-TicTacToe-s1 minimax --games 100} drew all 100 games;
 * {@code ./bellman train --algo alphazero --env TicTacToe --seed 1 --total-timesteps 1000} trained in 3.1 s and drew
 * all 100 as well. MuZeroGameTest's gated
 * {@code ticTacToe_neverLosesToMinimax_in100Games} ({@code -Dbellman.muzeroTicTacToe=true}).
 *
 * <p>Checkpoints are written between games (when {@link Checkpoints#due} says so): the networks, Adam's moments, the
 * generator, the replay with its priorities and legal moves, and the counters, so that a resumed run continues exactly
 * as the uninterrupted one. A seeded run is deterministic.
 */
public final class MuZeroGame {
    static final String STATE_FILE = "state.bin";

    private MuZeroGame() {}

    /** The networks' shapes for {@code game}: the flattened observation planes in, one policy output per action. */
    static MuZero.Architecture architecture(Game game, MuZero.Config c) {
        return new MuZero.Architecture(game.observationSize(), game.numDistinctActions(), c.hiddenSize(), c.latentSize(),
                c.supportSize(), c.rewardSupportSize(), c.simulations(), c.discount(), c.pbCBase(), c.pbCInit());
    }

    /**
     * Trains by self-play on {@code game} and returns the greedy search player.
     *
     * @param temperatureMoves moves of each game sampled from the visit counts (temperature 1); the most visited after
     * @param augment train each sample under a random board symmetry of the game ({@link Game#transformObservation},
     *        {@link Game#transformAction} on the observation, the unrolled actions and the policy targets)
     * @param annealLr anneal Adam's step size linearly from {@link MuZero.Config#learningRate()} to 0 over the budget
     * @throws IllegalArgumentException when a checkpoint to resume from was written for another game or other networks
     */
    public static MuZeroGamePolicy train(Game game, MuZero.Config c, int temperatureMoves, boolean augment,
                                         boolean annealLr, MetricsSink sink, Checkpoints checkpoints) {
        if (temperatureMoves < 0) {
            throw new IllegalArgumentException("temperature-moves must be >= 0 but was " + temperatureMoves);
        }
        MuZero.Architecture arch = architecture(game, c);
        int obsSize = arch.obsSize(), numActions = arch.numActions();
        Rng rng = new Rng(c.seed());
        MuZero.Networks net = new MuZero.Networks(arch, rng.split());
        Adam optimizer = new Adam(net.parameters(), new Adam.Config(c.learningRate(), 0.9, 0.999, 1e-8, c.weightDecay(), false));
        MuZero.Replay replay = new MuZero.Replay(c.replaySize(), obsSize, numActions, true);
        LatentTree tree = new LatentTree(numActions, c.latentSize(), c.simulations(), c.pbCBase(), c.pbCInit(),
                c.discount(), true);
        tree.setKnownBounds(-1, 1);
        MuZero.Inference inf = new MuZero.Inference(net);
        String tag = "muzero game " + game.id() + " " + arch.tag();
        long step = 0, games = 0;
        Supplier<MuZeroGamePolicy> trained = () -> new MuZeroGamePolicy(game, net);
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
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
            r.loadOptimizer("adam", optimizer);
            r.loadRng("rng", rng);
            r.floatsInto("replay.obs", replay.obs);
            r.floatsInto("replay.policy", replay.policy);
            r.floatsInto("replay.rewards", replay.rewards);
            r.floatsInto("replay.rootValues", replay.rootValues);
            r.floatsInto("replay.tailValues", replay.tailValues);
            r.intsInto("replay.actions", replay.actions);
            r.longsInto("replay.episodeEnd", replay.episodeEnd);
            r.booleansInto("replay.terminated", replay.terminated);
            r.booleansInto("replay.legal", replay.legal);
            replay.priorities.setLeaves(r.doubles("replay.priorities"));
            replay.total = r.getLong("replay.total");
            step = r.getLong("step");
            games = r.getLong("games");
        }

        long start = System.nanoTime(), stepAtStart = step;
        int[] visits = new int[numActions];
        List<float[]> epObs = new ArrayList<>(), epPolicy = new ArrayList<>();
        List<boolean[]> epLegal = new ArrayList<>();
        List<Integer> epActions = new ArrayList<>();
        List<Float> epRewards = new ArrayList<>(), epValues = new ArrayList<>();
        while (step < c.totalTimesteps()) {
            State state = game.newInitialState();
            double rootValueSum = 0;
            while (!state.isTerminal()) {
                // 1. act: search from h(o_t) with the legal moves at the root; sample, then the most visited
                float[] o = new float[obsSize];
                boolean[] legal = new boolean[numActions];
                state.observation(o);
                state.legalActionsMask(legal);
                MuZero.search(tree, inf, o, legal, c.simulations(), c.dirichletAlpha(), c.dirichletFraction(), rng);
                tree.rootVisits(visits);
                int action = state.moveNumber() < temperatureMoves ? MuZero.sampleVisits(visits, 1, rng) : MuZero.argmax(visits);
                int mover = state.currentPlayer();
                state.apply(action);
                step++;
                float[] pi = new float[numActions];
                for (int a = 0; a < numActions; a++) pi[a] = visits[a] / (float) c.simulations();
                epObs.add(o);
                epPolicy.add(pi);
                epLegal.add(legal);
                epActions.add(action);
                epRewards.add(state.isTerminal() ? (float) state.returnFor(mover) : 0f);
                epValues.add((float) tree.rootValue());
                rootValueSum += tree.rootValue();

                // 2. train (the game in flight is not in the replay yet)
                if (step >= c.learningStarts() && step % c.trainFrequency() == 0 && replay.total > 0) {
                    if (annealLr) optimizer.setLearningRate(c.learningRate() * Math.max(0, 1 - (double) step / c.totalTimesteps()));
                    MuZero.trainSteps(net, optimizer, replay, c, rng, step, sink, tree, inf, augment ? game : null);
                }
            }

            // 3. store the finished game: terminated, nothing to bootstrap from
            long first = replay.total;
            MuZero.addEpisode(replay, epObs, epPolicy, epActions, epRewards, epValues, true, 0, c);
            for (int i = 0; i < epLegal.size(); i++) {
                System.arraycopy(epLegal.get(i), 0, replay.legal, replay.slot(first + i) * numActions, numActions);
            }
            games++;
            sink.record(step, "charts/game_length", epObs.size());
            sink.record(step, "charts/first_player_return", state.returnFor(0));
            sink.record(step, "charts/root_value", rootValueSum / epObs.size());
            sink.record(step, MetricsSink.SPS, (step - stepAtStart) / Math.max(1e-9, (System.nanoTime() - start) / 1e9));
            epObs.clear();
            epPolicy.clear();
            epLegal.clear();
            epActions.clear();
            epRewards.clear();
            epValues.clear();

            // 4. checkpoint, between games only
            if (checkpoints.due(step)) {
                long st = step, gs = games;
                checkpoints.save(step, dir -> {
                    TrainingState.Writer w = new TrainingState.Writer();
                    w.putString("tag", tag);
                    w.putModule("net.", net);
                    w.putOptimizer("adam", optimizer);
                    w.putRng("rng", rng);
                    w.put("replay.obs", replay.obs);
                    w.put("replay.policy", replay.policy);
                    w.put("replay.rewards", replay.rewards);
                    w.put("replay.rootValues", replay.rootValues);
                    w.put("replay.tailValues", replay.tailValues);
                    w.put("replay.actions", replay.actions);
                    w.put("replay.episodeEnd", replay.episodeEnd);
                    w.put("replay.terminated", replay.terminated);
                    w.put("replay.legal", replay.legal);
                    w.put("replay.priorities", replay.priorities.leaves());
                    w.putLong("replay.total", replay.total);
                    w.putLong("step", st);
                    w.putLong("games", gs);
                    w.write(dir.resolve(STATE_FILE));
                });
            }
        }
        return trained.get();
    }
}
