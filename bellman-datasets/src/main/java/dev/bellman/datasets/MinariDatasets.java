package dev.bellman.datasets;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellman.core.demos.Column;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;
import dev.bellman.env.Space;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes demonstration datasets in the layout of Farama's Minari (HDF5 storage, Minari 0.5):
 * <pre>
 * DATASET/data/metadata.json     total_episodes, total_steps, data_format "hdf5", observation_space, action_space
 *                                (Minari's space JSON), env_spec, dataset_id, minari_version, algorithm_name, ...
 * DATASET/data/main_data.hdf5    one group per episode, episode_0, episode_1, ..., each with the attributes id,
 *                                total_steps (and seed when the reset was seeded) and the datasets
 *                                observations [steps+1, ...], actions [steps, ...], rewards [steps] float64,
 *                                terminations [steps], truncations [steps]
 * </pre>
 * The HDF5 file's root also carries the dataset-level keys as attributes (where Minari 0.4 kept them), so older readers
 * find them too, except values too long for one HDF5 object header message (about 64 kB, e.g. the observation space of
 * pixel envs, whose JSON lists every bound): those are in {@code metadata.json} only, where Minari 0.5 reads them (see
 * {@link #fitsInObjectHeader}). Written with the pure-Java {@code io.jhdf} library; see docs/dependencies.md for what it cannot write
 * (booleans become uint8 0/1 rather than h5py's bool enum; uint8 images are written as int8; an extra {@code _jHDF}
 * root attribute names the writer). Reading accepts both forms of booleans and h5py's variable-length strings.
 *
 * <p>{@code env_spec} is the Gymnasium {@code EnvSpec} JSON of the Bellman env id (entry point {@code null}: a Python
 * reader gets the spaces from {@code observation_space} and {@code action_space}, as Minari does first).
 */
public final class MinariDatasets {
    /** The HDF5 file inside {@code DATASET/data}. */
    public static final String MAIN_FILE = "main_data.hdf5";
    /** The metadata file inside {@code DATASET/data}. */
    public static final String METADATA_FILE = "metadata.json";
    /** The Minari versions whose readers accept this layout (a PEP 440 specifier, as Minari stores it). */
    public static final String MINARI_VERSION = "~=0.5.0";

    /** The largest object header message HDF5 can describe (its size is a 2-byte field). */
    static final int MAX_HEADER_MESSAGE = 65_535;
    /** Bytes of an attribute message other than its name and value, rounded up generously. */
    static final int HEADER_MESSAGE_MARGIN = 512;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    private static final java.util.Set<String> RESERVED = java.util.Set.of("total_episodes", "total_steps",
            "data_format", "observation_space", "action_space", "env_spec", "dataset_id", "minari_version", "bellman_env_id");

    static {
        // jhdf logs through SLF4J; without a logging backend SLF4J would warn on every start. Bellman has no logger, so
        // keep SLF4J's own reporting to errors unless the user asked otherwise.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private MinariDatasets() {}

    /** The directory holding {@value #MAIN_FILE} for a dataset path: {@code DATASET/data}, or DATASET itself. */
    public static Path dataDir(Path dataset) {
        Path data = dataset.resolve("data");
        if (Files.isRegularFile(data.resolve(METADATA_FILE)) || !Files.isRegularFile(dataset.resolve(METADATA_FILE))) {
            return data;
        }
        return dataset;
    }

    /** Whether {@code dataset} looks like a Minari dataset (a metadata file in DATASET/data or DATASET). */
    public static boolean exists(Path dataset) {
        return Files.isRegularFile(dataDir(dataset).resolve(METADATA_FILE));
    }

    /**
     * Writes {@code dataset} into the directory {@code out} ({@code out/data/...}); refuses to overwrite an existing
     * dataset. The HDF5 file and the metadata are written to temporary names and then moved into place.
     */
    public static void write(Dataset dataset, Path out) throws IOException {
        Path data = out.resolve("data");
        if (Files.exists(data.resolve(METADATA_FILE)) || Files.exists(data.resolve(MAIN_FILE))) {
            throw new IOException("a dataset already exists at " + out + "; choose another path or delete it");
        }
        Files.createDirectories(data);
        ObjectNode meta = metadata(dataset);
        Path tmpH5 = data.resolve(MAIN_FILE + ".tmp");
        try (WritableHdfFile f = HdfFile.write(tmpH5)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                if (v.isIntegralNumber()) {
                    f.putAttribute(e.getKey(), v.asLong());
                } else {
                    String text = v.isTextual() ? v.asText() : JSON.writeValueAsString(v);
                    if (fitsInObjectHeader(e.getKey(), text)) f.putAttribute(e.getKey(), text);
                }
            }
            for (Episode ep : dataset.episodes()) {
                WritableGroup g = f.putGroup("episode_" + ep.id());
                g.putAttribute("id", (long) ep.id());
                g.putAttribute("total_steps", (long) ep.steps());
                if (ep.seed() != null) g.putAttribute("seed", ep.seed());
                g.putDataset("observations", nested(ep.observations()));
                g.putDataset("actions", nested(ep.actions()));
                g.putDataset("rewards", ep.rewards());
                g.putDataset("terminations", ep.terminations());
                g.putDataset("truncations", ep.truncations());
            }
        }
        Files.move(tmpH5, data.resolve(MAIN_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path tmpJson = data.resolve(METADATA_FILE + ".tmp");
        Files.writeString(tmpJson, JSON.writeValueAsString(meta));
        Files.move(tmpJson, data.resolve(METADATA_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ObjectNode metadata(Dataset d) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("total_episodes", d.totalEpisodes());
        m.put("total_steps", d.totalSteps());
        m.put("data_format", "hdf5");
        m.put("observation_space", JSON.writeValueAsString(SpacesJson.toJson(d.observationSpace())));
        m.put("action_space", JSON.writeValueAsString(SpacesJson.toJson(d.actionSpace())));
        m.put("env_spec", JSON.writeValueAsString(envSpec(d.envId())));
        m.put("dataset_id", d.datasetId());
        m.put("minari_version", MINARI_VERSION);
        m.put("bellman_env_id", d.envId());
        for (var e : d.metadata().entrySet()) {
            if (!RESERVED.contains(e.getKey())) m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /**
     * Whether a string attribute fits in one object header message. HDF5 stores an attribute's size in a 2-byte field
     * (at most {@value #MAX_HEADER_MESSAGE} bytes); larger attributes need dense attribute storage, which jhdf 0.13
     * cannot write: it truncates the size field instead, and the file's root group can then no longer be read ("Failed
     * to load children for group '//'"). A pixel observation space's JSON (the low and high bounds of a uint8 [4, 84, 84]
     * box, 170 kB) is such a value. The check leaves {@value #HEADER_MESSAGE_MARGIN} bytes for the message's own fields,
     * datatype and dataspace.
     */
    static boolean fitsInObjectHeader(String name, String value) {
        return name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length
                + HEADER_MESSAGE_MARGIN <= MAX_HEADER_MESSAGE;
    }

    /** Gymnasium's EnvSpec JSON fields for a Bellman env id (no Python entry point). */
    private static ObjectNode envSpec(String envId) {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", envId);
        s.putNull("entry_point");
        s.putNull("reward_threshold");
        s.put("nondeterministic", false);
        s.putNull("max_episode_steps");
        s.put("order_enforce", true);
        s.put("disable_env_checker", false);
        s.set("kwargs", JSON.createObjectNode());
        s.putArray("additional_wrappers");
        s.putNull("vector_entry_point");
        return s;
    }

    /** Reads the dataset at {@code dataset} (the directory holding {@code data/}, or {@code data/} itself). */
    public static Dataset read(Path dataset) throws IOException {
        Path dir = dataDir(dataset);
        Path metaFile = dir.resolve(METADATA_FILE), main = dir.resolve(MAIN_FILE);
        if (!Files.isRegularFile(metaFile)) {
            throw new IOException("no Minari dataset at " + dataset + ": " + metaFile + " is missing (a dataset is a"
                    + " directory with data/metadata.json and data/main_data.hdf5, as 'bellman record' writes it)");
        }
        if (!Files.isRegularFile(main)) {
            throw new IOException("the dataset at " + dataset + " has no " + main + " (only HDF5 storage is supported)");
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(metaFile.toFile());
        } catch (IOException e) {
            throw new IOException(metaFile + " is not valid JSON: " + e.getMessage(), e);
        }
        String format = meta.path("data_format").asText("hdf5");
        if (!format.equals("hdf5")) {
            throw new IOException(metaFile + " says data_format " + format + "; Bellman reads the hdf5 format only");
        }
        Space<?> obsSpace = SpacesJson.fromJson(spaceNode(meta, "observation_space", metaFile), "observation_space");
        Space<?> actSpace = SpacesJson.fromJson(spaceNode(meta, "action_space", metaFile), "action_space");
        String envId = meta.hasNonNull("bellman_env_id") ? meta.get("bellman_env_id").asText()
                : meta.hasNonNull("env_spec") ? envIdOf(meta.get("env_spec")) : "";
        String datasetId = meta.path("dataset_id").asText(dataset.getFileName().toString());
        Map<String, String> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!RESERVED.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        List<Episode> episodes = new ArrayList<>();
        try (HdfFile f = new HdfFile(main)) {
            int n = 0;
            while (f.getChildren().containsKey("episode_" + n)) n++;
            for (int i = 0; i < n; i++) {
                Node node = f.getChild("episode_" + i);
                if (!(node instanceof Group g)) throw new IOException(main + ": episode_" + i + " is not a group");
                episodes.add(episode(g, i, main));
            }
        } catch (RuntimeException e) {
            throw new IOException(main + " cannot be read as a Minari HDF5 file: " + e.getMessage(), e);
        }
        long declared = meta.path("total_episodes").asLong(episodes.size());
        if (declared != episodes.size()) {
            throw new IOException(metaFile + " declares total_episodes " + declared + " but " + main + " has "
                    + episodes.size() + " episode groups (episode_0, episode_1, ...)");
        }
        try {
            return new Dataset(datasetId, envId, obsSpace, actSpace, episodes, extra);
        } catch (IllegalArgumentException e) {
            throw new IOException("the dataset at " + dataset + " does not fit its own spaces: " + e.getMessage(), e);
        }
    }

    private static JsonNode spaceNode(JsonNode meta, String key, Path file) throws IOException {
        JsonNode n = meta.get(key);
        if (n == null) throw new IOException(file + " has no " + key + " (Bellman needs the spaces in the metadata)");
        return n.isTextual() ? JSON.readTree(n.asText()) : n;
    }

    private static String envIdOf(JsonNode spec) throws IOException {
        JsonNode s = spec.isTextual() ? JSON.readTree(spec.asText()) : spec;
        return s.path("id").asText("");
    }

    private static Episode episode(Group g, int i, Path main) throws IOException {
        Column obs = column(dataset(g, "observations", main), main, g.getPath());
        Column act = column(dataset(g, "actions", main), main, g.getPath());
        double[] rewards = doubles(dataset(g, "rewards", main).getDataFlat());
        boolean[] term = booleans(dataset(g, "terminations", main).getDataFlat(), main + " " + g.getPath() + "terminations");
        boolean[] trunc = booleans(dataset(g, "truncations", main).getDataFlat(), main + " " + g.getPath() + "truncations");
        Attribute seed = g.getAttribute("seed");
        Long s = seed == null ? null : ((Number) scalar(seed.getData())).longValue();
        try {
            return new Episode(i, s, obs, act, rewards, term, trunc);
        } catch (IllegalArgumentException e) {
            throw new IOException(main + ": " + e.getMessage(), e);
        }
    }

    private static io.jhdf.api.Dataset dataset(Group g, String name, Path main) throws IOException {
        Node n = g.getChild(name);
        if (!(n instanceof io.jhdf.api.Dataset d)) {
            throw new IOException(main + ": " + g.getPath() + " has no dataset '" + name + "' (Minari episodes have"
                    + " observations, actions, rewards, terminations and truncations; Dict and Tuple spaces are not read)");
        }
        return d;
    }

    private static Object scalar(Object o) {
        return o.getClass().isArray() ? Array.get(o, 0) : o;
    }

    private static Column column(io.jhdf.api.Dataset d, Path main, String path) throws IOException {
        int[] shape = d.getDimensions();
        Object flat = d.getDataFlat();
        return switch (flat) {
            case float[] f -> new Column.Floats(f, shape);
            case double[] x -> {
                float[] f = new float[x.length];
                for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
                yield new Column.Floats(f, shape);
            }
            case long[] l -> new Column.Longs(l, shape);
            case int[] x -> {
                long[] l = new long[x.length];
                for (int i = 0; i < x.length; i++) l[i] = x[i];
                yield new Column.Longs(l, shape);
            }
            case byte[] b -> new Column.Bytes(b, shape);
            case short[] x -> { // uint8 read back widened
                byte[] b = new byte[x.length];
                for (int i = 0; i < x.length; i++) b[i] = (byte) x[i];
                yield new Column.Bytes(b, shape);
            }
            default -> throw new IOException(main + ": " + path + " holds " + flat.getClass().getSimpleName()
                    + " values; Bellman reads float, integer and uint8 observations and actions");
        };
    }

    private static double[] doubles(Object flat) throws IOException {
        return switch (flat) {
            case double[] d -> d;
            case float[] f -> {
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) d[i] = f[i];
                yield d;
            }
            default -> throw new IOException("rewards must be floating point but were " + flat.getClass().getSimpleName());
        };
    }

    /** Booleans in any of the forms they are stored: jhdf's bit field, h5py's enum (as names), 0/1 integers. */
    private static boolean[] booleans(Object flat, String what) throws IOException {
        int n = Array.getLength(flat);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object v = Array.get(flat, i);
            out[i] = switch (v) {
                case Boolean b -> b;
                case Number x -> x.longValue() != 0;
                case String s when s.equalsIgnoreCase("TRUE") -> true;
                case String s when s.equalsIgnoreCase("FALSE") -> false;
                default -> throw new IOException(what + " must be booleans but holds " + v);
            };
        }
        return out;
    }

    /** A column as the nested Java array jhdf writes ({@code float[rows][d1]...}). */
    private static Object nested(Column c) {
        int[] shape = c.shape();
        Object flat = switch (c) {
            case Column.Floats f -> f.data();
            case Column.Longs l -> l.data();
            case Column.Bytes b -> b.data();
        };
        if (shape.length == 1) return flat;
        Class<?> elem = flat.getClass().getComponentType();
        Object out = Array.newInstance(elem, shape);
        int[] idx = new int[shape.length];
        int n = Array.getLength(flat);
        for (int k = 0; k < n; k++) {
            Object row = out;
            for (int j = 0; j < shape.length - 1; j++) row = Array.get(row, idx[j]);
            Array.set(row, idx[shape.length - 1], Array.get(flat, k));
            for (int j = shape.length - 1; j >= 0; j--) { // advance the row-major index
                if (++idx[j] < shape[j]) break;
                idx[j] = 0;
            }
        }
        return out;
    }
}
