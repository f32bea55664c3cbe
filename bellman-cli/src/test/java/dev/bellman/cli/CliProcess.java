package dev.bellman.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The command line in a separate JVM (for tests that kill it or send it signals): output goes to a log file, and the
 * test waits for files to appear, sends signals by name, and reads the exit code. The JVM compiles with C1 only and
 * collects with the serial collector, to start fast and leave the test's own JVM a core (results do not depend on
 * either: Java arithmetic is the same in every compiler tier).
 */
final class CliProcess {
    final Process process;
    final Path log;

    private CliProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code bellman ARGS} in a new JVM with this test's class path; stdout and stderr go to {@code log}. */
    static CliProcess start(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        if (RESETS_SIGNALS) {
            cmd.addAll(0, List.of("env", "--default-signal=INT,TERM,HUP"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new CliProcess(p, log);
    }

    /**
     * Whether {@code env --default-signal} (coreutils 8.31 and later) is there. A test run started in the background of a
     * script (as CI may be) inherits SIGINT ignored, SIGHUP too under nohup; a JVM cannot handle a signal that was
     * ignored when it started, so the child would run on through the test's signal. {@code env} execs the JVM with the
     * default dispositions, keeping the PID.
     */
    private static final boolean RESETS_SIGNALS = resetsSignals();

    private static boolean resetsSignals() {
        try {
            return new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits (polling every millisecond) until {@code condition} holds or the process ends; false on timeout. */
    boolean awaitOrExit(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                return condition.getAsBoolean();
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Whether this process holds the lock of {@code dir} (its lock file names this process's PID). */
    boolean holdsLock(Path dir) {
        try {
            return Files.readString(dir.resolve("bellman.lock")).startsWith("pid " + process.pid() + "\n");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether training has begun (so the signal handlers are in place): a progress line ({@code step N/M ...}) was
     * printed; start the process with a short {@code --progress-interval} to see one soon.
     */
    boolean training() {
        return TRAINING.matcher(output()).find();
    }

    private static final java.util.regex.Pattern TRAINING = java.util.regex.Pattern.compile("(?m)^step \\d+/");

    /** Sends {@code SIG<name>} ("INT", "TERM", "HUP", "KILL"; KILL at once, without starting a process). */
    void signal(String name) throws IOException, InterruptedException {
        if (name.equals("KILL")) {
            process.destroyForcibly(); // SIGKILL on POSIX
            return;
        }
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits for the process to end (killing it after {@code timeoutMillis}) and returns its exit code. */
    int exitCode(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
