package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;

/**
 * Package helpers for the wrappers that keep actions as state ({@link ActionDelay}, {@link ActuatorLatency}): the
 * neutral action, and actions as {@code long}s for snapshots. Only {@link Box} and {@link Discrete} spaces are supported.
 */
final class Actions {
    private Actions() {}

    static void requireSupported(Space<?> space, String wrapper) {
        if (!(space instanceof Box) && !(space instanceof Discrete)) {
            throw new IllegalArgumentException(wrapper + " needs a Box or Discrete action space but got " + space);
        }
    }

    /** Box: zero clipped into the box; Discrete: its first action. */
    static Object neutral(Space<?> space) {
        if (space instanceof Box b) {
            float[] a = new float[b.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.min(Math.max(0f, b.low(i)), b.high(i));
            }
            return a;
        }
        return ((Discrete) space).start();
    }

    /** Longs per action: the box size, or 1. */
    static int width(Space<?> space) {
        return space instanceof Box b ? b.size() : 1;
    }

    static void encode(Object action, long[] out, int offset) {
        if (action instanceof float[] a) {
            for (int i = 0; i < a.length; i++) {
                out[offset + i] = Float.floatToRawIntBits(a[i]);
            }
        } else {
            out[offset] = (Integer) action;
        }
    }

    static Object decode(Space<?> space, long[] in, int offset) {
        if (space instanceof Box b) {
            float[] a = new float[b.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = Float.intBitsToFloat((int) in[offset + i]);
            }
            return a;
        }
        return (int) in[offset];
    }

    static Object copy(Object action) {
        return action instanceof float[] a ? a.clone() : action;
    }
}
