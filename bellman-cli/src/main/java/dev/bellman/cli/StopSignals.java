package dev.bellman.cli;

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
}
