package dev.bellman.env.wrappers;

import java.util.Arrays;

/**
 * Running mean and variance by the parallel algorithm of Chan, Golub and LeVeque (1979), as Gymnasium's
 * {@code RunningMeanStd}: starts at mean 0, variance 1, count 1e-4; each update merges a batch.
 * The statistics can be read and saved as one array ({@link #toArray}) and restored ({@link #fromArray}).
 */
public final class RunningMeanStd {
    private final double[] mean;
    private final double[] var;
    private double count;

    public RunningMeanStd(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive but was " + size);
        }
        mean = new double[size];
        var = new double[size];
        Arrays.fill(var, 1.0);
        count = 1e-4;
    }

    /** Merges one sample (a batch of count 1, variance 0). */
    public void update(float[] x) {
        check(x.length);
        double tot = count + 1;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[i] - mean[i];
            double m2 = var[i] * count + delta * delta * count / tot;
            mean[i] = mean[i] + delta / tot;
            var[i] = m2 / tot;
        }
        count = tot;
    }

    /** Merges one scalar sample (size must be 1). */
    public void update(double x) {
        check(1);
        double tot = count + 1;
        double delta = x - mean[0];
        double m2 = var[0] * count + delta * delta * count / tot;
        mean[0] = mean[0] + delta / tot;
        var[0] = m2 / tot;
        count = tot;
    }

    private void check(int n) {
        if (n != mean.length) {
            throw new IllegalArgumentException("sample must have " + mean.length + " elements but had " + n);
        }
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] var() {
        return var.clone();
    }

    public double mean(int i) {
        return mean[i];
    }

    public double var(int i) {
        return var[i];
    }

    public double count() {
        return count;
    }

    /** {@code [count, mean..., var...]}. */
    public double[] toArray() {
        double[] a = new double[1 + 2 * mean.length];
        a[0] = count;
        System.arraycopy(mean, 0, a, 1, mean.length);
        System.arraycopy(var, 0, a, 1 + mean.length, var.length);
        return a;
    }

    /** Restores statistics saved by {@link #toArray}. */
    public void fromArray(double[] a) {
        if (a == null || a.length != 1 + 2 * mean.length) {
            throw new IllegalArgumentException("saved statistics must have " + (1 + 2 * mean.length)
                    + " values [count, mean..., var...] but had " + (a == null ? "null" : a.length));
        }
        count = a[0];
        System.arraycopy(a, 1, mean, 0, mean.length);
        System.arraycopy(a, 1 + mean.length, var, 0, var.length);
    }

    /** A wrapper's snapshot of its statistics: {@code updating} (0/1), then {@link #toArray} as raw bits. */
    static long[] snapshot(RunningMeanStd rms, boolean updating) {
        double[] a = rms.toArray();
        long[] out = new long[1 + a.length];
        out[0] = updating ? 1 : 0;
        for (int i = 0; i < a.length; i++) out[1 + i] = Double.doubleToRawLongBits(a[i]);
        return out;
    }

    /** Restores what {@link #snapshot} wrote into {@code rms}; returns {@code updating}. */
    static boolean restore(RunningMeanStd rms, long[] v, Object owner) {
        dev.bellman.env.Snapshottable.checkLength(v, 2 + 2 * rms.mean.length, owner);
        double[] a = new double[v.length - 1];
        for (int i = 0; i < a.length; i++) a[i] = Double.longBitsToDouble(v[1 + i]);
        rms.fromArray(a);
        return v[0] != 0;
    }
}
