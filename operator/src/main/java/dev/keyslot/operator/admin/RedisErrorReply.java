package dev.keyslot.operator.admin;

/** An error reply from a node, e.g. "ERR Unknown node ..." or "MOVED 42 10.0.0.1:6379". */
public final class RedisErrorReply extends RuntimeException {
    public RedisErrorReply(String message) {
        super(message);
    }

    public boolean startsWith(String prefix) {
        return getMessage().startsWith(prefix);
    }
}
