package dev.bellman.cli;

/** Entry point of the {@code bellman} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("bellman: command line under construction");
    }
}
