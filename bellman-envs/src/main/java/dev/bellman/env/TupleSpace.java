package dev.bellman.env;

import java.util.ArrayList;
import java.util.List;

/** A product of spaces ({@code gymnasium.spaces.Tuple}); elements are {@code List<Object>} with one entry per space. */
public final class TupleSpace implements Space<List<Object>> {
    private final List<Space<?>> spaces;

    public TupleSpace(List<? extends Space<?>> spaces) {
        if (spaces == null || spaces.isEmpty()) {
            throw new IllegalArgumentException("TupleSpace needs at least one sub-space but got " + spaces);
        }
        this.spaces = List.copyOf(spaces);
    }

    public TupleSpace(Space<?>... spaces) {
        this(List.of(spaces));
    }

    public List<Space<?>> spaces() {
        return spaces;
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof List<?> l) || l.size() != spaces.size()) {
            return false;
        }
        for (int i = 0; i < l.size(); i++) {
            if (!spaces.get(i).contains(l.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Object> sample() {
        List<Object> out = new ArrayList<>(spaces.size());
        for (Space<?> s : spaces) {
            out.add(s.sample());
        }
        return out;
    }

    @Override
    public List<Object> sample(Object mask) {
        if (mask == null) {
            return sample();
        }
        if (!(mask instanceof Object[] m) || m.length != spaces.size()) {
            throw new IllegalArgumentException("TupleSpace mask must be an Object[" + spaces.size() + "] but was "
                    + Spaces.describe(mask));
        }
        List<Object> out = new ArrayList<>(spaces.size());
        for (int i = 0; i < m.length; i++) {
            out.add(spaces.get(i).sample(m[i]));
        }
        return out;
    }

    @Override
    public int[] shape() {
        return new int[0];
    }

    /** Seeds every sub-space with a seed drawn from a generator seeded with {@code seed}. */
    @Override
    public void seed(long seed) {
        NpRandom r = new NpRandom(seed);
        for (Space<?> s : spaces) {
            s.seed(r.integers(Integer.MAX_VALUE));
        }
    }

    @Override
    public int flatDim() {
        int d = 0;
        for (Space<?> s : spaces) {
            d += s.flatDim();
        }
        return d;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void flatten(List<Object> x, float[] out, int offset) {
        int o = offset;
        for (int i = 0; i < spaces.size(); i++) {
            Space s = spaces.get(i);
            s.flatten(x.get(i), out, o);
            o += s.flatDim();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TupleSpace t && t.spaces.equals(spaces);
    }

    @Override
    public int hashCode() {
        return spaces.hashCode();
    }

    @Override
    public String toString() {
        return "Tuple" + spaces.toString().replace('[', '(').replace(']', ')');
    }
}
