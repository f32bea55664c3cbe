package dev.bellman.cli;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.InvalidHyperparameterException;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.UnknownHyperparameterException;
import dev.bellman.env.Env;
import java.util.Locale;

/**
 * The checks a run passes before anything of it is created ({@code train} before the run directory, {@code --resume}
 * before the directory is touched): {@link AlgorithmProvider#preflight} (the algorithm's config record built from the
 * resolved hyperparameters and the env's spaces, and array sizes) and its memory estimate against the free heap.
 */
final class Preflight {
    /** The environment variable the {@code bellman} launcher passes to the JVM (e.g. {@code -Xmx8g}). */
    static final String JAVA_OPTS = "BELLMAN_JAVA_OPTS";

    private Preflight() {}

    /**
     * Checks that {@code request} can start with {@code provider}, opening the env for its spaces.
     *
     * @return the memory estimate
     * @throws UserError (exit code 2) naming the bad value, or the memory asked for and the heap there is
     */
    static MemoryEstimate check(AlgorithmProvider provider, TrainRequest request) {
        if (GameTargets.trainsOnGame(provider, request.envId())) { // trains on a game, not an env
            GameTargets.check(provider, request.envId(), request.envKwargs());
            return check(provider, request, null);
        }
        try (Env<?, ?> env = EnvCatalog.make(request.envId(), request.envKwargs())) {
            return check(provider, request, env);
        }
    }

    /** As {@link #check(AlgorithmProvider, TrainRequest)}, with the env already open. */
    static MemoryEstimate check(AlgorithmProvider provider, TrainRequest request, Env<?, ?> env) {
        MemoryEstimate m;
        try {
            m = provider.preflight(request, env);
        } catch (UnknownHyperparameterException | InvalidHyperparameterException e) {
            throw e;
        } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
            throw new UserError(provider.id() + " cannot start on " + request.envId() + " with these settings: "
                    + sentence(e.getMessage()), e);
        }
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long free = rt.maxMemory() - used;
        if (m.bytes() > free) {
            MemoryEstimate.Part big = m.largest();
            throw new UserError(String.format(Locale.ROOT, "%s on %s needs at least about %s of memory, %s of it for the"
                            + " %s, but the Java heap has %s free (at most %s). Lower that value, or give Java more"
                            + " memory with %s (the bellman launcher passes it to java).", provider.id(), request.envId(), MemoryEstimate.format(m.bytes()),
                    MemoryEstimate.format(big.bytes()), big.what(), MemoryEstimate.format(Math.max(0, free)),
                    MemoryEstimate.format(rt.maxMemory()), hint(m.bytes() + used)));
        }
        return m;
    }

    /** "BELLMAN_JAVA_OPTS=-Xmx12g": a heap of at least {@code bytes} with a quarter more as margin, in whole GiB. */
    static String hint(long bytes) {
        long gib = 1L << 30;
        long want = Math.max(1, (long) Math.ceil(bytes * 1.25 / gib));
        return JAVA_OPTS + "=-Xmx" + want + "g";
    }

    /** {@code s} ending in one full stop. */
    static String sentence(String s) {
        if (s == null || s.isBlank()) {
            return "(no detail).";
        }
        String t = s.strip();
        return t.endsWith(".") ? t : t + ".";
    }
}
