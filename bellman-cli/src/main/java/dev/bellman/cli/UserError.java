package dev.bellman.cli;

/**
 * Bad input from the user (an unknown id, a bad value, a missing run directory, ...): the command
 * prints the message as one paragraph and exits with code 2, without a stack trace unless
 * {@code --debug} is given.
 */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
