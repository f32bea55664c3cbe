package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The central mapping of exceptions to one paragraph and an exit code ({@link Failures}, {@link Main#report}). */
class FailuresTest {
    private static String report(Throwable t, boolean debug, int code) {
        StringWriter s = new StringWriter();
        assertEquals(code, Main.report(t, "train", new PrintWriter(s, true), debug));
        return s.toString();
    }

    @Test
    void outOfMemory_evenWrappedByAWorker_isExit1WithTheHeapAndTheHint_noTrace() {
        String out = report(new RuntimeException(new ExecutionException(new OutOfMemoryError("Java heap space"))), false, 1);
        assertTrue(out.startsWith("bellman train: ran out of memory (Java heap space): the Java heap is at most "), out);
        assertTrue(out.contains("BELLMAN_JAVA_OPTS=-Xmx"), out);
        assertFalse(out.contains("\tat "), out);
        assertEquals(1, out.strip().lines().count(), out);
    }

    @Test
    void debug_addsTheStackTrace() {
        String out = report(new OutOfMemoryError("Java heap space"), true, 1);
        assertTrue(out.contains("\tat "), out);
    }

    @Test
    void negativeArraySize_isExit1ExplainingTheSizes() {
        String out = report(new NegativeArraySizeException("-4"), false, 1);
        assertTrue(out.contains("a size overflowed") && out.contains("lower the sizes"), out);
    }

    @Test
    void diskFull_namesTheFileThroughAnUncheckedWrapper() {
        var e = new UncheckedIOException("could not write", new FileSystemException("/r/metrics.csv", null,
                "No space left on device"));
        String out = report(e, false, 1);
        assertTrue(out.startsWith("bellman train: the disk is full: could not write /r/metrics.csv"), out);
    }

    @Test
    void diskFull_withoutAFileName_keepsTheOuterMessage() {
        var e = new UncheckedIOException("could not write the checkpoint at step 5 under /r/checkpoints",
                new IOException("No space left on device"));
        String out = report(e, false, 1);
        assertTrue(out.contains("disk is full") && out.contains("/r/checkpoints"), out);
    }

    @Test
    void permissionDenied_isBadInputNamingThePath() {
        String out = report(new AccessDeniedException("/root/x"), false, 2);
        assertTrue(out.contains("/root/x: permission denied"), out);
    }

    @Test
    void otherFailures_keepTheDebugHint() {
        String out = report(new IllegalStateException("boom"), false, 1);
        assertTrue(out.contains("failed: java.lang.IllegalStateException: boom (run again with --debug"), out);
    }
}
