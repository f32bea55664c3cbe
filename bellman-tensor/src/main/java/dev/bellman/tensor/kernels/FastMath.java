package dev.bellman.tensor.kernels;

/**
 * Fast transcendental functions for activations. (Placeholder implementation delegating to
 * {@link Math}; the kernels work replaces it with SIMD approximations of documented max error.)
 */
public final class FastMath {
    private FastMath() {}

    public static float tanh(float x) { return (float) Math.tanh(x); }

    public static float exp(float x) { return (float) Math.exp(x); }

    public static float sigmoid(float x) { return (float) (1.0 / (1.0 + Math.exp(-x))); }

    public static void tanh(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) dst[dO + i] = tanh(src[so + i]);
    }

    public static void exp(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) dst[dO + i] = exp(src[so + i]);
    }

    public static void sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) dst[dO + i] = sigmoid(src[so + i]);
    }
}
