package dev.bellman.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels sum in the 16-lane order on every machine: {@link CanonicalOrder}'s bit-exact check, here and in
 * JVMs whose vectors are narrower (8 lanes with {@code -XX:UseAVX=2}, 4 lanes with {@code -XX:MaxVectorSize=16}).
 */
class VectorWidthTest {

    @Test
    void gemmDotFormAndReductions_areTheCanonicalOrder_bitForBit_atThisWidth() {
        List<String> bad = CanonicalOrder.check();
        assertTrue(bad.isEmpty(), () -> Kernels.vectorBits() / 32 + " lanes: " + String.join("\n", bad));
    }

    @Test
    void gemmDotFormAndReductions_areTheCanonicalOrder_bitForBit_atNarrowerWidths() throws Exception {
        List<String> flags = new ArrayList<>(List.of("-XX:MaxVectorSize=16"));
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) flags.add(0, "-XX:UseAVX=2");
        for (String flag : flags) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", flag, "-cp", System.getProperty("java.class.path"),
                    CanonicalOrder.class.getName()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), flag + ": no answer within 120 s");
            assertEquals(0, p.exitValue(), flag + ":\n" + out);
            assertTrue(out.contains("ok"), flag + ":\n" + out);
        }
    }
}
