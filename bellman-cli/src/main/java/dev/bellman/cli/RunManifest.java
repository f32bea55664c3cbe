package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellman.core.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@value #FILE}: the first file {@code bellman train} writes into a new run directory. It says that the directory is a
 * Bellman run ({@code "format": "bellman-run/1"}), which {@code --overwrite} requires before it deletes anything, and
 * keeps the run's identity as created: the fields of {@code config.json} that decide the trajectory (algorithm, env and
 * its kwargs, seed, total timesteps, every hyperparameter, and the domain randomization where there is one) and their
 * hash. {@code --resume} compares the current
 * {@code config.json} and the checkpoint's identity with it before touching the directory.
 *
 * <p>{@code --resume DIR --total-timesteps N} raises the budget of a run whose training does not depend on it: the
 * identity's {@code total_timesteps} becomes N, and {@value #EXTENDED} lists each raise ({@code from}, {@code to},
 * {@code at_step}: the checkpoint it resumed from, {@code time}). {@code config_sha256} stays the hash of the identity
 * as created: it names the run in every checkpoint.
 */
final class RunManifest {
    /** The manifest file in the run directory. */
    static final String FILE = "bellman-run.json";
    static final String FORMAT = "bellman-run/1";
    /** The manifest's list of budget raises. */
    static final String EXTENDED = "extended";
    /** The fields of config.json that define the run (and enter its hash). */
    static final List<String> IDENTITY = List.of("algo", "env", "env_kwargs", "seed", "total_timesteps", "hyperparameters");

    /** Checkpoint metadata keys that name the run that wrote a checkpoint. */
    static final String META_ALGO = "algo";
    static final String META_ENV = "env";
    static final String META_SEED = "seed";
    static final String META_CONFIG = "config_sha256";

    private RunManifest() {}

    /** The defining fields of a parsed config.json, in {@link #IDENTITY} order; missing ones are JSON null. */
    static ObjectNode identity(JsonNode config) {
        ObjectNode id = Files2.JSON.createObjectNode();
        for (String f : IDENTITY) {
            JsonNode v = config.get(f);
            id.set(f, v == null ? Files2.JSON.nullNode() : v);
        }
        if (config.hasNonNull(Randomization.FIELD)) { // only where present, so that older runs keep their hash
            id.set(Randomization.FIELD, config.get(Randomization.FIELD));
        }
        return id;
    }

    /** {@code identity} with its total_timesteps replaced by {@code budget}, or itself where {@code budget} is null. */
    static JsonNode withBudget(JsonNode identity, Long budget) {
        if (budget == null || !identity.isObject()) {
            return identity;
        }
        ObjectNode copy = identity.deepCopy();
        copy.put("total_timesteps", budget.longValue());
        return copy;
    }

    /**
     * Rewrites the manifest of the run in {@code dir} with the budget raised from {@code from} to {@code to}, resumed
     * from the checkpoint at step {@code atStep} (0: none), appending to {@value #EXTENDED}.
     */
    static void extend(Path dir, JsonNode manifest, long from, long to, long atStep) throws IOException {
        ObjectNode m = manifest.deepCopy();
        ((ObjectNode) m.get("run")).put("total_timesteps", to);
        ArrayNode list = m.path(EXTENDED).isArray() ? (ArrayNode) m.get(EXTENDED) : m.putArray(EXTENDED);
        ObjectNode e = list.addObject();
        e.put("from", from);
        e.put("to", to);
        e.put("at_step", atStep);
        e.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Files2.writeJson(dir.resolve(FILE), m);
    }

    /** SHA-256 (hex) of the canonical form of {@code identity}: object keys sorted, no whitespace. */
    static String hash(JsonNode identity) {
        StringBuilder sb = new StringBuilder();
        canonical(identity, sb);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void canonical(JsonNode n, StringBuilder sb) {
        if (n.isObject()) {
            sb.append('{');
            boolean first = true;
            for (String k : new TreeSet<>(iterable(n.fieldNames()))) {
                if (!first) sb.append(',');
                first = false;
                sb.append(Files2.JSON.getNodeFactory().textNode(k)).append(':');
                canonical(n.get(k), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                canonical(n.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(n);
        }
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    /** Writes the manifest of a new run whose config.json will hold {@code config}. */
    static void write(Path dir, JsonNode config) throws IOException {
        ObjectNode id = identity(config);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("bellman_version", Version.VERSION);
        m.put("config_sha256", hash(id));
        m.put("run", id);
        Files2.writeJson(dir.resolve(FILE), m);
    }

    /** Whether {@code dir} holds a manifest that says it is a Bellman run (any format version). */
    static boolean isRun(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return false;
        }
        try {
            JsonNode n = Files2.JSON.readTree(f.toFile());
            return n != null && n.path("format").asText("").startsWith("bellman-run/");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the manifest of the run in {@code dir}, failing with a {@link UserError} when it is missing, corrupt, or of
     * another format version.
     */
    static JsonNode read(Path dir) {
        if (!Files.isRegularFile(dir.resolve(FILE))) {
            throw new UserError("run directory " + dir + " has no " + FILE + ", so it was not created by this version of"
                    + " 'bellman train' (or not by Bellman at all); it cannot be resumed. Start a new run with --run-dir.");
        }
        JsonNode m = RunDir.readJson(dir, FILE);
        if (!FORMAT.equals(m.path("format").asText()) || !m.path("config_sha256").isTextual() || !m.path("run").isObject()) {
            throw new UserError(dir.resolve(FILE) + " is corrupt or of another version: expected \"format\": \"" + FORMAT
                    + "\", a config_sha256 and the run's identity.");
        }
        return m;
    }

    /**
     * The differences between the identity a run was created with and {@code now}, one "name was X, now Y" each
     * (hyperparameters by name); empty when they agree.
     */
    static List<String> differences(JsonNode created, JsonNode now) {
        List<String> out = new ArrayList<>();
        for (String f : IDENTITY) {
            JsonNode a = created.path(f);
            JsonNode b = now.path(f);
            if (f.equals("hyperparameters") && a.isObject() && b.isObject()) {
                TreeSet<String> names = new TreeSet<>(iterable(a.fieldNames()));
                names.addAll(iterable(b.fieldNames()));
                for (String k : names) {
                    if (!a.path(k).equals(b.path(k))) {
                        out.add(k + " was " + show(a.get(k)) + ", now " + show(b.get(k)));
                    }
                }
            } else if (!a.equals(b)) {
                out.add(f + " was " + show(a) + ", now " + show(b));
            }
        }
        return out;
    }

    private static String show(JsonNode n) {
        return n == null || n.isMissingNode() ? "absent" : n.isTextual() ? n.asText() : n.toString();
    }

    /**
     * Refuses (with a {@link UserError} naming the difference) a checkpoint that another run wrote: another algorithm,
     * env, seed or configuration hash than this run's {@code config.json} and manifest, or none recorded.
     */
    static void checkCheckpoint(Checkpoints.Loaded from, JsonNode cfg, JsonNode manifest) {
        Map<String, String> meta = from.meta();
        if (!meta.containsKey(META_CONFIG)) {
            throw new UserError("checkpoint " + from.directory() + " does not say which run wrote it (it has no "
                    + META_CONFIG + "; written by an older Bellman or copied from elsewhere); it cannot be resumed"
                    + " safely. Delete " + from.directory().getParent() + " to train this run again from the start.");
        }
        List<String> diffs = new java.util.ArrayList<>();
        for (var e : Map.of(META_ALGO, cfg.get("algo").asText(), META_ENV, cfg.get("env").asText(),
                META_SEED, cfg.get("seed").asText()).entrySet()) {
            String saved = meta.get(e.getKey());
            if (!e.getValue().equals(saved)) {
                diffs.add(e.getKey() + " " + saved + " (checkpoint) vs " + e.getValue() + " (this run)");
            }
        }
        String want = manifest.get("config_sha256").asText();
        if (diffs.isEmpty() && !want.equals(meta.get(META_CONFIG))) {
            diffs.add("configuration hash " + meta.get(META_CONFIG) + " (checkpoint) vs " + want + " (this run)");
        }
        if (!diffs.isEmpty()) {
            diffs.sort(null);
            throw new UserError("checkpoint " + from.directory() + " was written by another run: " + String.join(", ", diffs)
                    + ". It cannot continue this one; remove it (or copy the run it belongs to back in place).");
        }
    }
}
