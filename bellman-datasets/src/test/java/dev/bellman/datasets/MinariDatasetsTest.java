package dev.bellman.datasets;

import dev.bellman.core.demos.Column;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;
import dev.bellman.core.demos.Recorder;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinariDatasetsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/minari");

    private static Dataset recorded(String envId, int episodes) {
        try (Env<?, ?> env = Envs.make(envId)) {
            env.actionSpace().seed(5);
            var eps = Recorder.record(env, obs -> env.actionSpace().sample(), episodes, 9, 0);
            return new Dataset("test/" + envId + "/random-v0", envId, env.observationSpace(), env.actionSpace(), eps,
                    Map.of("algorithm_name", "random", "author", "MinariDatasetsTest"));
        }
    }

    @Test
    void roundTrip_boxDiscreteAndByteObservations_readBackIdentical(@TempDir Path dir) throws IOException {
        List<Dataset> sets = new ArrayList<>(List.of(recorded("CartPole-v1", 4), recorded("FrozenLake-v1", 5),
                recorded("IdentityContinuous-v0", 2)));
        // uint8 images: a ByteBox [2, 3] with values across 0..255
        ByteBox images = new ByteBox(0, 255, 2, 3);
        byte[] pix = new byte[3 * 6];
        for (int i = 0; i < pix.length; i++) pix[i] = (byte) (i * 15);
        sets.add(new Dataset("test/bytes", "none", images, new Discrete(3),
                List.of(new Episode(0, 1L, new Column.Bytes(pix, new int[] {3, 2, 3}), Column.Longs.of(2, 0),
                        new double[] {0.25, -1}, new boolean[] {false, true}, new boolean[] {false, false})), Map.of()));
        int i = 0;
        for (Dataset d : sets) {
            Path out = dir.resolve("d" + i++);
            MinariDatasets.write(d, out);
            Dataset back = MinariDatasets.read(out);
            assertEquals(d.episodes(), back.episodes(), d.datasetId());
            assertEquals(d.observationSpace(), back.observationSpace());
            assertEquals(d.actionSpace(), back.actionSpace());
            assertEquals(d.envId(), back.envId());
            assertEquals(d.datasetId(), back.datasetId());
            assertEquals(d.metadata(), back.metadata());
            assertEquals(d.stats(), back.stats());
        }
    }

    /**
     * Pixel observations (uint8 [4, 84, 84] stacked frames, as MinAtar/BreakoutPixels-v1 gives): the observation space's
     * JSON lists 2 x 28,224 bounds (170 kB), more than one HDF5 attribute message holds. Written as a root attribute it
     * corrupted the file (jhdf truncated the message's 2-byte size; reading failed with "Failed to load children for
     * group '//'"); it now lives in metadata.json only, and the file reads back.
     */
    @Test
    void roundTrip_pixelObservations_uint8Frames4x84x84(@TempDir Path dir) throws IOException {
        ByteBox frames = new ByteBox(0, 255, 4, 84, 84);
        int frame = 4 * 84 * 84;
        List<Episode> eps = new ArrayList<>();
        int[] steps = {3, 2};
        for (int e = 0; e < steps.length; e++) {
            int n = steps[e];
            byte[] pix = new byte[(n + 1) * frame];
            for (int i = 0; i < pix.length; i++) pix[i] = (byte) (i * 7 + e); // every value 0..255 occurs
            long[] act = new long[n];
            for (int t = 0; t < n; t++) act[t] = (t + e) % 3;
            boolean[] term = new boolean[n], trunc = new boolean[n];
            term[n - 1] = e == 0;
            trunc[n - 1] = e == 1;
            double[] rew = new double[n];
            rew[0] = 1;
            eps.add(new Episode(e, 7L + e, new Column.Bytes(pix, new int[] {n + 1, 4, 84, 84}), Column.Longs.of(act), rew,
                    term, trunc));
        }
        Dataset d = new Dataset("test/pixels/random-v0", "MinAtar/BreakoutPixels-v1", frames, new Discrete(3), eps,
                Map.of("algorithm_name", "random"));
        Path out = dir.resolve("pixels");
        MinariDatasets.write(d, out);

        Dataset back = MinariDatasets.read(out);
        assertEquals(d.episodes(), back.episodes());
        assertEquals(frames, back.observationSpace());
        assertEquals(d.actionSpace(), back.actionSpace());
        assertEquals(d.metadata(), back.metadata());
        assertEquals(d.stats(), back.stats());
        try (HdfFile f = new HdfFile(out.resolve("data/main_data.hdf5"))) {
            var attrs = f.getAttributes().keySet();
            assertTrue(attrs.containsAll(List.of("action_space", "env_spec", "total_steps", "dataset_id")), attrs.toString());
            assertFalse(attrs.contains("observation_space"), "too long for an attribute message: metadata.json only");
        }
        String metadata = Files.readString(out.resolve("data/metadata.json"));
        assertTrue(metadata.contains("\"observation_space\""), "metadata.json keeps the observation space");
    }

    @Test
    void write_refusesToOverwrite(@TempDir Path dir) throws IOException {
        Dataset d = recorded("CartPole-v1", 1);
        MinariDatasets.write(d, dir.resolve("x"));
        IOException e = assertThrows(IOException.class, () -> MinariDatasets.write(d, dir.resolve("x")));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void read_missingDataset_namesTheMissingFile(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> MinariDatasets.read(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("metadata.json is missing"), e.getMessage());
    }

    /** The fixture tools/fixtures/minari_fixture.py wrote with h5py, as Minari's HDF5 storage writes. */
    @Test
    void readsH5pyWrittenMinariDataset_boxObservations() throws IOException {
        Dataset d = MinariDatasets.read(FIXTURES.resolve("h5py-cartpole"));
        assertEquals("CartPole-v1", d.envId());
        assertEquals("test/CartPole-v1/formula-v0", d.datasetId());
        assertEquals(new Discrete(2), d.actionSpace());
        Box obs = (Box) d.observationSpace();
        assertArrayEquals(new int[] {4}, obs.shape());
        assertEquals(Float.NEGATIVE_INFINITY, obs.low(1));
        assertEquals(4.8f, obs.high(0), 1e-6);
        assertEquals("formula", d.metadata().get("algorithm_name"));
        assertEquals(2, d.totalEpisodes());
        assertEquals(8, d.totalSteps());
        int[] steps = {3, 5};
        for (int e = 0; e < 2; e++) {
            Episode ep = d.episodes().get(e);
            assertEquals(steps[e], ep.steps());
            assertEquals(e == 0 ? Long.valueOf(42) : null, ep.seed());
            float[] o = ((Column.Floats) ep.observations()).data();
            for (int t = 0; t <= steps[e]; t++) {
                for (int j = 0; j < 4; j++) assertEquals((float) (100 * e + t + j / 10.0), o[t * 4 + j], "obs " + e + "," + t);
            }
            for (int t = 0; t < steps[e]; t++) {
                assertEquals((t + e) % 2, ((Column.Longs) ep.actions()).data()[t]);
                assertEquals(1.0, ep.reward(t));
                assertEquals(e == 0 && t == steps[e] - 1, ep.terminated(t));
                assertEquals(e == 1 && t == steps[e] - 1, ep.truncated(t));
            }
        }
    }

    @Test
    void readsH5pyWrittenMinariDataset_discreteObservations() throws IOException {
        Dataset d = MinariDatasets.read(FIXTURES.resolve("h5py-frozenlake").resolve("data")); // the data dir also works
        assertEquals(new Discrete(16), d.observationSpace());
        assertEquals(new Discrete(4), d.actionSpace());
        int[] steps = {2, 4, 1};
        for (int e = 0; e < 3; e++) {
            Episode ep = d.episodes().get(e);
            assertNull(ep.seed());
            long[] o = ((Column.Longs) ep.observations()).data();
            for (int t = 0; t <= steps[e]; t++) assertEquals((3 * e + t) % 16, o[t]);
            for (int t = 0; t < steps[e]; t++) {
                assertEquals(0.5 * t, ep.reward(t));
                assertEquals(t == steps[e] - 1, ep.terminated(t));
                assertFalse(ep.truncated(t));
            }
        }
    }

    /** The h5py fixture's content, built in Java. */
    static Dataset formulaCartPole() {
        try (Env<?, ?> env = Envs.make("CartPole-v1")) {
            List<Episode> eps = new ArrayList<>();
            int[] steps = {3, 5};
            for (int e = 0; e < 2; e++) {
                int n = steps[e];
                float[] obs = new float[(n + 1) * 4];
                for (int t = 0; t <= n; t++) for (int j = 0; j < 4; j++) obs[t * 4 + j] = (float) (100 * e + t + j / 10.0);
                long[] act = new long[n];
                double[] rew = new double[n];
                boolean[] term = new boolean[n], trunc = new boolean[n];
                for (int t = 0; t < n; t++) {
                    act[t] = (t + e) % 2;
                    rew[t] = 1;
                    term[t] = e == 0 && t == n - 1;
                    trunc[t] = e == 1 && t == n - 1;
                }
                eps.add(new Episode(e, e == 0 ? 42L : null, new Column.Floats(obs, new int[] {n + 1, 4}), Column.Longs.of(act),
                        rew, term, trunc));
            }
            return new Dataset("test/CartPole-v1/formula-v0", "CartPole-v1", env.observationSpace(), env.actionSpace(),
                    eps, Map.of("algorithm_name", "formula"));
        }
    }

    /**
     * A Bellman-written file has the structure h5py saw in one (bellman-written.h5py.txt, the output of
     * {@code minari_fixture.py list} on the file this test leaves in target/minari-bellman-written), dtypes included.
     */
    @Test
    void bellmanWrittenFile_hasTheStructureH5pySawInIt() throws IOException {
        Path out = Path.of("target/minari-bellman-written");
        if (Files.exists(out)) {
            try (var s = Files.walk(out)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        MinariDatasets.write(formulaCartPole(), out);
        List<String> expected = Files.readAllLines(FIXTURES.resolve("bellman-written.h5py.txt"));
        assertEquals("OK", expected.get(expected.size() - 1), "h5py's checks passed on the Bellman-written file");
        assertEquals(expected.subList(0, expected.size() - 1), listing(out));
    }

    /** The listing minari_fixture.py prints, computed from jhdf's view of the file. */
    static List<String> listing(Path dataset) throws IOException {
        List<String> out = new ArrayList<>();
        var meta = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Files.readString(dataset.resolve("data/metadata.json")).replace("Infinity", "1e999"));
        TreeSet<String> keys = new TreeSet<>();
        meta.fieldNames().forEachRemaining(keys::add);
        out.add("metadata " + String.join(" ", keys));
        try (HdfFile f = new HdfFile(dataset.resolve("data/main_data.hdf5"))) {
            for (String k : new TreeSet<>(f.getAttributes().keySet())) {
                Object v = f.getAttribute(k).getData();
                out.add("attr / " + k + (v instanceof String ? " bytes_" : " int64 = " + v));
            }
            for (int i = 0; f.getChildren().containsKey("episode_" + i); i++) {
                Group g = (Group) f.getChild("episode_" + i);
                out.add("group /episode_" + i);
                for (String k : new TreeSet<>(g.getAttributes().keySet())) {
                    Attribute a = g.getAttribute(k);
                    out.add("attr /episode_" + i + " " + k + " = " + a.getData());
                }
                for (String k : new TreeSet<>(g.getChildren().keySet())) {
                    io.jhdf.api.Dataset d = (io.jhdf.api.Dataset) g.getChild(k);
                    int[] s = d.getDimensions();
                    String shape = s.length == 1 ? "(" + s[0] + ",)"
                            : Arrays.toString(s).replace('[', '(').replace(']', ')');
                    out.add("dataset /episode_" + i + "/" + k + " " + numpyDtype(d.getDataType()) + " " + shape);
                }
            }
        }
        return out;
    }

    private static String numpyDtype(DataType t) {
        return switch (t) {
            case FloatingPoint f -> "float" + 8 * f.getSize();
            case FixedPoint p -> (p.isSigned() ? "int" : "uint") + 8 * p.getSize();
            case BitField b -> "uint" + 8 * b.getSize(); // h5py reads an HDF5 bit field as unsigned integers
            default -> t.getClass().getSimpleName();
        };
    }
}
