package dev.bellman.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named sub-spaces ({@code gymnasium.spaces.Dict}); elements are {@code Map<String, Object>}. Keys are kept sorted,
 * as Gymnasium sorts the keys of a plain dict.
 */
public final class DictSpace implements Space<Map<String, Object>> {
    private final Map<String, Space<?>> spaces;

    public DictSpace(Map<String, ? extends Space<?>> spaces) {
        if (spaces == null || spaces.isEmpty()) {
            throw new IllegalArgumentException("DictSpace needs at least one sub-space but got " + spaces);
        }
        this.spaces = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(spaces)));
    }

    public Map<String, Space<?>> spaces() {
        return spaces;
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof Map<?, ?> m) || !m.keySet().equals(spaces.keySet())) {
            return false;
        }
        for (Map.Entry<String, Space<?>> e : spaces.entrySet()) {
            if (!e.getValue().contains(m.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> out = new LinkedHashMap<>();
        spaces.forEach((k, s) -> out.put(k, s.sample()));
        return out;
    }

    @Override
    public Map<String, Object> sample(Object mask) {
        if (mask == null) {
            return sample();
        }
        if (!(mask instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("DictSpace mask must be a Map<String, Object> but was "
                    + Spaces.describe(mask));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        spaces.forEach((k, s) -> out.put(k, s.sample(m.get(k))));
        return out;
    }

    @Override
    public int[] shape() {
        return new int[0];
    }

    @Override
    public void seed(long seed) {
        NpRandom r = new NpRandom(seed);
        for (Space<?> s : spaces.values()) {
            s.seed(r.integers(Integer.MAX_VALUE));
        }
    }

    @Override
    public int flatDim() {
        int d = 0;
        for (Space<?> s : spaces.values()) {
            d += s.flatDim();
        }
        return d;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void flatten(Map<String, Object> x, float[] out, int offset) {
        int o = offset;
        for (Map.Entry<String, Space<?>> e : spaces.entrySet()) {
            Space s = e.getValue();
            s.flatten(x.get(e.getKey()), out, o);
            o += s.flatDim();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DictSpace d && d.spaces.equals(spaces);
    }

    @Override
    public int hashCode() {
        return spaces.hashCode();
    }

    @Override
    public String toString() {
        return "Dict" + spaces;
    }
}
