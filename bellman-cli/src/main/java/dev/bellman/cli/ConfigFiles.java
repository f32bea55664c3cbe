package dev.bellman.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyperparameter sources in YAML: the per-env tuned defaults shipped as resources
 * ({@code hyperparams/<algo>.yml}, keyed by env id as RL Zoo's files are) and user config files.
 *
 * <p>A config file is a flat mapping from kebab-case hyperparameter names to values, e.g.
 * <pre>
 * learning-rate: 0.1
 * gamma: 0.99
 * total-timesteps: 200000
 * </pre>
 * A file in the tuned-defaults layout (env id, then the mapping) is accepted too; the section of the
 * env being trained is used.
 */
final class ConfigFiles {
    /** The key under which a file sets the training budget (not a hyperparameter of the algorithm). */
    static final String TOTAL_TIMESTEPS = "total-timesteps";

    /** The largest config file read: a hyperparameter file is a few hundred bytes; this refuses /dev/zero and the like. */
    static final int MAX_BYTES = 1 << 20;

    /** YAML that refuses a key given twice in one mapping (YAML leaves it undefined; most parsers keep the last). */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigFiles() {}

    /**
     * Strings from the command line read as YAML scalars ("false" a boolean, "8" an integer, "[SFFF, FHFH]"
     * a list, anything else a string).
     */
    static Map<String, Object> scalars(Map<String, String> raw, String flag) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            try {
                Object value = v.isEmpty() ? "" : YAML.readValue(v, Object.class);
                out.put(k, value == null ? v : value);
            } catch (JsonProcessingException e) {
                throw new UserError(flag + " " + k + "=" + v + ": the value does not parse as a YAML scalar or list ("
                        + firstLine(e.getOriginalMessage()) + ").", e);
            }
        });
        return out;
    }

    /** The tuned values of {@code algo} on {@code envId} from the shipped resources, or an empty map. */
    static Map<String, Object> tuned(String algo, String envId) {
        String resource = "/hyperparams/" + algo + ".yml";
        try (InputStream in = ConfigFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            Map<?, ?> all = YAML.readValue(in, Map.class);
            Object section = all == null ? null : all.get(envId);
            if (section == null) {
                return Map.of();
            }
            if (!(section instanceof Map<?, ?> m)) {
                throw new IllegalStateException("resource " + resource + ": section " + envId + " is not a mapping");
            }
            return flat(m, "resource " + resource + " (" + envId + ")");
        } catch (JsonProcessingException e) {
            String duplicate = duplicateKey(e);
            var at = e.getLocation();
            throw new IllegalStateException("resource " + resource + (duplicate != null ? " sets '" + duplicate + "' twice"
                    : " does not parse") + (at == null ? "" : " at line " + at.getLineNr()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("resource " + resource + " does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The values of a user config file.
     *
     * @throws UserError when the file is missing, does not parse (naming line and column) or is not a
     *     mapping of names to scalar values
     */
    static Map<String, Object> read(Path file, String envId) {
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new UserError("config file " + file + " is larger than " + MAX_BYTES / 1024 + " KiB; expected a short"
                        + " YAML file of hyperparameter: value lines.");
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError("config file " + file + " does not exist; expected a YAML file of hyperparameter: value lines.");
        } catch (IOException e) {
            throw new UserError("config file " + file + " cannot be read: " + e.getMessage());
        }
        Object root;
        try {
            root = YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String duplicate = duplicateKey(e);
            if (duplicate != null) {
                throw new UserError("config file " + file + " sets '" + duplicate + "' twice (the second" + where
                        + "); keep one.", e);
            }
            throw new UserError("config file " + file + " does not parse" + where + ": " + firstLine(e.getOriginalMessage())
                    + ". Expected YAML: one 'hyperparameter: value' per line, e.g. 'learning-rate: 0.1'.", e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new UserError("config file " + file + " must be a YAML mapping of hyperparameter names to values"
                    + " (e.g. 'learning-rate: 0.1') but its top level is a " + kind(root) + ".");
        }
        if (map.get(envId) instanceof Map<?, ?> section) {
            map = section;
        }
        Map<Object, Object> rest = new LinkedHashMap<>(map);
        rest.remove(Randomization.FIELD);
        return flat(rest, "config file " + file);
    }

    /**
     * The {@code randomize:} block of a config file (beside the hyperparameters, or in the env's section) as
     * {@code NAME=DIST} strings: a mapping {@code length: loguniform(0.25,2)} or a list of {@code NAME=DIST} strings.
     */
    static List<String> randomize(Path file, String envId) {
        Object root;
        try {
            root = YAML.readValue(Files.readString(file), Object.class); // read() has already checked the file
        } catch (IOException e) {
            throw new UserError("config file " + file + " cannot be read: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            return List.of();
        }
        if (map.get(envId) instanceof Map<?, ?> section) {
            map = section;
        }
        Object block = map.get(Randomization.FIELD);
        if (block == null) {
            return List.of();
        }
        if (block instanceof Map<?, ?> m) {
            return Randomization.specs(m);
        }
        if (block instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        throw new UserError("config file " + file + ": 'randomize' must be a mapping of parameter: distribution lines"
                + " (e.g. 'length: loguniform(0.25,2)') but is a " + kind(block) + ".");
    }

    /** The key of a duplicate-key error of the parser, or null for another error. */
    private static String duplicateKey(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null || !m.startsWith("Duplicate field '")) {
            return null;
        }
        int end = m.indexOf('\'', "Duplicate field '".length());
        return end < 0 ? null : m.substring("Duplicate field '".length(), end);
    }

    private static Map<String, Object> flat(Map<?, ?> map, String source) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map || v instanceof List) {
                throw new UserError(source + ": the value of '" + e.getKey() + "' must be a single number, boolean or"
                        + " string but is a " + kind(v) + ".");
            }
            out.put(String.valueOf(e.getKey()).replace('_', '-'), v);
        }
        return out;
    }

    private static String kind(Object v) {
        return v instanceof Map ? "mapping" : v instanceof List ? "list" : "scalar (" + v + ")";
    }

    /** The unindented lines of a YAML parser message ("while parsing ...", "expected ..."), joined. */
    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                sb.append(sb.isEmpty() ? "" : "; ").append(line.strip());
            }
        }
        return sb.isEmpty() ? s.strip() : sb.toString();
    }
}
