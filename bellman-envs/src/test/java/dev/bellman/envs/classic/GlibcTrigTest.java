package dev.bellman.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GlibcTrig} against NumPy's float64 {@code np.sin}/{@code np.cos} on glibc (gymnasium/episodes/libm_sincos.jsonl,
 * written by tools/reference/gym_episodes.py): thousands of arguments over every range the implementation splits
 * (below 0.126, the table range, the reflected range, reduction modulo π/2), compared bit for bit.
 */
class GlibcTrigTest {

    @SuppressWarnings("unchecked")
    @Test
    void sinAndCos_equalGlibcBitForBit() {
        int n = 0;
        int mathSinDiffers = 0;
        for (String line : Json.resource("/gymnasium/episodes/libm_sincos.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) Json.parse(line);
            double x = Json.num(c.get("x"));
            double sin = Json.num(c.get("sin"));
            double cos = Json.num(c.get("cos"));
            assertEquals(Double.doubleToRawLongBits(sin), Double.doubleToRawLongBits(GlibcTrig.sin(x)),
                    () -> "sin(" + x + ") = " + sin + " in glibc but " + GlibcTrig.sin(x));
            assertEquals(Double.doubleToRawLongBits(cos), Double.doubleToRawLongBits(GlibcTrig.cos(x)),
                    () -> "cos(" + x + ") = " + cos + " in glibc but " + GlibcTrig.cos(x));
            mathSinDiffers += Math.sin(x) != sin || Math.cos(x) != cos ? 1 : 0;
            n++;
        }
        assertTrue(n > 3000, "expected thousands of recorded arguments but read " + n);
        // the reason GlibcTrig exists: the JDK's own functions round differently on some of these arguments
        assertTrue(mathSinDiffers > 0, "Math.sin/cos matched glibc on every recorded argument");
    }

    @Test
    void specialArguments() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(GlibcTrig.sin(-0.0)));
        assertEquals(1.0, GlibcTrig.cos(-0.0));
        assertTrue(Double.isNaN(GlibcTrig.sin(Double.POSITIVE_INFINITY)));
        assertTrue(Double.isNaN(GlibcTrig.cos(Double.NaN)));
        assertEquals(StrictMath.sin(1e12), GlibcTrig.sin(1e12), 1e-15); // beyond 105414350: StrictMath's reduction
    }
}
