package dev.bellman.cli;

import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.StringJoiner;

/**
 * A person at a terminal: shows the board and asks for a move in the game's notation (Connect Four: a column 1-7;
 * Tic-tac-toe: a cell 1-9), asking again, with the legal moves, until the input is a legal move. {@code quit} or the end
 * of the input ends the session with a {@link UserError}.
 */
final class HumanPlayer implements GamePlayer {
    private final BufferedReader in;
    private final PrintWriter out;

    HumanPlayer(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public int chooseAction(State state) {
        String mark = state.currentPlayer() == 0 ? "X" : "O";
        out.println(state);
        while (true) {
            out.print("your move (" + mark + "; legal: " + legal(state) + "): ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                out.println();
                throw new UserError("the input ended before the game did (after " + state.moveNumber() + " moves, '"
                        + state.serialize() + "'); type a move, or 'quit' to stop.");
            }
            String move = line.strip();
            if (move.equalsIgnoreCase("quit") || move.equalsIgnoreCase("q")) {
                throw new UserError("game abandoned at '" + state.serialize() + "' ('quit').");
            }
            if (move.isEmpty()) continue;
            int action;
            try {
                action = state.stringToAction(move);
            } catch (IllegalArgumentException e) {
                action = -1;
            }
            if (action >= 0 && state.isLegal(action)) return action;
            out.println("'" + move + "' is not a legal move here; legal moves: " + legal(state) + ".");
        }
    }

    private static String legal(State state) {
        StringJoiner j = new StringJoiner(" ");
        for (int a : state.legalActions()) j.add(state.actionToString(a));
        return j.toString();
    }

    @Override
    public String name() {
        return "human";
    }
}
