package dev.bellman.cli;

import dev.bellman.cluster.ClusterSecret;
import dev.bellman.distributed.DistributedAlgorithm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The checks and look-ups {@code bellman cluster learner} and {@code actor} share, with the users' messages. */
final class ClusterOptionChecks {
    private ClusterOptionChecks() {}

    /** With {@code --debug} anywhere on the command line, Hazelcast's own INFO log lines too (else errors only). */
    static void hazelcastLogs(picocli.CommandLine.Model.CommandSpec spec) {
        for (var pr = spec.root().commandLine().getParseResult(); pr != null; pr = pr.subcommand()) {
            if (pr.matchedOption("--debug") != null) {
                dev.bellman.cluster.HazelcastTransport.verboseLogs(true);
                return;
            }
        }
    }

    static int port(int port, String flag) {
        if (port < 1 || port > 65535) {
            throw new UserError(flag + " must be a TCP port in 1..65535 but was " + port + ".");
        }
        return port;
    }

    /** {@code address} if it is an address of this machine (members bind to it), else a user error. */
    static String bindAddress(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            if (!a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null) {
                throw new UserError("--bind " + address + " is not an address of this machine; give the address of one of"
                        + " its network interfaces (members listen on it), or leave --bind out for 127.0.0.1.");
            }
            return a.getHostAddress();
        } catch (UnknownHostException | SocketException e) {
            throw new UserError("--bind " + address + " is not an address this machine can resolve; give an IP address"
                    + " of one of its network interfaces, or leave --bind out for 127.0.0.1.", e);
        }
    }

    static ClusterSecret secret(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("--secret-file " + file + " does not exist or is not a file; write one with e.g."
                    + " 'openssl rand -hex 32 > " + file + "' and give the same file to the learner and every actor.");
        }
        try {
            return ClusterSecret.read(file);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new UserError("cannot read --secret-file " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /** The registered distributed algorithm {@code id}, or a user error naming those there are. */
    static DistributedAlgorithm algorithm(String id, String context) {
        List<String> ids = new ArrayList<>();
        for (DistributedAlgorithm a : ServiceLoader.load(DistributedAlgorithm.class)) {
            if (a.id().equals(id)) return a;
            ids.add(a.id());
        }
        throw new UserError(context + " '" + id + "' is not a distributed algorithm; 'bellman cluster' runs "
                + (ids.isEmpty() ? "none (no distributed algorithm is registered)" : String.join(", ", ids))
                + ". Other algorithms train in one JVM with 'bellman train'.");
    }
}
