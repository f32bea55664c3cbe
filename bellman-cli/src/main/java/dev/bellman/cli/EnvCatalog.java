package dev.bellman.cli;

import dev.bellman.core.Suggest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Env look-ups for the commands, turning unknown ids into a {@link UserError} with a suggestion. */
final class EnvCatalog {
    private EnvCatalog() {}

    static List<String> ids() {
        List<String> ids = new ArrayList<>(Envs.ids());
        ids.sort(null);
        return ids;
    }

    /** Makes {@code id}, or fails with a message naming the closest registered id. */
    static Env<?, ?> make(String id, Map<String, Object> kwargs) {
        List<String> ids = ids();
        if (!ids.contains(id)) {
            throw new UserError("unknown env id '" + id + "'."
                    + Suggest.closest(id, ids).map(c -> " Did you mean '" + c + "'?").orElse("")
                    + " Registered envs: " + String.join(", ", ids) + " (see 'bellman list envs').");
        }
        if (kwargs.isEmpty()) {
            return Envs.make(id);
        }
        try {
            return Envs.make(id, kwargs);
        } catch (IllegalArgumentException | ClassCastException e) {
            String msg = Preflight.sentence(e.getMessage());
            String accepted = msg.contains("valid keyword arguments") ? ""
                    : " Keyword arguments " + id + " accepts: " + (Envs.spec(id).kwargs().isEmpty() ? "none"
                    : String.join(", ", Envs.spec(id).kwargs().keySet())) + ".";
            throw new UserError("env " + id + " refused the keyword arguments " + kwargs + ": " + msg + accepted, e);
        }
    }

    /** The env's reward threshold from its spec, or null. */
    static Double rewardThreshold(Env<?, ?> env) {
        return env.spec() == null ? null : env.spec().rewardThreshold();
    }
}
