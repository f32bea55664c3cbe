package dev.bellman.cli;

import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;

import dev.bellman.games.go.GoGame;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A match between two {@link GamePlayer}s: {@code games} games, colours alternating (A moves first in games 1, 3, 5,
 * ...), from one opening or from one per game ({@link #randomOpening}: a new one for each pair of games, so that each
 * is played once with each colour); both players are told every move, the opening's included. Any {@code GamePlayer}
 * takes part (a GTP engine for Go as well, {@link GtpPlayer}), so the match knows nothing of how moves are chosen. A
 * player that returns {@link GamePlayer#RESIGN} loses the game there; otherwise the game's own result decides (area
 * scoring for Go).
 */
final class Arena {
    private Arena() {}

    /**
     * One game.
     *
     * @param number from 1
     * @param aFirst whether A moved first
     * @param opening the opening's moves (from the empty board), in the game's notation
     * @param moves the moves after the opening, in the game's notation
     * @param resultForA +1 a win of A, 0 a draw, -1 a loss of A
     * @param end the final position
     * @param resigned the player (0 first, 1 second) who resigned ({@link GamePlayer#RESIGN}), or -1
     */
    record Record(int number, boolean aFirst, List<String> opening, List<String> moves, int resultForA, State end,
                  int resigned) {
        /** "1-0", "1/2-1/2" or "0-1", first player's result first (PGN's convention). */
        String result() {
            int first = aFirst ? resultForA : -resultForA;
            return first > 0 ? "1-0" : first < 0 ? "0-1" : "1/2-1/2";
        }

        /** All moves from the empty board, the opening's included, in the game's notation. */
        String fullMoves() {
            List<String> all = new ArrayList<>(opening);
            all.addAll(moves);
            return join(all);
        }
    }

    /** A match's results, from A's side. */
    record Result(String a, String b, List<Record> games, int wins, int draws, int losses) {
        EloEstimate elo() {
            return EloEstimate.of(wins, draws, losses);
        }
    }

    /** Sees every move: the position before it, the move, the position after it. */
    interface MoveListener {
        void moved(State before, int action, State after);
    }

    /** Plays the match; {@code progress} sees every finished game. */
    static Result play(Game game, State opening, GamePlayer a, GamePlayer b, int games, Consumer<Record> progress) {
        return play(game, opening, a, b, games, progress, (before, action, after) -> { });
    }

    /** Plays the match, game {@code g} (from 0) from {@code openingFor.apply(g)}; {@code progress} sees every game. */
    static Result play(Game game, IntFunction<State> openingFor, GamePlayer a, GamePlayer b, int games,
                       Consumer<Record> progress) {
        return play(game, openingFor, a, b, games, progress, (before, action, after) -> { });
    }

    /** Plays the match; {@code progress} sees every finished game and {@code moves} every move. */
    static Result play(Game game, State opening, GamePlayer a, GamePlayer b, int games, Consumer<Record> progress,
                       MoveListener listener) {
        return play(game, g -> opening, a, b, games, progress, listener);
    }

    /**
     * Plays the match, game {@code g} (from 0) from the position {@code openingFor.apply(g)}; {@code progress} sees
     * every finished game and {@code moves} every move.
     */
    static Result play(Game game, IntFunction<State> openingFor, GamePlayer a, GamePlayer b, int games,
                       Consumer<Record> progress, MoveListener listener) {
        List<Record> records = new ArrayList<>();
        int wins = 0, draws = 0, losses = 0;
        for (int g = 0; g < games; g++) {
            boolean aFirst = g % 2 == 0;
            GamePlayer[] seat = aFirst ? new GamePlayer[] {a, b} : new GamePlayer[] {b, a};
            State opening = openingFor.apply(g);
            State s = opening.copy();
            seat[0].newGame(game);
            seat[1].newGame(game);
            State replay = game.newInitialState();
            List<String> openingMoves = new ArrayList<>();
            for (int move : opening.history()) { // tell both players how the opening came about
                seat[0].observeMove(replay, move);
                seat[1].observeMove(replay, move);
                openingMoves.add(replay.actionToString(move));
                replay.apply(move);
            }
            List<String> moves = new ArrayList<>();
            int resigned = -1;
            while (!s.isTerminal()) {
                int action = seat[s.currentPlayer()].chooseAction(s);
                if (action == GamePlayer.RESIGN) {
                    resigned = s.currentPlayer();
                    break;
                }
                if (!s.isLegal(action)) {
                    throw new IllegalStateException(seat[s.currentPlayer()].name() + " chose the illegal move " + action
                            + " at '" + s.serialize() + "'");
                }
                State before = s.copy();
                moves.add(s.actionToString(action));
                s.apply(action);
                seat[0].observeMove(before, action);
                seat[1].observeMove(before, action);
                listener.moved(before, action, s);
            }
            double r = resigned >= 0 ? (resigned == (aFirst ? 0 : 1) ? -1 : 1) : s.returnFor(aFirst ? 0 : 1);
            int result = r > 0 ? 1 : r < 0 ? -1 : 0;
            if (result > 0) wins++;
            else if (result < 0) losses++;
            else draws++;
            Record rec = new Record(g + 1, aFirst, List.copyOf(openingMoves), List.copyOf(moves), result, s, resigned);
            records.add(rec);
            progress.accept(rec);
        }
        return new Result(a.name(), b.name(), List.copyOf(records), wins, draws, losses);
    }

    /**
     * {@code start} followed by {@code k} moves drawn uniformly from the legal ones that do not end the game (nor pass,
     * in Go); fewer when no such move is left.
     */
    static State randomOpening(Game game, State start, int k, SplittableRandom random) {
        State s = start.copy();
        int pass = game instanceof GoGame go ? go.size() * go.size() : -1;
        for (int i = 0; i < k; i++) {
            List<Integer> candidates = new ArrayList<>();
            for (int a : s.legalActions()) {
                if (a == pass) continue;
                State t = s.copy();
                t.apply(a);
                if (!t.isTerminal()) candidates.add(a);
            }
            if (candidates.isEmpty()) break;
            s.apply(candidates.get(random.nextInt(candidates.size())));
        }
        return s;
    }

    /** Moves joined as the game's notation writes a sequence: single-character moves run together ({@code 4453}), longer ones space-separated. */
    static String join(List<String> moves) {
        boolean single = moves.stream().allMatch(m -> m.length() == 1);
        return String.join(single ? "" : " ", moves);
    }
}
