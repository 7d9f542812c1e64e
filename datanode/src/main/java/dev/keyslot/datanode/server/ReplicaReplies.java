package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.connection.ClientInfoLine;

/**
 * A replication link carries the stream to the replica, never replies: as Redis 7.0 does, a reply produced for a
 * replica's own command (a rogue PING, or the refusal of a keyspace command) disconnects it with a warning, and
 * an error reply is also logged as critical and counted in unexpected_error_replies. CLIENT REPLY OFF still
 * silences the reply first, as in Redis.
 */
final class ReplicaReplies {
    private static final int MAX_LOGGED_ERROR = 4096;

    private ReplicaReplies() {
    }

    /** After each command of a replica: anything it left to send closes the link instead. */
    static void afterCommand(Server server, Client replica) {
        if (replica.reply().hasPending()) {
            disconnect(server, replica);
        }
    }

    /** Every error reply to a replica, muted or not, as Redis's afterErrorReply sees it. */
    static void errorReplied(Server server, Client replica, String error) {
        if (!replica.reply().muted()) {
            disconnect(server, replica);
        }
        String shown = loggedForm(error);
        server.log().warning("== CRITICAL == This master is sending an error to its replica: '" + shown
                + "' after processing the command '" + commandName(replica) + "'");
        server.stats().unexpectedErrorReplies++;
    }

    /**
     * The error as Redis's afterErrorReply logs it: a plain ERR error is given to it without its code, any other
     * code with the leading dash of the reply.
     */
    private static String loggedForm(String error) {
        String shown = error.startsWith("ERR ") ? error.substring(4) : "-" + error;
        return shown.length() > MAX_LOGGED_ERROR ? shown.substring(0, MAX_LOGGED_ERROR) : shown;
    }

    private static void disconnect(Server server, Client replica) {
        if (replica.closingAsap() || replica.channel() == null) {
            return;
        }
        server.log().warning("Replica generated a reply to command '" + commandName(replica)
                + "', disconnecting it: " + ClientInfoLine.format(replica, null, null));
        replica.closeAsap();
    }

    private static String commandName(Client c) {
        CommandSpec last = c.lastCommand();
        return last == null ? "<unknown>" : last.fullName();
    }
}
