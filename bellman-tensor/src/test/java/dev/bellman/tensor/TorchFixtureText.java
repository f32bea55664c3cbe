package dev.bellman.tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Reading the text fixtures written by {@code tools/fixtures/} (one record a line, whitespace-separated tokens,
 * {@code #} comments, shapes as {@code 2,3} or {@code -} for a scalar) and comparing against them.
 */
public final class TorchFixtureText {
    private TorchFixtureText() {}

    /** The tokens of every non-blank, non-comment line of the class-path resource {@code resource}. */
    public static List<String[]> lines(String resource) throws IOException {
        List<String[]> lines = new ArrayList<>();
        try (InputStream is = TorchFixtureText.class.getResourceAsStream(resource)) {
            assertNotNull(is, "fixture " + resource + " is missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(is, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                lines.add(line.trim().split("\\s+"));
            }
        }
        return lines;
    }

    /** A shape token: comma-separated sizes, or {@code -} for a scalar. */
    public static int[] shape(String s) {
        if (s.equals("-")) return new int[0];
        String[] p = s.split(",");
        int[] r = new int[p.length];
        for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i]);
        return r;
    }

    /** The tokens from index {@code from} on, as floats. */
    public static float[] values(String[] tok, int from) {
        float[] v = new float[tok.length - from];
        for (int i = from; i < tok.length; i++) v[i - from] = Float.parseFloat(tok[i]);
        return v;
    }

    /** |a − e| ≤ 1e-5 + 1e-4·|e| per element: float32 rounding over a few sequential steps. */
    public static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tol, what + " at flat index " + i);
        }
    }
}
