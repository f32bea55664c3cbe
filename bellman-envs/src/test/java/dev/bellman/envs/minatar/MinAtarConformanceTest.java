package dev.bellman.envs.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Replays trajectories recorded from the Python MinAtar package (tools/fixtures/minatar_trajectories.py): every game,
 * both action sets (random play), a heuristic player per game that reaches the difficulty ramps, sticky actions on,
 * reset() without a seed after each termination. Each frame's
 * SHA-256 prefix, reward, termination, truncation and difficulty level must match.
 */
class MinAtarConformanceTest {

    private static List<String> lines() throws IOException {
        try (InputStream raw = MinAtarConformanceTest.class.getResourceAsStream("/minatar/trajectories.txt.gz");
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                     StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    private static String hash(MessageDigest sha, byte[] obs) {
        return HexFormat.of().formatHex(sha.digest(obs)).substring(0, 12);
    }

    private static int ramp(Env<?, ?> env) {
        MinAtarGame g = ((MinAtarEnv) env.unwrapped()).dynamics();
        if (g instanceof Asterix a) return a.rampIndex();
        if (g instanceof Seaquest s) return s.rampIndex();
        if (g instanceof SpaceInvaders s) return s.rampIndex();
        return 0;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyGame_bothActionSets_replayThePythonPackageBitForBit() throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<String> lines = lines();
        Env<byte[], Integer> env = null;
        String where = "";
        int trajectories = 0, frames = 0, episodes = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] p = lines.get(i).split(" ");
            switch (p[0]) {
                case "#", "P" -> { }
                case "T" -> {
                    if (env != null) env.close();
                    env = (Env<byte[], Integer>) (Env<?, ?>) Envs.make("MinAtar/" + p[1] + "-v" + p[2]);
                    String[] next = lines.get(++i).split(" ");
                    Reset<byte[]> reset = env.reset(Long.parseLong(p[3]));
                    where = p[1] + "-v" + p[2] + " seed " + p[3];
                    assertEquals(next[2], hash(sha, reset.observation()), where + ": first frame");
                    trajectories++;
                }
                case "R" -> {
                    Reset<byte[]> reset = env.reset();
                    episodes++;
                    assertEquals(p[1], String.valueOf(ramp(env)), where + " line " + (i + 1) + ": ramp after reset");
                    assertEquals(p[2], hash(sha, reset.observation()), where + " line " + (i + 1) + ": frame after reset");
                }
                default -> {
                    Step<byte[]> s = env.step(Integer.parseInt(p[0]));
                    String at = where + " line " + (i + 1);
                    assertEquals(Double.parseDouble(p[1]), s.reward(), at + ": reward");
                    assertEquals(p[2].equals("1"), s.terminated(), at + ": terminated");
                    assertEquals(p[3].equals("1"), s.truncated(), at + ": truncated");
                    assertEquals(p[4], String.valueOf(ramp(env)), at + ": difficulty ramp");
                    assertEquals(p[5], hash(sha, s.observation()), at + ": frame");
                    frames++;
                }
            }
        }
        assertEquals(15, trajectories, "a random-play trajectory per game and action set, a heuristic one per game");
        assertTrue(frames >= 15 * 3000 && episodes >= 100, frames + " frames, " + episodes + " episodes");
    }

    @Test
    void renderPalette_isMinAtarsCubehelixColours() throws IOException {
        for (String line : lines()) {
            if (!line.startsWith("P ")) continue;
            String[] p = line.split(" ");
            MinAtarEnv env = new MinAtarEnv(MinAtarEnv.Game.of(p[1]), false);
            int channels = env.observationSpace().shape()[0];
            int[] palette = MinAtarEnv.palette(channels);
            assertEquals(channels + 1, (p.length - 2) / 3, p[1]);
            for (int k = 0; k <= channels; k++) {
                int want = 0;
                for (int c = 0; c < 3; c++) {
                    want = (want << 8) | (int) Math.round(Double.parseDouble(p[2 + 3 * k + c]) * 255);
                }
                assertEquals(Integer.toHexString(want), Integer.toHexString(palette[k]), p[1] + " colour " + k);
            }
        }
    }
}
