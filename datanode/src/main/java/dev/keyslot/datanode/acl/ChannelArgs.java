package dev.keyslot.datanode.acl;

import dev.keyslot.datanode.command.CommandSpec;

/**
 * The channel arguments ACL checks: PUBLISH and SPUBLISH name one channel, SUBSCRIBE and SSUBSCRIBE
 * several, PSUBSCRIBE several patterns. Unsubscribing is always allowed.
 */
record ChannelArgs(boolean all, boolean patterns) {
    private static final ChannelArgs PUBLISH = new ChannelArgs(false, false);
    private static final ChannelArgs SUBSCRIBE = new ChannelArgs(true, false);
    private static final ChannelArgs PSUBSCRIBE = new ChannelArgs(true, true);

    /** The channel arguments of cmd, or null when it has none to check. */
    static ChannelArgs of(CommandSpec cmd) {
        return switch (cmd.fullName()) {
            case "publish", "spublish" -> PUBLISH;
            case "subscribe", "ssubscribe" -> SUBSCRIBE;
            case "psubscribe" -> PSUBSCRIBE;
            default -> null;
        };
    }
}
