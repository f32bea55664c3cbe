package dev.bellman.games;

/**
 * A turn-based, perfect-information, zero-sum game for two players, in the spirit of OpenSpiel's {@code Game}
 * (Lanctot et al. 2019, "OpenSpiel: A Framework for Reinforcement Learning in Games", arXiv:1908.09453): the static
 * facts about a game (sizes, observation shape, symmetries), separate from the {@link State} of one play of it.
 *
 * <p>Actions are integers in {@code [0, numDistinctActions())} with a fixed meaning for the whole game (Tic-tac-toe:
 * the cell, row-major; Connect Four: the column; Go: the point, then pass), so that a policy network has one output per
 * action and a legal-action mask selects among them. Players are numbered 0 (moves first) and 1.
 *
 * <p>A game knows nothing of search or learning: MCTS, AlphaZero and the solvers only use this interface and
 * {@link State}.
 */
public interface Game {

    /** The registered id, for example {@code "TicTacToe"} or {@code "ConnectFour"}. */
    String id();

    /** Always 2 for the games here. */
    default int numPlayers() {
        return 2;
    }

    /** The number of distinct actions: the size of a policy network's output and of a legal-action mask. */
    int numDistinctActions();

    /**
     * The shape of {@link State#observation(float[])} as {@code {channels, height, width}}, the layout the engine's
     * convolutional towers take. The planes are from the point of view of the player to move.
     */
    int[] observationShape();

    /** The product of {@link #observationShape()}. */
    default int observationSize() {
        int n = 1;
        for (int d : observationShape()) n *= d;
        return n;
    }

    /** An upper bound on the number of moves in one game (Tic-tac-toe: 9; Connect Four: 42). */
    int maxGameLength();

    /** The empty board, player 0 to move. */
    State newInitialState();

    /**
     * The state after playing a sequence of moves in the game's usual notation from the empty board (Connect Four:
     * columns from 1, for example {@code "4453"}; Tic-tac-toe: cells from 1 to 9, row-major). Throws
     * {@link IllegalArgumentException} naming the bad move and the legal ones when the sequence is malformed or a move
     * is illegal.
     */
    State stateFromMoves(String moves);

    /**
     * The inverse of {@link State#serialize()}: a state from its compact string form. Throws
     * {@link IllegalArgumentException} naming what is wrong with a malformed string.
     */
    State deserialize(String serialized);

    /**
     * The number of board symmetries usable for data augmentation, including the identity as index 0 (Tic-tac-toe
     * and Go: the 8 of the dihedral group; Connect Four: 2, the identity and the left-right mirror).
     */
    default int numSymmetries() {
        return 1;
    }

    /**
     * Applies symmetry {@code k} to an observation: {@code out} is the observation of the transformed board. {@code in}
     * and {@code out} have {@link #observationSize()} elements and must be different arrays.
     */
    default void transformObservation(int k, float[] in, float[] out) {
        if (k != 0) throw new IllegalArgumentException("symmetry " + k + " out of range [0, " + numSymmetries() + ")");
        System.arraycopy(in, 0, out, 0, in.length);
    }

    /**
     * The action that corresponds to {@code action} under symmetry {@code k} (the same transformation as
     * {@link #transformObservation}); used to permute visit distributions and legal masks. Pass maps to itself.
     */
    default int transformAction(int k, int action) {
        if (k != 0) throw new IllegalArgumentException("symmetry " + k + " out of range [0, " + numSymmetries() + ")");
        return action;
    }
}
