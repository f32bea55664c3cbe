package dev.bellman.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The controller side of GTP: starts an engine process ({@code sh -c "exec COMMAND"}), sends one command at a time
 * and reads its response up to the empty line. A {@code ?} response is a {@link Failure}; an engine that exits or
 * closes its output is a {@link UserError} naming the command line.
 */
final class GtpClient implements AutoCloseable {
    /** A {@code ?} response. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private final String commandLine;
    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;

    GtpClient(String commandLine) {
        this.commandLine = commandLine;
        try {
            process = new ProcessBuilder(List.of("sh", "-c", "exec " + commandLine))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UserError("cannot start the GTP engine '" + commandLine + "': " + e.getMessage());
        }
        in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The engine's command line. */
    String commandLine() {
        return commandLine;
    }

    /** Sends {@code command} and returns the response's text (after {@code "= "}); a {@link Failure} for {@code ?}. */
    String send(String command) {
        in.print(command + "\n");
        in.flush();
        StringBuilder sb = new StringBuilder();
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.isEmpty()) {
                    if (sb.length() == 0) continue; // stray empty lines before a response
                    break;
                }
                if (sb.length() > 0) sb.append('\n');
                sb.append(line);
            }
            if (line == null) throw new IOException("end of output");
        } catch (IOException e) {
            String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
            throw new UserError("the GTP engine '" + commandLine + "' stopped answering at '" + command + "'" + exit
                    + ": is the command line right?");
        }
        String r = sb.toString();
        if (r.startsWith("?")) throw new Failure(r.substring(1).strip());
        if (!r.startsWith("=")) throw new UserError("the GTP engine '" + commandLine + "' answered '" + r + "' to '"
                + command + "': not a GTP response");
        return r.substring(1).strip();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                in.print("quit\n");
                in.flush();
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** GNU Go's executable: {@code gnugo} on the PATH, else Debian's {@code /usr/games/gnugo}; null when neither. */
    static String gnugo() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, "gnugo"))) return Path.of(d, "gnugo").toString();
            }
        }
        Path debian = Path.of("/usr/games/gnugo");
        return Files.isExecutable(debian) ? debian.toString() : null;
    }
}
