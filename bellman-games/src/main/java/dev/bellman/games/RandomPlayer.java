package dev.bellman.games;

import java.util.SplittableRandom;

/** Plays a legal move chosen uniformly at random; the same seed gives the same moves in the same positions sequence. */
public final class RandomPlayer implements GamePlayer {
    private final long seed;
    private SplittableRandom random;

    public RandomPlayer(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int chooseAction(State state) {
        int[] legal = state.legalActions();
        if (legal.length == 0) {
            throw new IllegalStateException("no legal move: the game is over");
        }
        return legal[random.nextInt(legal.length)];
    }

    @Override
    public String name() {
        return "random";
    }

    /** The seed this player was built with. */
    public long seed() {
        return seed;
    }
}
