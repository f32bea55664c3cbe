package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.QTable;
import dev.bellman.core.Policy;
import java.util.Optional;

/** Read access to the tables behind the tabular providers' policies, for tools that draw or print them. */
public final class Tables {
    private Tables() {}

    /**
     * The action-value table of a policy returned or loaded by a tabular provider (value iteration, policy iteration,
     * Q-learning, SARSA, Expected SARSA); empty for any other policy. The table is the policy's own: do not modify it.
     */
    public static Optional<QTable> of(Policy policy) {
        return policy instanceof TablePolicy t ? Optional.of(t.table()) : Optional.empty();
    }
}
