package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.cluster.ClusterOptions;
import dev.bellman.cluster.ClusterSecret;
import dev.bellman.cluster.HazelcastTransport;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code bellman cluster} and {@code train --actors}: one paragraph naming the value, exit code 2. */
class ClusterCliTest {
    @TempDir
    Path tmp;

    private static void assertUserError(Cli r, String... fragments) {
        assertEquals(2, r.exitCode(), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in\n" + r);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug:\n" + r);
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("bellman")).count(), "one paragraph:\n" + r);
    }

    private Path secret(String content) throws IOException {
        Path f = tmp.resolve("secret-" + content.length());
        Files.writeString(f, content);
        return f;
    }

    @Test
    void trainActorsOnAnAlgorithmWithoutActors() {
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--actors", "2",
                "--run-dir", tmp.resolve("run").toString());
        assertUserError(r, "--actors 2 was given, but q-learning is not a distributed algorithm", "impala");
        assertFalse(Files.exists(tmp.resolve("run")), "no run directory for a refused run");
    }

    @Test
    void learnerRefusesAnAlgorithmThatIsNotDistributed() {
        Cli r = Cli.run("cluster", "learner", "--algo", "ppo", "--env", "CartPole-v1", "--run-dir",
                tmp.resolve("run").toString());
        assertUserError(r, "--algo 'ppo' is not a distributed algorithm", "'bellman cluster' runs", "impala");
    }

    @Test
    void learnerPortOutOfRange() {
        Cli r = Cli.run("cluster", "learner", "--algo", "impala", "--env", "CartPole-v1", "--port", "70000");
        assertUserError(r, "--port must be a TCP port in 1..65535 but was 70000");
    }

    @Test
    void actorJoinWithoutPort() throws IOException {
        Cli r = Cli.run("cluster", "actor", "--join", "localhost", "--secret-file", secret("0123456789abcdef0123").toString());
        assertUserError(r, "--join must be HOST:PORT", "'localhost'");
    }

    @Test
    void actorSecretFileMissingOrShort() throws IOException {
        Path missing = tmp.resolve("nope.secret");
        assertUserError(Cli.run("cluster", "actor", "--join", "127.0.0.1:5701", "--secret-file", missing.toString()),
                "--secret-file " + missing + " does not exist", "openssl rand -hex 32");
        assertUserError(Cli.run("cluster", "actor", "--join", "127.0.0.1:5701", "--secret-file", secret("short\n").toString()),
                "holds 5 bytes; a cluster secret needs at least 16");
    }

    @Test
    void actorOnLoopbackCannotJoinAnotherMachine() throws IOException {
        Cli r = Cli.run("cluster", "actor", "--join", "192.0.2.7:5701", "--secret-file",
                secret("0123456789abcdef0123").toString());
        assertUserError(r, "--join 192.0.2.7:5701 is another machine", "--bind");
    }

    @Test
    void actorWithAnotherSecretIsRefusedByTheLearner() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HazelcastTransport learner = HazelcastTransport.learner(ClusterSecret.of(ClusterSecret.generate()),
                ClusterOptions.learner("127.0.0.1", port, 4, e -> {}))) {
            Cli r = Cli.run("cluster", "actor", "--join", "127.0.0.1:" + port, "--wait", "1", "--secret-file",
                    secret("0123456789abcdef0123").toString());
            assertUserError(r, "no learner at 127.0.0.1:" + port + " accepted this member", "another secret", "--wait");
            assertEquals(1, learner.memberCount(), "the refused member did not join");
        }
    }
}
