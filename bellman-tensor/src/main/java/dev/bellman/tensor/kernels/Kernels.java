package dev.bellman.tensor.kernels;

/**
 * Switches for the compute kernels: whether the SIMD paths are used, and how many threads
 * intra-op parallel kernels may use.
 *
 * <p>SIMD kernels use the incubating Vector API ({@code jdk.incubator.vector}, JEP 508 and
 * predecessors). They are enabled when that module is present in the boot layer (the JVM was
 * started with {@code --add-modules jdk.incubator.vector}) and the system property
 * {@code bellman.simd} is not {@code false}. Otherwise every kernel runs its scalar fallback,
 * which computes the same function (results may differ in the last bits, see each kernel).
 *
 * <p>Thread count: {@code -Dbellman.threads=N} (default 1; the {@code bellman} command line sets the machine's
 * cores, at most 4, when the property is absent), or {@link #setThreads(int)}. See
 * {@link Parallel} for the fixed-partition scheme that keeps results independent of N.
 */
public final class Kernels {
    private Kernels() {}

    private static final boolean SIMD_AVAILABLE = probeVectorApi();
    private static volatile boolean simd =
            SIMD_AVAILABLE && !"false".equalsIgnoreCase(System.getProperty("bellman.simd", "true"));

    /** True when the Vector API can be loaded in this JVM, whatever {@link #simdEnabled()} says. */
    public static boolean simdAvailable() {
        return SIMD_AVAILABLE;
    }

    /** True when kernels take their SIMD paths. */
    public static boolean simdEnabled() {
        return simd;
    }

    /**
     * Turns the SIMD paths on or off at run time (tests and benchmarks compare the two).
     * Turning them on has no effect when the Vector API is unavailable.
     *
     * @return the previous setting
     */
    public static boolean setSimdEnabled(boolean enabled) {
        boolean previous = simd;
        simd = enabled && SIMD_AVAILABLE;
        return previous;
    }

    /** Bits in the preferred float vector used by the SIMD kernels, or 0 when SIMD is unavailable. */
    public static int vectorBits() {
        return SIMD_AVAILABLE ? SimdInfo.bits() : 0;
    }

    /** Threads intra-op kernels may use (1 = single-threaded, the default). */
    public static int threads() {
        return Parallel.threads();
    }

    /** Sets the thread count for intra-op kernels; results do not depend on it. */
    public static void setThreads(int threads) {
        Parallel.setThreads(threads);
    }

    private static boolean probeVectorApi() {
        try {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
            return SimdInfo.bits() >= 128;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Isolates the Vector API reference so that loading {@link Kernels} never needs the module. */
    private static final class SimdInfo {
        static int bits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
