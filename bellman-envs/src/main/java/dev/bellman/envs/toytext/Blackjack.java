package dev.bellman.envs.toytext;

import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.TupleSpace;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Blackjack: Sutton &amp; Barto (2018), Example 5.1, the textbook Monte Carlo example, with Gymnasium 1.x's dynamics and
 * random draws ({@code gymnasium/envs/toy_text/blackjack.py}, {@code Blackjack-v1}).
 *
 * <h2>Description</h2>
 * The player is dealt two cards and the dealer two, one of them face up, from an infinite deck (cards are drawn with
 * replacement: 1 for an ace, 2–9, and 10 for a ten or a face card, so 10 comes up 4 times in 13). The player hits
 * (takes a card) until sticking or going over 21; then the dealer draws until reaching 17 or more, and the hand closer
 * to 21 without going over wins. An ace counts 11 while that does not bust the hand (a "usable" ace), else 1.
 *
 * <h2>Action space</h2>
 * {@code Discrete(2)}: 0 stick, 1 hit.
 *
 * <h2>Observation space</h2>
 * {@code Tuple(Discrete(32), Discrete(11), Discrete(2))}, as a {@link TupleSpace} whose elements are
 * {@code List<Object>} of three {@code Integer}s: the player's sum (an ace counted 11 when usable; up to 31 after a
 * bust), the dealer's face-up card (1 for an ace, 2–10), and whether the player holds a usable ace (0 or 1). Tabular
 * methods index it as {@code (sum * 11 + dealer) * 2 + ace}; {@link #index(List)} does that.
 *
 * <h2>Rewards</h2>
 * +1 for a win, −1 for a loss (including a bust), 0 for a draw and for every hit that does not bust. With
 * {@code natural=true} and {@code sab=false}, a winning natural (an ace and a ten as the first two cards) pays 1.5.
 * With {@code sab=true} a natural wins +1 outright unless the dealer also has one (then the usual comparison: a draw).
 *
 * <h2>Starting state</h2>
 * Player sum 4–21, dealer card 1–10, usable ace 0 or 1, from the four cards dealt at reset (dealer first, then player).
 *
 * <h2>Episode end</h2>
 * Terminated when the player sticks or busts. No time limit (none is needed: every hit adds at least 1).
 *
 * <h2>Arguments</h2>
 * {@code natural} (default false; ignored when {@code sab} is true) and {@code sab} (true for the registered
 * {@code Blackjack-v1}, false when constructed directly, as in Gymnasium).
 *
 * <h2>Version history</h2>
 * v1: Gymnasium's current version (v1 fixed the handling of naturals). Bellman has no v0.
 *
 * <p>Random draws, in Gymnasium's order from the env's {@link NpRandom} (PCG64): every card is
 * {@code np_random.choice(deck)}; reset deals the dealer's two cards, the player's two, then draws a suit for the
 * dealer's face-up card and, when that card is a 10, which face it is (both only drawn for rendering in Gymnasium,
 * and drawn here too so that the stream stays in step).
 */
public final class Blackjack implements Env<List<Object>, Integer>, Snapshottable {
    /** Gymnasium's {@code deck}: card values indexed by {@code np_random.choice}. */
    private static final int[] DECK = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10};
    private static final int MAX_CARDS = 24; // 21 aces and a ten already bust: no hand gets longer

    private final boolean natural;
    private final boolean sab;
    private final TupleSpace observationSpace = new TupleSpace(new Discrete(32), new Discrete(11), new Discrete(2));
    private final Discrete actionSpace = new Discrete(2);
    private NpRandom npRandom;
    private final int[] player = new int[MAX_CARDS];
    private final int[] dealer = new int[MAX_CARDS];
    private int playerCount;
    private int dealerCount;
    private boolean closed;

    /** Gymnasium's constructor defaults: {@code natural=false, sab=false}. */
    public Blackjack() {
        this(false, false);
    }

    public Blackjack(boolean natural, boolean sab) {
        this.natural = natural;
        this.sab = sab;
    }

    @Override
    public Reset<List<Object>> reset(Long seed, Map<String, Object> options) {
        if (closed) {
            throw new IllegalStateException("Blackjack is closed");
        }
        if (seed != null) {
            npRandom = new NpRandom(seed);
        } else if (npRandom == null) {
            npRandom = NpRandom.fromEntropy();
        }
        dealerCount = 0;
        playerCount = 0;
        dealer[dealerCount++] = drawCard();
        dealer[dealerCount++] = drawCard();
        player[playerCount++] = drawCard();
        player[playerCount++] = drawCard();
        npRandom.choice(4); // the face-up card's suit (C, D, H, S), for rendering
        if (dealer[0] == 10) {
            npRandom.choice(3); // which of J, Q, K
        }
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<List<Object>> step(Integer action) {
        if (playerCount == 0) {
            throw new IllegalStateException("call reset() before step() (Blackjack)");
        }
        if (action == null || (action != 0 && action != 1)) {
            throw new IllegalArgumentException("action " + action + " is not in the action space Discrete(2) of Blackjack"
                    + " (0 stick, 1 hit)");
        }
        boolean terminated;
        double reward;
        if (action == 1) { // hit
            if (playerCount == MAX_CARDS) {
                throw new IllegalStateException("Blackjack hand already holds " + MAX_CARDS + " cards; reset first");
            }
            player[playerCount++] = drawCard();
            terminated = sum(player, playerCount) > 21;
            reward = terminated ? -1.0 : 0.0;
        } else { // stick: the dealer plays out the hand
            terminated = true;
            while (sum(dealer, dealerCount) < 17) {
                dealer[dealerCount++] = drawCard();
            }
            int p = score(player, playerCount);
            int d = score(dealer, dealerCount);
            reward = Integer.compare(p, d);
            if (sab && isNatural(player, playerCount) && !isNatural(dealer, dealerCount)) {
                reward = 1.0;
            } else if (!sab && natural && isNatural(player, playerCount) && reward == 1.0) {
                reward = 1.5;
            }
        }
        return new Step<>(observation(), reward, terminated, false, Map.of());
    }

    /** The tabular index of an observation: {@code (sum * 11 + dealerCard) * 2 + usableAce}, in [0, 704). */
    public static int index(List<Object> observation) {
        return (((Integer) observation.get(0)) * 11 + (Integer) observation.get(1)) * 2 + (Integer) observation.get(2);
    }

    private int drawCard() {
        return DECK[npRandom.choice(DECK.length)];
    }

    private List<Object> observation() {
        return List.of(sum(player, playerCount), dealer[0], usableAce(player, playerCount) ? 1 : 0);
    }

    private static boolean usableAce(int[] hand, int n) {
        int raw = 0;
        boolean ace = false;
        for (int i = 0; i < n; i++) {
            raw += hand[i];
            ace |= hand[i] == 1;
        }
        return ace && raw + 10 <= 21;
    }

    /** The hand's value: the plain sum, plus 10 for a usable ace. */
    private static int sum(int[] hand, int n) {
        int raw = 0;
        for (int i = 0; i < n; i++) {
            raw += hand[i];
        }
        return usableAce(hand, n) ? raw + 10 : raw;
    }

    private static int score(int[] hand, int n) {
        int s = sum(hand, n);
        return s > 21 ? 0 : s;
    }

    private static boolean isNatural(int[] hand, int n) {
        return n == 2 && ((hand[0] == 1 && hand[1] == 10) || (hand[0] == 10 && hand[1] == 1));
    }

    public boolean natural() {
        return natural;
    }

    public boolean sab() {
        return sab;
    }

    @Override
    public Space<List<Object>> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Generator present (0/1), its 8 longs, then the two hand sizes and the hands. */
    @Override
    public long[] snapshot() {
        long[] out = new long[9 + 2 + 2 * MAX_CARDS];
        if (npRandom != null) {
            out[0] = 1;
            System.arraycopy(npRandom.snapshot(), 0, out, 1, 8);
        }
        out[9] = playerCount;
        out[10] = dealerCount;
        for (int i = 0; i < MAX_CARDS; i++) {
            out[11 + i] = player[i];
            out[11 + MAX_CARDS + i] = dealer[i];
        }
        return out;
    }

    @Override
    public void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 9 + 2 + 2 * MAX_CARDS, this);
        if (snapshot[9] < 0 || snapshot[9] > MAX_CARDS || snapshot[10] < 0 || snapshot[10] > MAX_CARDS) {
            throw new IllegalArgumentException("a Blackjack snapshot's hand sizes must be in [0, " + MAX_CARDS
                    + "] but were " + snapshot[9] + " and " + snapshot[10]);
        }
        if (snapshot[0] == 1) {
            NpRandom r = new NpRandom(0);
            r.restore(Arrays.copyOfRange(snapshot, 1, 9));
            npRandom = r;
        } else {
            npRandom = null;
        }
        playerCount = (int) snapshot[9];
        dealerCount = (int) snapshot[10];
        for (int i = 0; i < MAX_CARDS; i++) {
            player[i] = (int) snapshot[11 + i];
            dealer[i] = (int) snapshot[11 + MAX_CARDS + i];
        }
    }

    @Override
    public String toString() {
        return "Blackjack(natural=" + natural + ", sab=" + sab + ")";
    }
}
