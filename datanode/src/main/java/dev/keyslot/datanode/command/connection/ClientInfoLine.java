package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.protocol.RespDecoder;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.ClientMemory;
import io.netty.channel.unix.UnixChannel;

/**
 * One CLIENT LIST / CLIENT INFO line with Redis 7.0's fields in Redis's order. Buffer and memory figures
 * describe this server's own buffers, so they differ from Redis's numbers.
 */
public final class ClientInfoLine {
    private static final int READ_BUFFER = 16384;

    private ClientInfoLine() {
    }

    /**
     * @param caller         the client running CLIENT LIST: its current command is the one being executed
     * @param currentCommand that command's full name
     */
    public static String format(Client c, Client caller, String currentCommand) {
        long now = System.currentTimeMillis();
        String cmd = c == caller ? currentCommand
                : c.lastCommand() == null ? "NULL" : c.lastCommand().fullName();
        long omem = c.outputBufferBytes();
        RespDecoder decoder = c.channel() == null ? null : c.channel().pipeline().get(RespDecoder.class);
        return "id=" + c.id()
                + " addr=" + c.remoteAddress()
                + " laddr=" + c.localAddress()
                + " fd=" + fd(c)
                + " name=" + (c.name() == null ? "" : c.name())
                + " age=" + (now - c.createdAtMillis()) / 1000
                + " idle=" + (now - c.lastInteractionMillis()) / 1000
                + " flags=" + flags(c)
                + " db=" + c.db().id()
                + " sub=" + c.subscriptions().channelCount()
                + " psub=" + c.subscriptions().patternCount()
                + " ssub=" + c.subscriptions().shardChannelCount()
                + " multi=" + (c.multi().inMulti() ? c.multi().queuedCount() : -1)
                + " qbuf=" + (decoder == null ? 0 : decoder.queryBufferBytes(c == caller))
                + " qbuf-free=" + (decoder == null ? 0 : decoder.queryBufferFree(c == caller))
                + " argv-mem=" + c.argvMemory() + " multi-mem=" + c.multi().memoryOverhead()
                + " rbs=" + READ_BUFFER + " rbp=" + READ_BUFFER
                + " obl=0 oll=0 omem=" + omem
                + " tot-mem=" + totalMemory(c)
                + " events=r"
                + " cmd=" + cmd
                + " user=" + c.user().name()
                + " redir=" + (c.tracking().enabled() ? c.tracking().redirect() : -1)
                + " resp=" + c.reply().protocol();
    }

    /** tot-mem: see {@link ClientMemory#usage}. */
    public static long totalMemory(Client c) {
        return ClientMemory.usage(c);
    }

    /** Redis's flag letters, in its order; N when none applies. */
    private static String flags(Client c) {
        StringBuilder f = new StringBuilder(4);
        if (c.isMonitoring()) {
            f.append('O');
        } else if (c.isReplica()) {
            f.append('S');
        }
        if (c.isReplicationMaster()) {
            f.append('M');
        }
        if (c.subscriptions().active()) {
            f.append('P');
        }
        if (c.multi().inMulti()) {
            f.append('x');
        }
        if (c.blocked()) {
            f.append('b');
        }
        if (c.tracking().enabled()) {
            f.append('t');
            if (c.tracking().brokenRedirect()) {
                f.append('R');
            }
            if (c.tracking().bcast()) {
                f.append('B');
            }
        }
        if (c.multi().watchBroken()) {
            f.append('d');
        }
        if (c.closingAfterReply()) {
            f.append('c');
        }
        if (c.closingAsap()) {
            f.append('A');
        }
        if (c.overUnixSocket()) {
            f.append('U');
        }
        if (c.readOnlyReplicaReads()) {
            f.append('r');
        }
        if (c.noEvict()) {
            f.append('e');
        }
        return f.isEmpty() ? "N" : f.toString();
    }


    /** The socket's descriptor with the native epoll transport; -1 otherwise, as Redis prints for fd-less clients. */
    private static int fd(Client c) {
        return c.channel() instanceof UnixChannel u ? u.fd().intValue() : -1;
    }
}
