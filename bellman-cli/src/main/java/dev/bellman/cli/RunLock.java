package dev.bellman.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The lock of a run directory: an operating-system file lock on {@value #FILE}, held by one {@code bellman train}
 * (fresh or {@code --resume}) from before it writes or deletes anything in the directory until it exits. The file
 * holds the holder's PID, host and start time while it is held, and is emptied (not deleted) when released, so that
 * every process locks the same file.
 *
 * <p>A second {@code train} on a locked directory fails at once with a {@link UserError} naming the holder. A file
 * that still names a holder while its lock is free was left by a process that died (SIGKILL, power loss: the
 * operating system releases the lock of a dead process): such a stale lock is taken over, with one line saying so.
 *
 * <p>The lock is per process: two runs in one JVM (tests) also exclude each other, but closing one channel on the
 * file releases every lock the JVM holds on it, so a JVM should hold at most one run directory's lock at a time.
 */
final class RunLock implements AutoCloseable {
    /** The lock file in the run directory. */
    static final String FILE = "bellman.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks the existing directory {@code dir} for this process, or fails.
     *
     * @param err where the one-line note about taking over a stale lock goes
     * @throws UserError when another process (or another run of this one) holds the lock
     */
    static RunLock acquire(Path dir, PrintWriter err) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw new UserError("cannot lock " + file + " (" + e.getMessage() + "): the file system of the run directory"
                    + " does not support file locks, which keep two runs out of one directory; choose a --run-dir on a"
                    + " local disk.", e);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = read(ch);
            ch.close();
            throw new UserError("run directory " + dir + " is in use by another 'bellman train' (" + describe(holder)
                    + "; lock file " + file + "). Wait for it to finish, or stop it (Ctrl-C or kill -TERM saves a"
                    + " checkpoint and exits), then try again; or choose another --run-dir.");
        }
        try {
            String previous = read(ch);
            if (!previous.isBlank()) {
                err.println("bellman train: taking over the stale lock of " + describe(previous)
                        + ", which is no longer running");
                err.flush();
            }
            byte[] me = ("pid " + ProcessHandle.current().pid() + "\nhost " + host() + "\nstarted "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            ch.force(false);
            return new RunLock(ch, lock);
        } catch (IOException e) {
            lock.release();
            ch.close();
            throw new IOException("could not write the lock file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    /** Empties the lock file and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.truncate(0);
                channel.force(false);
            }
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static String read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // read the whole (small) file from position 0
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /** "pid 123 on host h, started 2026-12-04T20:00:00Z" from the lock file's lines. */
    private static String describe(String content) {
        String pid = "?";
        String host = "?";
        String started = "?";
        for (String line : content.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp < 0) continue;
            String v = line.substring(sp + 1).strip();
            switch (line.substring(0, sp)) {
                case "pid" -> pid = v;
                case "host" -> host = v;
                case "started" -> started = v;
                default -> { }
            }
        }
        if (pid.equals("?")) {
            return "a process that has not written its PID yet";
        }
        return "pid " + pid + " on host " + host + ", started " + started;
    }

    private static String host() {
        try { // Linux: no name lookup needed
            String h = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
