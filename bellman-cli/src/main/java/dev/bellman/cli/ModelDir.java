package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model directory of a run ({@code model/}): the policy's files and {@code manifest.json}, which lists every one of
 * them with its size and CRC32C ({@code "files": {"PATH": {"bytes": N, "crc32c": "hex"}}}). {@link #verify} checks
 * them before every load (eval, play, and train's own evaluation), so a flipped byte is refused, naming the file,
 * instead of being evaluated as a different model.
 */
final class ModelDir {
    private ModelDir() {}

    /** Saves {@code policy} into {@code modelDir}, then its manifest: {@code manifest} plus the files' checksums. */
    static void write(Path modelDir, Policy policy, Map<String, Object> manifest) throws IOException {
        Files.createDirectories(modelDir);
        policy.save(modelDir);
        Map<String, Object> files = new LinkedHashMap<>();
        for (Path f : files(modelDir)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("bytes", Files.size(f));
            e.put("crc32c", Checkpoints.crc32c(f));
            files.put(modelDir.relativize(f).toString().replace('\\', '/'), e);
        }
        Map<String, Object> m = new LinkedHashMap<>(manifest);
        m.put("files", files);
        Files2.writeJson(modelDir.resolve(RunDir.MANIFEST), m);
    }

    /**
     * Checks every file that {@code manifest} lists: present, of its size and CRC32C. A manifest without
     * {@code "files"} (written before Bellman recorded them) has nothing to check.
     *
     * @throws UserError naming the first file that is missing, truncated or corrupt
     */
    static void verify(Path modelDir, JsonNode manifest) {
        JsonNode files = manifest.get("files");
        if (files == null) {
            return;
        }
        Path mf = modelDir.resolve(RunDir.MANIFEST);
        if (!files.isObject()) {
            throw new UserError(mf + " is corrupt: \"files\" must be a JSON object of file name to bytes and crc32c.");
        }
        for (var it = files.fields(); it.hasNext(); ) {
            var e = it.next();
            Path f = modelDir.resolve(e.getKey()).normalize();
            if (!f.startsWith(modelDir.normalize())) {
                throw new UserError(mf + " is corrupt: it lists " + e.getKey() + ", outside the model directory.");
            }
            long bytes = e.getValue().path("bytes").asLong(-1);
            String crc = e.getValue().path("crc32c").asText("");
            String again = " The model cannot be trusted; restore the file from a backup or train again.";
            try {
                if (!Files.isRegularFile(f)) {
                    throw new UserError("model file " + f + " is missing (" + mf + " lists it)." + again);
                }
                long size = Files.size(f);
                if (size != bytes) {
                    throw new UserError("model file " + f + " is truncated or corrupt: " + size + " bytes, but " + mf
                            + " says " + bytes + "." + again);
                }
                String actual = Checkpoints.crc32c(f);
                if (!actual.equals(crc)) {
                    throw new UserError("model file " + f + " is corrupt: its CRC32C is " + actual + ", but " + mf
                            + " says " + crc + "." + again);
                }
            } catch (IOException ex) {
                throw new UserError("model file " + f + " cannot be read: " + ex.getMessage(), ex);
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        Path manifest = dir.resolve(RunDir.MANIFEST);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.equals(manifest)).sorted().toList();
        }
    }
}
