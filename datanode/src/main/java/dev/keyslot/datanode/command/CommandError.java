package dev.keyslot.datanode.command;

/**
 * Thrown by a command to reply with an error and stop. The message is the full error line without the
 * leading '-', e.g. "ERR syntax error". No stack trace is captured: errors are ordinary replies.
 */
public final class CommandError extends RuntimeException {
    public CommandError(String message) {
        super(message, null, false, false);
    }
}
