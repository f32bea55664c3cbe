package dev.bellman.env;

import java.util.Arrays;

/** Helpers for spaces: shape products and value descriptions for error messages ({@link #describe}). */
public final class Spaces {
    private Spaces() {
    }

    static int product(int[] shape, String what) {
        long p = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(what + " dimensions must be positive but was " + Arrays.toString(shape));
            }
            p *= d;
            if (p > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return (int) p;
    }

    /** Box spaces take no sample mask (as Gymnasium's {@code Box.sample}): throws unless {@code mask} is null. */
    static void rejectBoxMask(Object mask) {
        if (mask != null) {
            throw new UnsupportedOperationException("Box.sample does not support masks (as Gymnasium) but got "
                    + describe(mask));
        }
    }

    /** A short description of a value, for error messages (arrays printed with their contents). */
    public static String describe(Object x) {
        if (x == null) {
            return "null";
        }
        String s = switch (x) {
            case float[] a -> "float[] " + Arrays.toString(a);
            case double[] a -> "double[] " + Arrays.toString(a);
            case int[] a -> "int[] " + Arrays.toString(a);
            case long[] a -> "long[] " + Arrays.toString(a);
            case byte[] a -> "byte[] " + Arrays.toString(a);
            case boolean[] a -> "boolean[] " + Arrays.toString(a);
            case Object[] a -> "Object[] " + Arrays.deepToString(a);
            default -> x.getClass().getSimpleName() + " " + x;
        };
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static String compact(float[] a) {
        float first = a[0];
        for (float v : a) {
            if (Float.compare(v, first) != 0) {
                return Arrays.toString(a);
            }
        }
        return Float.toString(first);
    }
}
