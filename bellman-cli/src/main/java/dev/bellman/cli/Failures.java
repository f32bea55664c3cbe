package dev.bellman.cli;

import dev.bellman.core.InvalidHyperparameterException;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.UnknownAlgorithmException;
import dev.bellman.core.UnknownHyperparameterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What the user reads when a command ends with an exception: one paragraph and an exit code, the same for every
 * command. Bad input ({@link UserError}, unknown ids and hyperparameters, a path that cannot be used: under a regular
 * file, without permission, read-only, a name too long, a symbolic link loop) is exit code 2; a fault (out of memory,
 * disk full, any other I/O error, a bug) is exit code 1. File-system messages name the path; out-of-memory names the
 * heap and how to raise it ({@value Preflight#JAVA_OPTS}). {@code --debug} adds the stack trace.
 *
 * @param exitCode 2 for bad input, 1 for a fault
 * @param message the paragraph, without the "bellman COMMAND: " prefix
 * @param traceHint whether to suggest {@code --debug} (for failures that are not explained well enough without it)
 */
record Failures(int exitCode, String message, boolean traceHint) {

    /** The exit code and message for {@code ex}. */
    static Failures of(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        if (isUserError(t)) {
            return new Failures(2, t.getMessage(), false);
        }
        if (t instanceof RunFault) { // training diverged: the message says what happened and what was kept
            return new Failures(1, t.getMessage(), false);
        }
        OutOfMemoryError oom = find(ex, OutOfMemoryError.class);
        if (oom != null) {
            long max = Runtime.getRuntime().maxMemory();
            return new Failures(1, "ran out of memory (" + oom.getMessage() + "): the Java heap is at most "
                    + MemoryEstimate.format(max) + ", less than this run asks for. Lower the sizes it asks for"
                    + " (buffer-size, num-envs, num-steps, net-arch, hidden-size), or give Java more memory with "
                    + Preflight.hint(2 * max) + " (the bellman launcher passes it to java).", false);
        }
        if (find(ex, StackOverflowError.class) != null) {
            return new Failures(1, "failed: the Java stack overflowed (" + ex + ")", true);
        }
        FileSystemException fse = find(ex, FileSystemException.class);
        if (fse != null) {
            return fileSystem(fse);
        }
        IOException io = find(ex, IOException.class);
        if (io != null && io.getMessage() != null && io.getMessage().contains("No space left on device")) {
            String m = ex.getMessage();
            String what = m != null && !m.strip().equals("No space left on device") ? ": " + m : ""; // names the file
            return new Failures(1, "the disk is full (No space left on device)" + what
                    + ". Free some space and run the command again (a run that had begun training continues with --resume DIR).", false);
        }
        NegativeArraySizeException neg = find(ex, NegativeArraySizeException.class);
        if (neg != null) {
            return new Failures(1, "a size overflowed (NegativeArraySizeException: " + neg.getMessage() + "): some value"
                    + " asks for an array larger than Java allows; lower the sizes (buffer-size, num-envs, num-steps,"
                    + " net-arch, hidden-size).", true);
        }
        if (io != null) {
            return new Failures(1, "input/output error: " + io.getMessage(), true);
        }
        return new Failures(1, "failed: " + ex, true);
    }

    /** A file-system error: bad input when the path cannot be used as given, a fault otherwise; names the path. */
    static Failures fileSystem(FileSystemException e) {
        String file = e.getFile() == null ? "(unknown path)" : e.getFile();
        String other = e.getOtherFile() == null ? "" : " (and " + e.getOtherFile() + ")";
        String reason = e.getReason() == null ? "" : e.getReason();
        String low = reason.toLowerCase(Locale.ROOT);
        if (low.contains("no space left")) {
            return new Failures(1, "the disk is full: could not write " + file + other + " (No space left on device)."
                    + " Free some space and run the command again (a run that had begun training continues with --resume DIR).", false);
        }
        String what;
        if (e instanceof NoSuchFileException) {
            what = "no such file or directory";
        } else if (e instanceof NotDirectoryException || low.contains("not a directory")) {
            what = "a part of the path is a regular file, not a directory";
        } else if (e instanceof AccessDeniedException || low.contains("permission denied")) {
            what = "permission denied";
        } else if (e instanceof FileSystemLoopException || low.contains("too many levels of symbolic links")) {
            what = "a loop of symbolic links";
        } else if (e instanceof FileAlreadyExistsException || low.contains("file exists")) {
            what = "it already exists";
        } else if (low.contains("read-only file system")) {
            what = "the file system is read-only";
        } else if (low.contains("file name too long")) {
            what = "the file name is too long (most file systems allow 255 bytes per name)";
        } else {
            return new Failures(1, "cannot use " + file + other + ": " + (reason.isEmpty() ? e.toString() : reason) + ".",
                    true);
        }
        return new Failures(2, "cannot use " + file + other + ": " + what + ". Choose another path.", false);
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserError || ex instanceof UnknownAlgorithmException
                || ex instanceof UnknownHyperparameterException || ex instanceof InvalidHyperparameterException;
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        int depth = 0;
        for (Throwable t = ex; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
