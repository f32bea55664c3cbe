package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Finite-difference checks (gradients and forward-mode tangents) and behaviour of the fused LSTM and GRU ops ({@link Recurrent}). */
class RecurrentTest {

    private static final int T = 4, N = 3, I = 5, H = 4;

    private static Tensor r(Rng rng, float scale, int... shape) {
        return GradCheck.randn(rng, shape).mul(scale).copy();
    }

    /** The results of one call as one flat tensor, so that a single projection covers all of them. */
    private static Tensor flat(Tensor... ts) {
        Tensor[] f = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) f[i] = ts[i].reshape(-1);
        return Tensor.concat(0, f);
    }

    @Test
    void lstm_gradientsOfOutputsAndFinalState_matchFiniteDifferences() {
        Rng rng = new Rng(1);
        GradCheck.check("lstm", in -> {
            Recurrent.LstmOutput o = Recurrent.lstm(in[0], in[1], in[2], in[3], in[4], in[5], in[6]);
            return flat(o.output(), o.h(), o.c());
        }, r(rng, 1f, T, N, I), r(rng, 1f, N, H), r(rng, 1f, N, H), r(rng, 0.5f, 4 * H, I), r(rng, 0.5f, 4 * H, H),
                r(rng, 0.5f, 4 * H), r(rng, 0.5f, 4 * H));
    }

    @Test
    void lstm_withoutBiasOrInitialState_matchesFiniteDifferences() {
        Rng rng = new Rng(2);
        GradCheck.check("lstm no bias, zero state", in -> {
            Recurrent.LstmOutput o = Recurrent.lstm(in[0], null, null, in[1], in[2], null, null);
            return flat(o.output(), o.c());
        }, r(rng, 1f, T, N, I), r(rng, 0.5f, 4 * H, I), r(rng, 0.5f, 4 * H, H));
    }

    @Test
    void gru_gradientsOfOutputsAndFinalState_matchFiniteDifferences() {
        Rng rng = new Rng(3);
        GradCheck.check("gru", in -> {
            Recurrent.GruOutput o = Recurrent.gru(in[0], in[1], in[2], in[3], in[4], in[5]);
            return flat(o.output(), o.h());
        }, r(rng, 1f, T, N, I), r(rng, 1f, N, H), r(rng, 0.5f, 3 * H, I), r(rng, 0.5f, 3 * H, H),
                r(rng, 0.5f, 3 * H), r(rng, 0.5f, 3 * H));
    }

    @Test
    void gru_withoutBiasOrInitialState_matchesFiniteDifferences() {
        Rng rng = new Rng(4);
        GradCheck.check("gru no bias, zero state",
                in -> Recurrent.gru(in[0], null, in[1], in[2], null, null).output(),
                r(rng, 1f, T, N, I), r(rng, 0.5f, 3 * H, I), r(rng, 0.5f, 3 * H, H));
    }

    @Test
    void cells_matchFiniteDifferences() {
        Rng rng = new Rng(5);
        GradCheck.check("lstmCell", in -> {
            Recurrent.LstmState s = Recurrent.lstmCell(in[0], in[1], in[2], in[3], in[4], in[5], in[6]);
            return flat(s.h(), s.c());
        }, r(rng, 1f, N, I), r(rng, 1f, N, H), r(rng, 1f, N, H), r(rng, 0.5f, 4 * H, I), r(rng, 0.5f, 4 * H, H),
                r(rng, 0.5f, 4 * H), r(rng, 0.5f, 4 * H));
        GradCheck.check("gruCell", in -> Recurrent.gruCell(in[0], in[1], in[2], in[3], in[4], in[5]),
                r(rng, 1f, N, I), r(rng, 1f, N, H), r(rng, 0.5f, 3 * H, I), r(rng, 0.5f, 3 * H, H),
                r(rng, 0.5f, 3 * H), r(rng, 0.5f, 3 * H));
    }

    @Test
    void sequence_equalsItsCellsSteppedInALoop() {
        Rng rng = new Rng(6);
        Tensor x = r(rng, 1f, T, N, I), h0 = r(rng, 1f, N, H), c0 = r(rng, 1f, N, H);
        Tensor wi = r(rng, 0.5f, 4 * H, I), wh = r(rng, 0.5f, 4 * H, H), bi = r(rng, 0.5f, 4 * H), bh = r(rng, 0.5f, 4 * H);
        Recurrent.LstmOutput seq = Recurrent.lstm(x, h0, c0, wi, wh, bi, bh);
        Recurrent.LstmState s = new Recurrent.LstmState(h0, c0);
        for (int t = 0; t < T; t++) {
            s = Recurrent.lstmCell(x.slice(0, t, t + 1).reshape(N, I), s.h(), s.c(), wi, wh, bi, bh);
            assertArrayEquals(s.h().toArray(), seq.output().slice(0, t, t + 1).reshape(N, H).toArray(), 1e-6f, "h at step " + t);
        }
        assertArrayEquals(s.h().toArray(), seq.h().toArray(), 1e-6f);
        assertArrayEquals(s.c().toArray(), seq.c().toArray(), 1e-6f);

        Tensor gwi = r(rng, 0.5f, 3 * H, I), gwh = r(rng, 0.5f, 3 * H, H), gbi = r(rng, 0.5f, 3 * H), gbh = r(rng, 0.5f, 3 * H);
        Recurrent.GruOutput gs = Recurrent.gru(x, h0, gwi, gwh, gbi, gbh);
        Tensor h = h0;
        for (int t = 0; t < T; t++) h = Recurrent.gruCell(x.slice(0, t, t + 1).reshape(N, I), h, gwi, gwh, gbi, gbh);
        assertArrayEquals(h.toArray(), gs.h().toArray(), 1e-6f);
    }

    @Test
    void lstm_isOneOpOnTheTape() {
        Rng rng = new Rng(7);
        Tensor x = Tensor.parameter(r(rng, 1f, T, N, I).toArray(), T, N, I);
        Recurrent.LstmOutput o = Recurrent.lstm(x, null, null, r(rng, 0.5f, 4 * H, I), r(rng, 0.5f, 4 * H, H), null, null);
        // output, h and c are views of the packed result of a single "lstm" op whose first parent is x itself
        Tensor packed = o.output().parents[0];
        assertEquals("lstm", packed.op());
        assertSame(x, packed.parents[0]);
        assertSame(packed, o.c().parents[0].parents[0]);
        o.output().sum().backward();
        assertNotNull(x.grad());
    }

    @Test
    void badShapes_areRejectedNamingThem() {
        Tensor wi = Tensor.zeros(4 * H, I), wh = Tensor.zeros(4 * H, H);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.lstm(Tensor.zeros(T, N, I + 1), null, null, wi, wh, null, null));
        assertEquals("lstm: input [4, 3, 6] must be [T, N, 5] (sequence length, batch, input size 5 of w_ih [16, 5])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.lstm(Tensor.zeros(T, N, I), Tensor.zeros(N + 1, H), null, wi, wh, null, null));
        assertEquals("lstm: state [4, 4] must be [3, 4] (batch of input [4, 3, 5], hidden size 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.gru(Tensor.zeros(T, N, I), null, Tensor.zeros(3 * H, I), Tensor.zeros(3 * H, H + 1), null, null));
        assertTrue(e.getMessage().startsWith("gru: w_hh [12, 5] must be [12, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.gru(Tensor.zeros(T, N, I), null, Tensor.zeros(3 * H, I), Tensor.zeros(3 * H, H), Tensor.zeros(H), null));
        assertEquals("gru: bias [4] must be [12] (hidden size 4)", e.getMessage());
    }
}
