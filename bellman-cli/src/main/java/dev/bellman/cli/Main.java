package dev.bellman.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code bellman} command: {@code train}, {@code eval}, {@code play}, {@code list},
 * {@code plot}, {@code bench}, {@code arena} and the others of {@link BellmanCommand}. Exit codes: 0 success,
 * 1 failure inside Bellman (out of memory, disk full, a bug),
 * 2 bad input (the message says which value or path was wrong and what was expected); {@link Failures} maps
 * exceptions to both, one paragraph each, with the stack trace only under {@code --debug}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        configureAwt(args);
        KernelThreads.applyDefault();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    /**
     * Makes AWT headless (plots and frames render off screen, no display needed) except for {@code play --human}
     * without {@code --terminal}, the one command that may open a window ({@link HumanWindow}); there AWT finds a
     * display if one exists. Call before any AWT use.
     */
    static void configureAwt(String[] args) {
        java.util.List<String> a = java.util.Arrays.asList(args);
        if (!(a.contains("play") && a.contains("--human") && !a.contains("--terminal"))) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) { // picocli hands only exceptions to the handler above
            String name = args.length > 0 && !args[0].startsWith("-") ? args[0] : "";
            code = report(e, name, err, java.util.Arrays.asList(args).contains("--debug"));
        }
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
            return report(ex, name, commandLine.getErr(), debug);
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

    /** Prints the one-paragraph message of {@link Failures} for {@code ex} (and its trace with --debug); its exit code. */
    static int report(Throwable ex, String command, PrintWriter e, boolean debug) {
        Failures f = Failures.of(ex);
        e.println("bellman " + (command.isEmpty() ? "" : command + ": ") + f.message()
                + (f.traceHint() && !debug ? " (run again with --debug for the stack trace)" : ""));
        if (debug) {
            ex.printStackTrace(e);
        }
        e.flush();
        return f.exitCode();
    }
}
