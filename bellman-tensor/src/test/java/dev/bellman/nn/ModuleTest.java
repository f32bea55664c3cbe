package dev.bellman.nn;

import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModuleTest {
    @TempDir
    Path dir;

    /** A parameter holder with no ops, so these tests need only the tensor core. */
    static final class Leaf extends Module {
        final Tensor w, b;

        Leaf(int out, int in, Rng rng) {
            w = registerParameter("weight", Tensor.parameter(new float[out * in], out, in));
            b = registerParameter("bias", Tensor.parameter(new float[out], out));
            Init.torchDefault(w, b, rng);
        }
    }

    static final class Net extends Module {
        Net(Rng rng, int hidden) {
            registerParameter("log_std", Tensor.parameter(new float[]{0.5f, -0.5f}, 2));
            Module actor = registerModule("actor", new Pair(new Leaf(hidden, 3, rng), new Leaf(2, hidden, rng)));
            registerModule("critic", new Leaf(1, 3, rng));
            assertNotNull(actor);
        }
    }

    static final class Pair extends Module {
        Pair(Module a, Module b) {
            registerModule("0", a);
            registerModule("1", b);
        }
    }

    @Test
    void namedParameters_ownFirstThenChildrenWithDottedNames() {
        Net n = new Net(new Rng(1), 4);
        assertEquals(List.of("log_std", "actor.0.weight", "actor.0.bias", "actor.1.weight", "actor.1.bias",
                "critic.weight", "critic.bias"), List.copyOf(n.namedParameters().keySet()));
        assertEquals(List.copyOf(n.namedParameters().values()), n.parameters());
        assertEquals(2 + 4 * 3 + 4 + 2 * 4 + 2 + 3 + 1, n.numParameters());
        assertSame(n.namedParameters().get("critic.weight"), n.children().get("critic").namedParameters().get("weight"));
    }

    @Test
    void register_rejectsDotsDuplicatesAndNonTrainableTensors() {
        assertThrows(IllegalArgumentException.class, () -> new Module() {{
            registerParameter("a.b", Tensor.parameter(new float[1], 1));
        }});
        assertThrows(IllegalArgumentException.class, () -> new Module() {{
            registerParameter("a", Tensor.parameter(new float[1], 1));
            registerModule("a", new Leaf(1, 1, new Rng(0)));
        }});
        assertThrows(IllegalArgumentException.class, () -> new Module() {{
            registerParameter("a", Tensor.zeros(1));
        }});
    }

    @Test
    void forward_defaultThrowsNamingTheClass() {
        var e = assertThrows(UnsupportedOperationException.class, () -> new Net(new Rng(0), 2).forward(Tensor.zeros(1, 3)));
        assertTrue(e.getMessage().contains("Net"));
    }

    @Test
    void copyFrom_copiesEveryValue_andKeepsTensorsDistinct() {
        Net a = new Net(new Rng(1), 4), b = new Net(new Rng(2), 4);
        assertNotEquals(a.namedParameters().get("actor.0.weight").get(0, 0), b.namedParameters().get("actor.0.weight").get(0, 0));
        b.copyFrom(a);
        for (var e : a.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.namedParameters().get(e.getKey()).toArray(), e.getKey());
            assertNotSame(e.getValue().data(), b.namedParameters().get(e.getKey()).data());
        }
    }

    @Test
    void polyakFrom_appliesSoftUpdateFormula() {
        Net target = new Net(new Rng(1), 3), online = new Net(new Rng(2), 3);
        Map<String, float[]> before = new LinkedHashMap<>();
        target.namedParameters().forEach((k, v) -> before.put(k, v.toArray()));
        float tau = 0.005f;
        target.polyakFrom(online, tau);
        for (var e : target.namedParameters().entrySet()) {
            float[] src = online.namedParameters().get(e.getKey()).toArray(), old = before.get(e.getKey());
            float[] now = e.getValue().toArray();
            for (int i = 0; i < now.length; i++) {
                assertEquals(tau * src[i] + (1 - tau) * old[i], now[i], 1e-7f, e.getKey());
            }
        }
        float[] kept = target.namedParameters().get("actor.1.weight").toArray();
        target.polyakFrom(online, 0f);
        assertArrayEquals(kept, target.namedParameters().get("actor.1.weight").toArray(), "tau = 0 keeps the target");
        assertThrows(IllegalArgumentException.class, () -> target.polyakFrom(online, 1.5f));
    }

    @Test
    void copyFrom_mismatchedArchitectures_failWithNamesAndShapes() {
        Net a = new Net(new Rng(1), 4), b = new Net(new Rng(1), 5);
        var e = assertThrows(IllegalArgumentException.class, () -> a.copyFrom(b));
        assertTrue(e.getMessage().contains("'actor.0.weight' is [4, 3] here but [5, 3]"), e.getMessage());
        float before = a.namedParameters().get("critic.weight").get(0, 0);
        assertEquals(before, a.namedParameters().get("critic.weight").get(0, 0), "nothing copied on failure");
        Leaf l = new Leaf(4, 3, new Rng(0));
        var e2 = assertThrows(IllegalArgumentException.class, () -> a.copyFrom(l));
        assertTrue(e2.getMessage().contains("missing [log_std, actor.0.weight"), e2.getMessage());
        assertTrue(e2.getMessage().contains("unexpected [weight, bias]"), e2.getMessage());
    }

    @Test
    void zeroGrad_clearsAccumulatedGradients() {
        Leaf l = new Leaf(2, 2, new Rng(0));
        l.w.backward(new float[]{1, 2, 3, 4});
        assertEquals(4f, l.w.grad()[3]);
        l.zeroGrad();
        assertArrayEquals(new float[4], l.w.grad());
    }

    @Test
    void saveLoad_roundTripsStateDict() throws IOException {
        Net a = new Net(new Rng(1), 4), b = new Net(new Rng(9), 4);
        Path p = dir.resolve("net.safetensors");
        a.save(p, Map.of("algo", "ppo"));
        b.load(p);
        for (var e : a.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.namedParameters().get(e.getKey()).toArray(), e.getKey());
        }
        assertEquals("ppo", SafeTensors.read(p).metadata().get("algo"));
    }

    @Test
    void load_wrongArchitecture_failsNamingFileAndKeys() throws IOException {
        Path p = dir.resolve("leaf.safetensors");
        new Leaf(2, 3, new Rng(0)).save(p);
        var e = assertThrows(IllegalArgumentException.class, () -> new Leaf(2, 4, new Rng(0)).load(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("'weight' is [2, 4] here but [2, 3]"),
                e.getMessage());
        Map<String, Tensor> extra = new LinkedHashMap<>(new Leaf(2, 3, new Rng(0)).stateDict());
        extra.put("running_mean", Tensor.zeros(2));
        var e2 = assertThrows(IllegalArgumentException.class, () -> new Leaf(2, 3, new Rng(0)).loadStateDict(extra));
        assertTrue(e2.getMessage().contains("unexpected [running_mean]"), e2.getMessage());
    }

    @Test
    void toString_describesTree() {
        String s = new Net(new Rng(0), 2).toString();
        assertTrue(s.startsWith("Net(") && s.contains("(actor): Pair(") && s.contains("(critic): Leaf("), s);
    }
}
