package dev.bellman.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The heap a run needs, part by part, estimated before it starts ({@link AlgorithmProvider#preflight}): the large
 * arrays only (replay buffers, rollout storage, network parameters with their gradients and optimizer state,
 * env copies), so it is a lower bound. Built with {@link #builder()}, which also refuses a single array larger than
 * a Java array can be, naming the hyperparameter values that ask for it.
 *
 * @param parts what takes memory, each with its size in bytes
 */
public record MemoryEstimate(List<Part> parts) {
    /** The most elements a Java array can hold (a few below {@code Integer.MAX_VALUE} on HotSpot). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The bytes {@link Builder#envCopies} counts for one env copy besides its observations. */
    public static final long ENV_COPY_BYTES = 1024;

    /** No estimate: for providers that do not give one. */
    public static final MemoryEstimate UNKNOWN = new MemoryEstimate(List.of());

    /**
     * One part of the estimate.
     *
     * @param what what it is and which values size it, e.g. "replay buffer (buffer-size 1000000 x 4 observation values)"
     * @param bytes its size
     */
    public record Part(String what, long bytes) {
        public Part {
            Objects.requireNonNull(what, "what");
            if (bytes < 0) throw new IllegalArgumentException("bytes must be >= 0 but was " + bytes);
        }
    }

    public MemoryEstimate {
        parts = List.copyOf(parts);
    }

    /** The total in bytes (saturating at {@code Long.MAX_VALUE}). */
    public long bytes() {
        long sum = 0;
        for (Part p : parts) {
            sum = saturatingAdd(sum, p.bytes());
        }
        return sum;
    }

    /** The largest part, or null when there are none. */
    public Part largest() {
        return parts.stream().max(Comparator.comparingLong(Part::bytes)).orElse(null);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Bytes in binary units: "512 B", "3.2 MiB", "61.0 GiB". */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Collects the parts; every method refuses an array a Java array cannot hold. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder() {}

        /**
         * {@code copies} arrays of {@code elements} elements of {@code elementBytes} bytes each.
         *
         * @throws IllegalArgumentException when one array would exceed {@link #MAX_ARRAY} elements, naming {@code what}
         */
        public Builder arrays(String what, long copies, long elements, int elementBytes) {
            if (elements < 0 || copies < 0) {
                throw new IllegalArgumentException(what + ": a size overflowed (" + elements + " elements)");
            }
            if (elements > MAX_ARRAY) {
                throw new IllegalArgumentException(what + " needs one array of " + elements
                        + " elements, more than a Java array holds (" + MAX_ARRAY + "); lower the values that size it");
            }
            parts.add(new Part(what, saturatingMultiply(saturatingMultiply(copies, elements), elementBytes)));
            return this;
        }

        /** One array of {@code elements} floats. */
        public Builder floats(String what, long elements) {
            return arrays(what, 1, elements, Float.BYTES);
        }

        /**
         * A fully connected network {@code in -> hidden... -> out} of float parameters, held {@code copies} times
         * (parameters, gradients, Adam's two moments, a target network: 4 or 5). Each layer's weight matrix is one
         * array and must fit.
         */
        public Builder mlp(String what, long in, int[] hidden, long out, int copies) {
            long params = 0;
            long prev = in;
            long[] widths = new long[hidden.length + 1];
            for (int i = 0; i < hidden.length; i++) {
                widths[i] = hidden[i];
            }
            widths[hidden.length] = out;
            for (long w : widths) {
                long weights = saturatingMultiply(prev, w);
                if (weights > MAX_ARRAY) {
                    throw new IllegalArgumentException(what + ": a layer of " + prev + " x " + w + " = " + weights
                            + " weights is more than a Java array holds (" + MAX_ARRAY + "); use smaller layers");
                }
                params = saturatingAdd(params, saturatingAdd(weights, w));
                prev = w;
            }
            parts.add(new Part(what, saturatingMultiply(saturatingMultiply(params, Float.BYTES), copies)));
            return this;
        }

        /**
         * {@code n} env copies: each counted as {@value MemoryEstimate#ENV_COPY_BYTES} bytes of state (a guess that fits the
         * classic-control and toy-text envs) plus its current and next observation.
         */
        public Builder envCopies(String what, long n, long obsValues) {
            long each = saturatingAdd(ENV_COPY_BYTES, saturatingMultiply(2 * Float.BYTES, obsValues));
            parts.add(new Part(what, saturatingMultiply(n, each)));
            return this;
        }

        /** A part of known size. */
        public Builder bytes(String what, long bytes) {
            parts.add(new Part(what, bytes));
            return this;
        }

        public MemoryEstimate build() {
            return new MemoryEstimate(parts);
        }
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
