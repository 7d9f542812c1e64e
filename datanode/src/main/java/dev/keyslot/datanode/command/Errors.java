package dev.keyslot.datanode.command;

/** Redis's shared error replies, text for text. */
public final class Errors {
    private Errors() {
    }

    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OUT_OF_RANGE = "ERR index out of range";
    public static final String DB_INDEX = "ERR DB index is out of range";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    public static final String INVALID_EXPIRE_PREFIX = "ERR invalid expire time in '";
    public static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";

    public static CommandError syntax() {
        return new CommandError(SYNTAX);
    }

    public static CommandError notInteger() {
        return new CommandError(NOT_INTEGER);
    }

    public static CommandError wrongType() {
        return new CommandError(WRONG_TYPE);
    }

    /** A container command's unknown subcommand, or a known one with arguments it does not take. */
    public static CommandError subcommandSyntax(byte[][] argv) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '" + Args.cString(argv[1], 128)
                + "'. Try " + Args.cString(argv[0]).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    public static CommandError wrongArity(String fullName) {
        return new CommandError("ERR wrong number of arguments for '" + fullName + "' command");
    }
}
