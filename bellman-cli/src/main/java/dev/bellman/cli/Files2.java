package dev.bellman.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Atomic file writes (temp file in the same directory, then rename) and the JSON mapper. */
final class Files2 {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Files2() {}

    /** A writer of a file's bytes. */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically: readers see the old file or the whole new one, never a part. The temp file is
     * deleted whatever happens; a failed write (disk full) is a {@link FileSystemException} naming {@code target}.
     */
    static void writeAtomically(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try {  // createTempFile makes the file owner-only; give it the usual rw-r--r--
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) { // "No space left on device" and the like name no file: name the target
                FileSystemException named = new FileSystemException(target.toString(), null, e.getMessage());
                named.initCause(e);
                throw named;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeString(Path target, String text) throws IOException {
        writeAtomically(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    static void writeJson(Path target, Object value) throws IOException {
        writeString(target, JSON.writeValueAsString(value) + "\n");
    }
}
