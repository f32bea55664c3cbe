package dev.bellman.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-env tuned hyperparameters an algorithm ships, RL-Zoo style: the classpath resource
 * {@code hyperparams/<algo>.yml}, keyed by env id. The command line and the learning tests read the
 * same files, so a test exercises exactly the defaults users get.
 *
 * <p>The files use a small YAML subset that this class reads without a YAML library (the core has no
 * dependencies): {@code #} comments, a top-level {@code Env-id:} line per env, and indented
 * {@code key: value} lines of scalars under it; an env id or a key given twice is refused. Values are returned as strings (quotes removed) and
 * converted by {@link Hyperparameter#parse(Object)}. {@code total-timesteps} is the budget, not a
 * hyperparameter of the algorithm.
 */
public final class TunedHyperparameters {
    /** The key holding the training budget in a tuned section. */
    public static final String TOTAL_TIMESTEPS = "total-timesteps";

    private TunedHyperparameters() {}

    /** The tuned section of {@code algo} for {@code envId}, or an empty map when there is none. */
    public static Map<String, String> load(String algo, String envId) {
        String resource = "/hyperparams/" + algo + ".yml";
        try (InputStream in = TunedHyperparameters.class.getResourceAsStream(resource)) {
            if (in == null) return Map.of();
            return parse(in, resource).getOrDefault(envId, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("resource " + resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The env ids that {@code algo} has a tuned section for, in file order (empty when it ships no file). */
    public static java.util.List<String> envIds(String algo) {
        String resource = "/hyperparams/" + algo + ".yml";
        try (InputStream in = TunedHyperparameters.class.getResourceAsStream(resource)) {
            if (in == null) return java.util.List.of();
            return java.util.List.copyOf(parse(in, resource).keySet());
        } catch (IOException e) {
            throw new IllegalStateException("resource " + resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The tuned values without {@code total-timesteps}, ready for {@link AlgorithmProvider#resolve(Map)}. */
    public static Map<String, String> hyperparameters(String algo, String envId) {
        Map<String, String> m = new LinkedHashMap<>(load(algo, envId));
        m.remove(TOTAL_TIMESTEPS);
        return m;
    }

    /** The tuned budget, or {@code fallback} when the section does not set one. */
    public static long totalTimesteps(String algo, String envId, long fallback) {
        String v = load(algo, envId).get(TOTAL_TIMESTEPS);
        return v == null ? fallback : (long) Double.parseDouble(v);
    }

    static Map<String, Map<String, String>> parse(InputStream in, String name) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> section = null;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String content = stripComment(line);
            if (content.isBlank()) continue;
            boolean indented = Character.isWhitespace(content.charAt(0));
            String t = content.strip();
            int colon = t.indexOf(':');
            if (colon <= 0) {
                throw new IOException(name + " line " + lineNo + ": expected 'key: value' but found '" + line + "'");
            }
            String key = unquote(t.substring(0, colon).strip());
            String value = unquote(t.substring(colon + 1).strip());
            if (!indented) {
                if (!value.isEmpty()) {
                    throw new IOException(name + " line " + lineNo + ": a top-level line names an env ('" + key + ":') and has no value");
                }
                if (out.containsKey(key)) {
                    throw new IOException(name + " line " + lineNo + ": env '" + key + "' has a second section; merge them");
                }
                section = new LinkedHashMap<>();
                out.put(key, section);
            } else {
                if (section == null) {
                    throw new IOException(name + " line " + lineNo + ": '" + key + "' appears before any env id");
                }
                if (section.containsKey(key)) {
                    throw new IOException(name + " line " + lineNo + ": '" + key + "' is set twice in one env's section;"
                            + " keep one");
                }
                section.put(key, value);
            }
        }
        return out;
    }

    private static String stripComment(String line) {
        boolean inQuote = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuote) {
                if (c == quote) inQuote = false;
            } else if (c == '"' || c == '\'') {
                inQuote = true;
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
