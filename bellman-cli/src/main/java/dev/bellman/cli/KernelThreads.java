package dev.bellman.cli;

import dev.bellman.tensor.kernels.Kernels;

/**
 * The command line's default for the kernels' thread count: the machine's cores, at most {@link #CAP}, unless
 * {@code -Dbellman.threads=N} (e.g. through {@code BELLMAN_JAVA_OPTS}) sets it. The library's own default stays 1;
 * results do not depend on the count ({@code dev.bellman.tensor.kernels.Parallel}), only the speed does.
 */
final class KernelThreads {
    private KernelThreads() {}

    /** More threads would gain little: the GEMM's main (axpy) path splits a product into at most 4 blocks. */
    static final int CAP = 4;

    /** Sets the default when the property is absent; returns the count in use. */
    static int applyDefault() {
        if (System.getProperty("bellman.threads") == null) {
            Kernels.setThreads(defaultCount(Runtime.getRuntime().availableProcessors()));
        }
        return Kernels.threads();
    }

    static int defaultCount(int cores) {
        return Math.max(1, Math.min(cores, CAP));
    }
}
