package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.tensor.kernels.Kernels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fixed-seed run of every deep algorithm is the same whatever the machine's vector width: {@link TrajectoryHashes}
 * in a JVM at the default width, one with 8-lane vectors ({@code -XX:UseAVX=2}, x86) and one with 4-lane vectors
 * ({@code -XX:MaxVectorSize=16}) prints the same metric records and final parameters, hash for hash. Where the
 * default width is already 8 lanes (an AVX2 machine), the {@code -XX:UseAVX=2} JVM would repeat the default one's run,
 * so it is left out (14 s of the suite on a 2-core AVX2 machine); an AVX-512 machine runs all three.
 */
class VectorWidthTrajectoryTest {

    private static List<String> run(String flag) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        if (!flag.isEmpty()) cmd.add(flag);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TrajectoryHashes.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), flag + ": no answer within 300 s");
        assertEquals(0, p.exitValue(), "'" + flag + "':\n" + out);
        return out.lines().filter(l -> !l.startsWith("WARNING")).toList();
    }

    @Test
    void everyDeepAlgorithm_givesTheSameTrajectory_atEveryVectorWidth() throws Exception {
        List<String> wide = run("");
        assertEquals(TrajectoryHashes.CASES.size(), wide.size(), String.join("\n", wide));
        List<String> flags = new ArrayList<>(List.of("-XX:MaxVectorSize=16"));
        String arch = System.getProperty("os.arch");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        if (x86 && Kernels.vectorBits() > 256) flags.add(0, "-XX:UseAVX=2");
        for (String flag : flags) {
            assertEquals(String.join("\n", wide), String.join("\n", run(flag)), "default width vs " + flag);
        }
    }
}
