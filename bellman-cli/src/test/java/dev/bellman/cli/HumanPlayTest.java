package dev.bellman.cli;

import dev.bellman.core.demos.Column;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;
import dev.bellman.datasets.MinariDatasets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman play --human --env ID --record OUT}: a person (scripted stdin) plays and the dataset holds the play. */
class HumanPlayTest {
    @TempDir
    Path tmp;
    private final InputStream stdin = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private static Cli playWithInput(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return Cli.run(args);
    }

    @Test
    void cliffWalking_twoEpisodesByKeys_areRecordedAsPlayed_andTheUnfinishedOneIsDropped() throws Exception {
        // episode 1 with letters: up, right x 11, down = the safe... shortest path along the cliff (13 steps, -13)
        StringBuilder in = new StringBuilder("w\n");
        in.append("d\n".repeat(11)).append("s\n");
        // episode 2 with the terminal's arrow-key sequences and a wrong key, asked again: down into the cliff at once
        // is impossible from the start (already at the bottom row), so right = into the cliff (-100, back to start),
        // then up, right x 11, down
        in.append("x\n").append("\u001b[C\n").append("\u001b[A\n").append("\u001b[C\n".repeat(11)).append("\u001b[B\n");
        // episode 3 is started and stopped
        in.append("w\nq\n");
        Path out = tmp.resolve("human-cliff");
        Cli r = playWithInput(in.toString(), "play", "--human", "--env", "CliffWalking-v1", "--episodes", "3", "--seed",
                "5", "--record", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("'x' is not a key here; w a s d or the arrow keys"), r.out());
        assertTrue(r.out().contains("episode 1: return -13, length 13"), r.out());
        assertTrue(r.out().contains("episode 2: return -113, length 14"), r.out());
        assertTrue(r.out().contains("stopped; episode 3 was not finished and is not kept"), r.out());
        assertTrue(r.out().contains("recorded 2 episodes, 27 steps of human play on CliffWalking-v1"), r.out());

        Dataset d = MinariDatasets.read(out);
        assertEquals("CliffWalking-v1", d.envId());
        assertEquals("human", d.metadata().get("algorithm_name"));
        assertEquals(2, d.totalEpisodes());
        Episode e1 = d.episodes().get(0), e2 = d.episodes().get(1);
        long[] up = {0}, right11 = new long[11], down = {2};
        java.util.Arrays.fill(right11, 1);
        assertArrayEquals(concat(up, right11, down), ((Column.Longs) e1.actions()).data());
        assertArrayEquals(concat(new long[] {1}, up, right11, down), ((Column.Longs) e2.actions()).data());
        assertEquals(-13, e1.episodeReturn());
        assertEquals(-113, e2.episodeReturn());
        assertTrue(e1.terminated(12) && e2.terminated(13));
        assertFalse(e1.terminated(11));
        assertEquals(36L, ((Column.Longs) e1.observations()).data()[0]); // the start state
        assertEquals(47L, ((Column.Longs) e1.observations()).data()[13]); // the goal
        assertEquals(5L, e1.seed());
        assertEquals(6L, e2.seed());
    }

    @Test
    void envWithoutKeys_recordOverADataset_andRunDirFlags_areUserErrors() throws Exception {
        Cli r = playWithInput("", "play", "--human", "--env", "Pendulum-v1");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("env Pendulum-v1 has no keyboard controls for --human; envs with a key map:"
                + " CartPole-v0, CartPole-v1"), r.err());
        Path out = tmp.resolve("d");
        r = playWithInput("d\nd\n", "play", "--human", "--env", "CartPole-v1", "--record", out.toString());
        assertEquals(2, r.exitCode(), r.toString()); // CartPole lasts more than two pushes: nothing finished
        assertTrue(r.err().contains("no episode was finished, so nothing was recorded"), r.err());
        r = playWithInput("", "play", "--env", "CartPole-v1");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("give --run-dir DIR (a trained run), or --human --env ENV_ID"), r.err());
    }

    @Test
    void keyMaps_followGymnasiumsActionOrder() {
        HumanKeys lander = HumanKeys.of("LunarLander-v3").orElseThrow();
        assertEquals(2, lander.action("w").orElseThrow()); // main engine
        assertEquals(1, lander.action(HumanKeys.LEFT).orElseThrow()); // left orientation engine
        assertEquals(3, lander.action("D").orElseThrow());
        assertEquals(0, lander.action("").orElseThrow());
        HumanKeys frozen = HumanKeys.of("FrozenLake-v1").orElseThrow();
        assertEquals(0, frozen.action("a").orElseThrow()); // 0 left, 1 down, 2 right, 3 up
        assertEquals(1, frozen.action("down").orElseThrow());
        assertEquals(3, frozen.action(HumanKeys.UP).orElseThrow());
        HumanKeys car = HumanKeys.of("MountainCar-v0").orElseThrow();
        assertEquals(2, car.action(HumanKeys.RIGHT).orElseThrow());
        assertEquals(1, car.action("").orElseThrow());
        assertTrue(HumanKeys.of("CartPole-v1").orElseThrow().action("w").isEmpty());
        for (String env : HumanKeys.ENVS) assertTrue(HumanKeys.of(env).isPresent(), env);
    }

    private static long[] concat(long[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
