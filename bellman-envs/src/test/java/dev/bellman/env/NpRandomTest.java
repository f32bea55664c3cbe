package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NpRandom against draws recorded from NumPy 1.24 (tools/fixtures/np_random.py). */
class NpRandomTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases() {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Json.resource("/numpy/np_random.json"));
        return (List<Map<String, Object>>) root.get("cases");
    }

    private static long u64(Object decimal) {
        return new BigInteger((String) decimal).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void seedSequence_generateState_matchesNumpy() {
        for (Map<String, Object> c : cases()) {
            long seed = (Long) c.get("seed");
            long[] got = NpRandom.seedSequenceState(seed);
            List<Object> want = (List<Object>) c.get("seed_sequence_state");
            for (int i = 0; i < 4; i++) {
                assertEquals(u64(want.get(i)), got[i], "seed " + seed + " word " + i);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void pcg64_rawOutputs_matchNumpy() {
        for (Map<String, Object> c : cases()) {
            long seed = (Long) c.get("seed");
            NpRandom r = new NpRandom(seed);
            for (Object w : (List<Object>) c.get("raw_uint64")) {
                assertEquals(u64(w), r.nextLong(), "seed " + seed);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void randomAndUniform_matchNumpyBitForBit() {
        for (Map<String, Object> c : cases()) {
            long seed = (Long) c.get("seed");
            NpRandom r = new NpRandom(seed);
            for (Object v : (List<Object>) c.get("random")) {
                assertEquals(Json.num(v), r.random(), 0.0, "random, seed " + seed);
            }
            r = new NpRandom(seed);
            for (Object v : (List<Object>) c.get("uniform_cartpole")) {
                assertEquals(Json.num(v), r.uniform(-0.05, 0.05), 0.0, "uniform, seed " + seed);
            }
            r = new NpRandom(seed);
            List<Object> pend = (List<Object>) c.get("uniform_pendulum");
            assertEquals(Json.num(pend.get(0)), r.uniform(-Math.PI, Math.PI), 0.0);
            assertEquals(Json.num(pend.get(1)), r.uniform(-1.0, 1.0), 0.0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void integers_matchNumpy_acrossSmallAndLargeRanges() {
        for (Map<String, Object> c : cases()) {
            long seed = (Long) c.get("seed");
            NpRandom r = new NpRandom(seed);
            for (Object pair : (List<Object>) c.get("integers")) {
                List<Object> p = (List<Object>) pair;
                long high = (Long) p.get(0);
                assertEquals((long) (Long) p.get(1), r.integers(high), "integers(" + high + "), seed " + seed);
            }
        }
    }

    @Test
    void normal_isDeterministicPerSeed_butNotNumpysZiggurat() {
        NpRandom a = new NpRandom(7);
        NpRandom b = new NpRandom(7);
        double sum = 0;
        double sumSq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double x = a.standardNormal();
            assertEquals(x, b.standardNormal(), 0.0);
            sum += x;
            sumSq += x * x;
        }
        assertEquals(0.0, sum / n, 0.03);
        assertEquals(1.0, sumSq / n, 0.05);
        assertNotEquals(new NpRandom(7).standardNormal(), new NpRandom(8).standardNormal());
    }

    @Test
    void negativeSeed_isRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NpRandom(-1));
        assertEquals(true, e.getMessage().contains("-1"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void choice_matchesNumpyGeneratorChoice() {
        // recorded by tools/reference/gym_episodes.py (np_choice.json): Generator.choice on 1-d populations of
        // several sizes, in sequence, so the buffered 32-bit halves and the 64-bit path are exercised in order
        Map<String, Object> root = (Map<String, Object>) Json.parse(Json.resource("/gymnasium/episodes/np_choice.json"));
        for (Object o : (List<Object>) root.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            long seed = (Long) c.get("seed");
            NpRandom r = new NpRandom(seed);
            for (Object d : (List<Object>) c.get("draws")) {
                List<Object> draw = (List<Object>) d;
                long n = (Long) draw.get(0);
                long want = (Long) draw.get(1);
                // choice takes an int size; a population past 2^31 (drawn by NumPy as integers(n)) keeps the stream aligned
                long got = n <= Integer.MAX_VALUE ? r.choice((int) n) : r.integers(n);
                assertEquals(want, got, "seed " + seed + " choice(" + n + ")");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new NpRandom(0).choice(0));
    }
}
