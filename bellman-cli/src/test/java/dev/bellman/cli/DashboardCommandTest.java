package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.server.DashboardServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardCommandTest {

    @Test
    void badPort_missingRunsDir_orPortInUse_isUserError(@TempDir Path tmp) throws Exception {
        Cli badPort = Cli.run("dashboard", tmp.toString(), "--port", "70000");
        assertEquals(2, badPort.exitCode(), badPort.toString());
        assertTrue(badPort.err().contains("--port must be in 0..65535 (0 for a free port) but was 70000"),
                badPort.toString());

        Cli missing = Cli.run("dashboard", tmp.resolve("nope").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("RUNS_DIR " + tmp.resolve("nope") + " does not exist"), missing.toString());

        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Cli busy = Cli.run("dashboard", tmp.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, busy.exitCode(), busy.toString());
            assertTrue(busy.err().contains("could not serve the dashboard on 127.0.0.1:" + taken.getLocalPort()),
                    busy.toString());
            assertTrue(!busy.err().contains("\tat "), "no stack trace without --debug: " + busy);
        }
    }

    /** The dashboard reads the lock that 'train' holds (RunLock's file format) and summary.json. */
    @Test
    void status_followsRunLockAndSummary(@TempDir Path run) throws Exception {
        try (RunLock lock = RunLock.acquire(run, new PrintWriter(new StringWriter()))) {
            assertEquals("running", DashboardServer.status(run));
        }
        assertEquals("stopped", DashboardServer.status(run), "lock released, no summary: the run died or was stopped");
        Files.writeString(run.resolve(RunDir.SUMMARY), "{\"interrupted\":true}");
        assertEquals("stopped", DashboardServer.status(run));
        Files.writeString(run.resolve(RunDir.SUMMARY), "{\"wall_time_s\":1.0}");
        assertEquals("finished", DashboardServer.status(run));
    }
}
