package dev.bellman.cli;

import dev.bellman.core.InvalidHyperparameterException;
import dev.bellman.core.UnknownAlgorithmException;
import dev.bellman.core.UnknownHyperparameterException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code bellman} command: {@code train}, {@code eval}, {@code play}, {@code list},
 * {@code plot} and {@code bench}. Exit codes: 0 success, 1 failure inside Bellman, 2 bad input (the message says which
 * value was wrong and what was expected).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BellmanCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.matchedOption("--debug") != null || hasDebug(parseResult);
            String name = commandLine.getCommandSpec().qualifiedName().replaceFirst("^bellman ", "");
            PrintWriter e = commandLine.getErr();
            if (isUserError(ex)) {
                e.println("bellman " + name + ": " + ex.getMessage());
                if (debug) {
                    ex.printStackTrace(e);
                }
                e.flush();
                return 2;
            }
            if (ex instanceof RunFault) {
                e.println("bellman " + name + ": " + ex.getMessage());
                if (debug) {
                    ex.printStackTrace(e);
                }
                e.flush();
                return 1;
            }
            e.println("bellman " + name + ": failed: " + ex + (debug ? "" : " (run again with --debug for the stack trace)"));
            if (debug) {
                ex.printStackTrace(e);
            }
            e.flush();
            return 1;
        });
        return cl;
    }

    private static boolean hasDebug(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.matchedOption("--debug") != null) {
                return true;
            }
        }
        return false;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserError || ex instanceof UnknownAlgorithmException
                || ex instanceof UnknownHyperparameterException || ex instanceof InvalidHyperparameterException;
    }
}
