package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.server.Client;
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
        int omem = c.reply().pendingBytes();
        return "id=" + c.id()
                + " addr=" + c.remoteAddress()
                + " laddr=" + c.localAddress()
                + " fd=" + fd(c)
                + " name=" + (c.name() == null ? "" : c.name())
                + " age=" + (now - c.createdAtMillis()) / 1000
                + " idle=" + (now - c.lastInteractionMillis()) / 1000
                + " flags=" + (c.isMonitoring() ? "O" : "N")
                + " db=" + c.db().id()
                + " sub=0 psub=0 ssub=0 multi=-1"
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
                + " rbs=" + READ_BUFFER + " rbp=" + READ_BUFFER
                + " obl=0 oll=0 omem=" + omem
                + " tot-mem=" + (READ_BUFFER + omem)
                + " events=r"
                + " cmd=" + cmd
                + " user=" + c.user().name()
                + " redir=-1"
                + " resp=" + c.reply().protocol();
    }

    /** The socket's descriptor with the native epoll transport; -1 otherwise, as Redis prints for fd-less clients. */
    private static int fd(Client c) {
        return c.channel() instanceof UnixChannel u ? u.fd().intValue() : -1;
    }
}
