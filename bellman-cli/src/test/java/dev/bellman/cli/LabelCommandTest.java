package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelCommandTest {

    @Test
    void badPort_orRunDirThatIsAFile_orPortInUse_isUserError(@TempDir Path tmp) throws Exception {
        Cli badPort = Cli.run("label", "--run-dir", tmp.toString(), "--port", "70000");
        assertEquals(2, badPort.exitCode(), badPort.toString());
        assertTrue(badPort.err().contains("--port must be in 0..65535 (0 for a free port) but was 70000"),
                badPort.toString());

        Path file = Files.writeString(tmp.resolve("f"), "x");
        Cli notDir = Cli.run("label", "--run-dir", file.toString());
        assertEquals(2, notDir.exitCode(), notDir.toString());
        assertTrue(notDir.err().contains("is a file; expected the directory of a preference run"), notDir.toString());

        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Cli busy = Cli.run("label", "--run-dir", tmp.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, busy.exitCode(), busy.toString());
            assertTrue(busy.err().contains("could not serve the labelling page on 127.0.0.1:" + taken.getLocalPort()),
                    busy.toString());
            assertTrue(!busy.err().contains("\tat "), "no stack trace without --debug: " + busy);
        }
    }
}
