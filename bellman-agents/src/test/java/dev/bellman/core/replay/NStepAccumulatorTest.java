package dev.bellman.core.replay;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NStepAccumulatorTest {
    record Out(float s, int a, float r, float next, boolean terminated, int horizon) {}

    private static NStepAccumulator.Sink into(List<Out> out) {
        return (o, oo, a, r, no, noo, term, h) -> out.add(new Out(o[oo], a, r, no[noo], term, h));
    }

    /** Steps copy 0 from state s to s + 1 with action s and the given reward. */
    private static void step(NStepAccumulator acc, int s, double r, boolean term, boolean trunc, List<Out> out) {
        acc.push(0, new float[]{s}, 0, s, r, new float[]{s + 1}, 0, term, trunc, into(out));
    }

    @Test
    void threeStep_terminationInsideWindow_stopsAndDoesNotBootstrap() {
        double g = 0.9;
        NStepAccumulator acc = new NStepAccumulator(1, 1, 3, g);
        List<Out> out = new ArrayList<>();
        step(acc, 0, 1, false, false, out);
        step(acc, 1, 2, false, false, out);
        assertTrue(out.isEmpty());
        step(acc, 2, 3, false, false, out);
        // s0: 1 + .9*2 + .81*3 = 5.23, bootstrap from s3 with gamma^3
        assertEquals(List.of(new Out(0, 0, (float) (1 + g * 2 + g * g * 3), 3, false, 3)), out);
        out.clear();
        step(acc, 3, 4, true, false, out);  // terminates: s1, s2, s3 flushed, all terminated
        assertEquals(3, out.size());
        assertEquals(new Out(1, 1, (float) (2 + g * 3 + g * g * 4), 4, true, 3), out.get(0));
        assertEquals(new Out(2, 2, (float) (3 + g * 4), 4, true, 2), out.get(1));
        assertEquals(new Out(3, 3, 4f, 4, true, 1), out.get(2));
        assertEquals(0, acc.pending(0));
    }

    @Test
    void threeStep_truncationInsideWindow_flushesAndBootstrapsFromFinalObservation() {
        double g = 0.5;
        NStepAccumulator acc = new NStepAccumulator(1, 1, 3, g);
        List<Out> out = new ArrayList<>();
        step(acc, 10, 1, false, false, out);
        step(acc, 11, 1, false, true, out); // time limit after two steps
        assertEquals(2, out.size());
        // target(s10) = 1 + .5*1 + .5^2 * max Q(s12): not terminated, horizon 2
        assertEquals(new Out(10, 10, 1.5f, 12, false, 2), out.get(0));
        assertEquals(new Out(11, 11, 1f, 12, false, 1), out.get(1));
        // next episode starts afresh: nothing of the old one is mixed in
        out.clear();
        step(acc, 20, 2, false, false, out);
        step(acc, 21, 2, false, false, out);
        step(acc, 22, 2, false, false, out);
        assertEquals(List.of(new Out(20, 20, 3.5f, 23, false, 3)), out);
    }

    @Test
    void oneStep_passesThrough() {
        NStepAccumulator acc = new NStepAccumulator(1, 1, 1, 0.99);
        List<Out> out = new ArrayList<>();
        step(acc, 0, 5, false, false, out);
        step(acc, 1, 6, true, false, out);
        assertEquals(List.of(new Out(0, 0, 5f, 1, false, 1), new Out(1, 1, 6f, 2, true, 1)), out);
    }

    @Test
    void copies_areIndependent_andFeedAReplayBuffer() {
        NStepAccumulator acc = new NStepAccumulator(2, 1, 2, 1.0);
        ReplayBuffer buf = ReplayBuffer.discrete(10, 1);
        acc.push(0, new float[]{0}, 0, 0, 1, new float[]{1}, 0, false, false, buf::add);
        acc.push(1, new float[]{100}, 0, 1, 10, new float[]{101}, 0, false, false, buf::add);
        assertEquals(0, buf.size());
        acc.push(0, new float[]{1}, 0, 0, 1, new float[]{2}, 0, false, false, buf::add);
        assertEquals(1, buf.size());
        ReplayBuffer.Batch b = buf.newBatch(1);
        b.indices()[0] = 0;
        buf.gather(b);
        assertEquals(0f, b.obs()[0]);
        assertEquals(2f, b.rewards()[0]);
        assertEquals(2f, b.nextObs()[0]);
        assertEquals(2, b.horizons()[0]);
        assertEquals(1, acc.pending(1));
    }
}
