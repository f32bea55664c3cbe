package dev.bellman.envs.toytext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Draws recorded with NumPy's Generator by {@code tools/toytext_fixtures.py}: the Java sampling rules must consume
 * and use uniforms exactly as Gymnasium's {@code generate_random_map} and {@code categorical_sample} do.
 */
class NumpyFixtureTest {

    private static String fixtures() throws IOException {
        try (InputStream in = NumpyFixtureTest.class.getResourceAsStream("/toytext/fixtures.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void generateRandomMap_matchesNumpyBoards() throws IOException {
        Matcher m = Pattern.compile("\"size\": (\\d+),\\s*\"p\": ([\\d.]+),\\s*\"seed\": (\\d+),\\s*\"map\": \\[(.*?)\\]",
                Pattern.DOTALL).matcher(fixtures());
        int n = 0;
        while (m.find()) {
            String[] expected = Arrays.stream(m.group(4).split(","))
                    .map(s -> s.trim().replace("\"", "")).toArray(String[]::new);
            String[] actual = FrozenLake.generateRandomMap(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)),
                    Long.parseLong(m.group(3)));
            assertArrayEquals(expected, actual, "size " + m.group(1) + " p " + m.group(2) + " seed " + m.group(3));
            n++;
        }
        assertEquals(5, n);
    }

    @Test
    void taxiResets_matchNumpyCategoricalSample() throws IOException {
        Matcher m = Pattern.compile("\"seed\": (\\d+),\\s*\"states\": \\[(.*?)\\]", Pattern.DOTALL).matcher(fixtures());
        int n = 0;
        Taxi taxi = new Taxi();
        while (m.find()) {
            int[] expected = ints(m.group(2));
            int[] actual = new int[expected.length];
            actual[0] = taxi.reset(Long.parseLong(m.group(1))).observation();
            for (int k = 1; k < actual.length; k++) {
                actual[k] = taxi.reset().observation();
            }
            assertArrayEquals(expected, actual, "seed " + m.group(1));
            n++;
        }
        assertEquals(20, n);
    }

    @Test
    void frozenLakeSlipperySteps_matchNumpyCategoricalSample() throws IOException {
        Matcher m = Pattern.compile("\"seed\": (\\d+),\\s*\"indices\": \\[(.*?)\\]", Pattern.DOTALL).matcher(fixtures());
        int n = 0;
        // from state 6 = (1, 2) action LEFT the three outcomes are 2 (up), 5 (left, a hole) and 10 (down)
        int[] outcome = {2, 5, 10};
        FrozenLake lake = new FrozenLake("4x4", true);
        while (m.find()) {
            int[] expected = ints(m.group(2));
            lake.reset(Long.parseLong(m.group(1)));
            for (int k = 0; k < expected.length; k++) {
                lake.setState(6);
                assertEquals(outcome[expected[k]], lake.step(FrozenLakeModel.LEFT).observation(),
                        "seed " + m.group(1) + " step " + k);
            }
            n++;
        }
        assertEquals(5, n);
    }
}
