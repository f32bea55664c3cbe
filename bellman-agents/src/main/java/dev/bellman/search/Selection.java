package dev.bellman.search;

/**
 * The selection rule of an {@link Mcts}: the score of one child, the child with the highest score being descended
 * into (ties go to the lowest action). In the spirit of mctx, the rule is one small function and the search knows
 * nothing else about it.
 *
 * <p>Counts include pending virtual losses; {@code childValueSum} is from the point of view of the player choosing
 * among the children (values in [-1, 1]).
 */
@FunctionalInterface
public interface Selection {

    /**
     * @param parentVisits visits of the node whose children are compared
     * @param childVisits visits of this child
     * @param childValueSum the sum of the values backed up through this child, from the chooser's side
     * @param prior the child's prior probability (uniform for UCT)
     */
    double score(int parentVisits, int childVisits, double childValueSum, float prior);

    /**
     * UCT (Kocsis and Szepesvari 2006, "Bandit based Monte-Carlo planning"; the UCB1 bound of Auer et al. 2002): an
     * unvisited child first, then {@code Q + c * sqrt(ln N / n)}. With values in [-1, 1] rather than UCB1's [0, 1], the
     * classic {@code sqrt(2)} corresponds to {@code c = 2 sqrt(2)}; smaller constants search more greedily.
     */
    static Selection uct(double c) {
        if (!(c >= 0)) throw new IllegalArgumentException("UCT exploration constant c must be >= 0 but was " + c);
        return (parentVisits, childVisits, childValueSum, prior) -> childVisits == 0
                ? Double.POSITIVE_INFINITY
                : childValueSum / childVisits + c * Math.sqrt(Math.log(Math.max(parentVisits, 1)) / childVisits);
    }

    /**
     * PUCT with AlphaZero's growing exploration rate (Silver et al. 2018, Science, supplementary pseudocode):
     * {@code Q + C(N) * P * sqrt(N) / (1 + n)} with {@code C(N) = ln((1 + N + pbCBase) / pbCBase) + pbCInit}
     * (the paper: {@code pbCBase = 19652}, {@code pbCInit = 1.25}); an unvisited child's Q is {@code fpu}
     * (0 in the pseudocode). With {@code pbCBase} very large this is AlphaGo Zero's constant {@code c_puct = pbCInit}.
     */
    static Selection puct(double pbCBase, double pbCInit, double fpu) {
        if (!(pbCBase > 0)) throw new IllegalArgumentException("PUCT pb_c_base must be positive but was " + pbCBase);
        if (!(pbCInit >= 0)) throw new IllegalArgumentException("PUCT pb_c_init must be >= 0 but was " + pbCInit);
        return (parentVisits, childVisits, childValueSum, prior) -> {
            double c = Math.log((1 + parentVisits + pbCBase) / pbCBase) + pbCInit;
            double q = childVisits == 0 ? fpu : childValueSum / childVisits;
            return q + c * prior * Math.sqrt(parentVisits) / (1 + childVisits);
        };
    }
}
