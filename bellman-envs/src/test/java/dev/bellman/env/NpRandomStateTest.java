package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NpRandomState against draws of NumPy's legacy RandomState recorded by tools/fixtures/np_random_state.py. */
class NpRandomStateTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases() {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Json.resource("/numpy/np_random_state.json"));
        return (List<Map<String, Object>>) root.get("cases");
    }

    private static double bits(Object v) {
        return ((Number) v).doubleValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void randomSample_matchesNumpy_acrossTheBlockBoundary() {
        for (Map<String, Object> c : cases()) {
            long seed = (Long) c.get("seed");
            NpRandomState r = new NpRandomState(seed);
            List<Object> want = (List<Object>) c.get("random_sample");
            for (int i = 0; i < want.size(); i++) {
                assertEquals(Double.doubleToLongBits(bits(want.get(i))), Double.doubleToLongBits(r.randomSample()),
                        "seed " + seed + " draw " + i);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void minatarCalls_interleaved_matchNumpy() {
        for (Map<String, Object> c : cases()) {
            long seed = (Long) c.get("seed");
            NpRandomState r = new NpRandomState(seed);
            int k = 0;
            for (Object o : (List<Object>) c.get("ops")) {
                List<Object> op = (List<Object>) o;
                String what = "seed " + seed + " op " + k++ + " " + op;
                switch ((String) op.get(0)) {
                    case "rand" -> assertEquals(bits(op.get(1)), r.randomSample(), what);
                    case "randint" -> assertEquals((long) (Long) op.get(2), r.randint((Long) op.get(1)), what);
                    case "randint2" -> assertEquals((long) (Long) op.get(3), r.randint((Long) op.get(1), (Long) op.get(2)), what);
                    case "randint_n" -> {
                        for (Object v : (List<Object>) op.get(3)) {
                            assertEquals((long) (Long) v, r.randint((Long) op.get(1), (Long) op.get(2)), what);
                        }
                    }
                    case "rand_n" -> {
                        for (Object v : (List<Object>) op.get(1)) assertEquals(bits(v), r.randomSample(), what);
                    }
                    case "choice" -> assertEquals((long) (Long) op.get(2), r.choice((int) (long) (Long) op.get(1)), what);
                    default -> throw new AssertionError("unknown op " + op);
                }
            }
            r = new NpRandomState(seed);
            for (Object o : (List<Object>) c.get("wide")) {
                List<Object> w = (List<Object>) o;
                assertEquals((long) (Long) w.get(1), r.randint((Long) w.get(0)), "seed " + seed + " randint(" + w.get(0) + ")");
            }
        }
    }

    @Test
    void snapshot_restore_continuesTheStream() {
        NpRandomState a = new NpRandomState(7);
        for (int i = 0; i < 700; i++) a.nextInt32();
        long[] s = a.snapshot();
        NpRandomState b = new NpRandomState(0);
        b.restore(s);
        for (int i = 0; i < 1000; i++) assertEquals(a.nextInt32(), b.nextInt32(), "draw " + i);
    }

    @Test
    void seedOutsideNumpysRange_isRejectedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NpRandomState(1L << 32));
        assertEquals(true, e.getMessage().contains("4294967296"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NpRandomState(-1));
    }
}
