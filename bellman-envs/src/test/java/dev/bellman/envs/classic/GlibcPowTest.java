package dev.bellman.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GlibcPow} against NumPy's {@code x ** 2} on glibc (gymnasium/episodes/libm_pow2.jsonl, written by
 * tools/reference/gym_episodes.py): float64 (glibc {@code pow}) and float32 ({@code powf}) squares, bit for bit.
 */
class GlibcPowTest {

    @SuppressWarnings("unchecked")
    @Test
    void squares_equalNumpyPowerBitForBit() {
        int doubles = 0;
        int floats = 0;
        int productDiffers = 0;
        for (String line : Json.resource("/gymnasium/episodes/libm_pow2.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) Json.parse(line);
            double want = Json.num(c.get("pow2"));
            if (c.containsKey("x")) {
                double x = Json.num(c.get("x"));
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(GlibcPow.square(x)),
                        () -> "pow(" + x + ", 2) = " + want + " in glibc but " + GlibcPow.square(x));
                productDiffers += x * x != want ? 1 : 0;
                doubles++;
            } else {
                float x = (float) Json.num(c.get("x32"));
                float w = (float) want;
                assertEquals(Float.floatToRawIntBits(w), Float.floatToRawIntBits(GlibcPow.squareF(x)),
                        () -> "powf(" + x + ", 2) = " + w + " in glibc but " + GlibcPow.squareF(x));
                productDiffers += x * x != w ? 1 : 0;
                floats++;
            }
        }
        assertTrue(doubles > 5000 && floats > 4000, "read " + doubles + " float64 and " + floats + " float32 cases");
        // why the class exists: the plain product differs from glibc on some recorded arguments
        assertTrue(productDiffers > 0, "x * x matched pow(x, 2) on every recorded argument");
    }
}
