package dev.bellman.cli;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.TrainingStoppedException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Graceful stop of {@code bellman train} on SIGINT (Ctrl-C), SIGTERM and SIGHUP: the first of them calls
 * {@code onFirst} with its name (the run then finishes its current step, saves, and exits with 128 + the signal's
 * number: 130, 143, 129); a second one ends the process at once with that code. {@link #close()} puts the previous
 * handlers back. Signals the JVM does not let us handle (SIGHUP under {@code -Xrs} or {@code nohup}) are left alone.
 */
final class StopSignals implements AutoCloseable {
    /** The signals handled, by their names without "SIG". */
    static final List<String> NAMES = List.of("INT", "TERM", "HUP");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Signal first;

    private StopSignals() {}

    /** Installs the handlers; {@code onFirst} receives the name of the first signal ("SIGTERM"). */
    static StopSignals install(Consumer<String> onFirst) {
        StopSignals s = new StopSignals();
        SignalHandler handler = sig -> {
            synchronized (s) {
                if (s.first == null) {
                    s.first = sig;
                    onFirst.accept("SIG" + sig.getName());
                    return;
                }
            }
            System.err.println("bellman train: second signal (SIG" + sig.getName() + "): stopping at once, without"
                    + " saving; resume continues from the last checkpoint");
            System.err.flush();
            Runtime.getRuntime().halt(128 + sig.getNumber());
        };
        for (String name : NAMES) {
            try {
                Signal sig = new Signal(name);
                SignalHandler old = Signal.handle(sig, handler);
                s.signals.add(sig);
                s.previous.add(old);
            } catch (IllegalArgumentException e) {
                // reserved or ignored here: keep the JVM's behaviour for it
            }
        }
        return s;
    }

    /** The first signal's name ("SIGINT"), or null when none came. */
    String received() {
        Signal f = first;
        return f == null ? null : "SIG" + f.getName();
    }

    /** The exit code for the first signal: 128 + its number. */
    int exitCode() {
        return 128 + first.getNumber();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }

    /** The first stop signal: checkpointing runs save and stop after the current step; others stop at once. */
    static void stopRequested(String signal, Checkpoints checkpoints, PrintWriter err) {
        if (checkpoints.enabled()) {
            checkpoints.requestStop();
            err.println("bellman train: " + signal + ": stopping after the current step (saving a checkpoint first);"
                    + " send it again to stop at once");
        } else {
            err.println("bellman train: " + signal + ": stopping (this algorithm saves no checkpoints; train again to"
                    + " redo the run)");
        }
        err.flush();
        if (!checkpoints.enabled()) {
            Runtime.getRuntime().halt(128 + signalNumber(signal));
        }
    }

    private static int signalNumber(String signal) {
        return switch (signal) {
            case "SIGHUP" -> 1;
            case "SIGINT" -> 2;
            default -> 15;
        };
    }

    /** The stop that ended training, if {@code e} (or what it wraps, as A3C's worker failure does) is one. */
    static TrainingStoppedException stoppedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TrainingStoppedException s) {
                return s;
            }
        }
        return null;
    }
}
