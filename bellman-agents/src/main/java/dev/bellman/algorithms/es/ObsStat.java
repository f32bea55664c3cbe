package dev.bellman.algorithms.es;

/**
 * Running observation statistics as sums: the count, and per component the sum and the sum of squares, in double.
 * Each evaluation collects into its own instance; the loop then {@link #add adds} them in member order, so the totals
 * do not depend on which thread evaluated which member.
 */
final class ObsStat {
    long count;
    final double[] sum, sumSq;

    ObsStat(int size) {
        sum = new double[size];
        sumSq = new double[size];
    }

    void push(float[] x) {
        count++;
        for (int i = 0; i < sum.length; i++) {
            sum[i] += x[i];
            sumSq[i] += (double) x[i] * x[i];
        }
    }

    void add(ObsStat o) {
        count += o.count;
        for (int i = 0; i < sum.length; i++) {
            sum[i] += o.sum[i];
            sumSq[i] += o.sumSq[i];
        }
    }

    /** The mean (zeros before any observation). */
    float[] mean() {
        float[] m = new float[sum.length];
        if (count > 0) for (int i = 0; i < m.length; i++) m[i] = (float) (sum[i] / count);
        return m;
    }

    /** The population variance (ones before any observation), at least 0. */
    double variance(int i) {
        if (count == 0) return 1;
        double mean = sum[i] / count;
        return Math.max(0, sumSq[i] / count - mean * mean);
    }

    /** As a checkpoint stores it: count, then the sums, then the sums of squares. */
    double[] toArray() {
        double[] out = new double[1 + 2 * sum.length];
        out[0] = count;
        System.arraycopy(sum, 0, out, 1, sum.length);
        System.arraycopy(sumSq, 0, out, 1 + sum.length, sum.length);
        return out;
    }

    void fromArray(double[] a) {
        if (a.length != 1 + 2 * sum.length) {
            throw new IllegalArgumentException("observation statistics of " + sum.length + " components need "
                    + (1 + 2 * sum.length) + " values but had " + a.length);
        }
        count = (long) a[0];
        System.arraycopy(a, 1, sum, 0, sum.length);
        System.arraycopy(a, 1 + sum.length, sumSq, 0, sum.length);
    }
}
