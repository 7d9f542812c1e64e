package dev.keyslot.datanode.server;

/**
 * Startup cannot go on, and the reason is already in the log in Redis's words. Redis exits right after
 * those lines, and tools (its test suite among them) read the last line of the log for the reason, so
 * nothing more may be printed.
 */
public final class LoggedStartupFailure extends RuntimeException {
    public LoggedStartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
