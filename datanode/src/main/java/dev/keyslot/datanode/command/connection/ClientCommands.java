package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.PausePurpose;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CLIENT ID, SETNAME, GETNAME, LIST, INFO, KILL, PAUSE, UNPAUSE, UNBLOCK, REPLY, NO-EVICT and HELP. */
final class ClientCommands {
    private static final String ADMIN = "admin noscript loading stale";
    private static final String PLAIN = "noscript loading stale";
    private static final List<String> CLIENT_TYPES = List.of("normal", "master", "replica", "slave", "pubsub");

    private final Server server;

    ClientCommands(Server server) {
        this.server = server;
    }

    void register(CommandTable t) {
        var client = t.container("client", "");
        client.sub("id", 2, PLAIN, "connection", (c, argv) -> c.reply().integer(c.id()));
        client.sub("setname", 3, PLAIN, "connection", this::setName);
        client.sub("getname", 2, PLAIN, "connection", this::getName);
        client.sub("list", -2, ADMIN, "connection", this::list).tips("nondeterministic_output");
        client.sub("info", 2, PLAIN, "connection",
                (c, argv) -> c.reply().verbatim(ClientInfoLine.format(c, c, "client|info") + "\n"))
                .tips("nondeterministic_output");
        client.sub("kill", -3, ADMIN, "connection", this::kill);
        client.sub("pause", -3, ADMIN, "connection", this::pause);
        client.sub("unpause", 2, ADMIN, "connection", this::unpause);
        client.sub("unblock", -3, ADMIN, "connection", this::unblock);
        client.sub("reply", 3, PLAIN, "connection", this::reply);
        client.sub("no-evict", 3, ADMIN, "connection", this::noEvict);
        client.sub("help", 2, "loading stale", "connection", (c, argv) -> HelpReply.send(c, argv[0], HELP));
    }

    private void setName(Client c, byte[][] argv) {
        ClientNames.validate(argv[2]);
        c.setName(argv[2].length == 0 ? null : Args.str(argv[2]));
        c.reply().ok();
    }

    private void getName(Client c, byte[][] argv) {
        if (c.name() == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(Args.bytes(c.name()));
        }
    }

    private void list(Client c, byte[][] argv) {
        List<Client> selected = new ArrayList<>();
        if (argv.length == 2) {
            selected.addAll(server.clients().all());
        } else if (argv.length == 4 && Args.is(argv[2], "type")) {
            String type = clientType(argv[3]);
            for (Client other : server.clients().all()) {
                if (type.equals(typeOf(other))) {
                    selected.add(other);
                }
            }
        } else if (argv.length > 3 && Args.is(argv[2], "id")) {
            Set<Long> ids = new HashSet<>();
            for (int i = 3; i < argv.length; i++) {
                ids.add(Args.toLong(argv[i], "ERR Invalid client ID"));
            }
            for (Client other : server.clients().all()) {
                if (ids.contains(other.id())) {
                    selected.add(other);
                }
            }
        } else {
            throw Errors.syntax();
        }
        StringBuilder sb = new StringBuilder();
        for (Client other : selected) {
            sb.append(ClientInfoLine.format(other, c, "client|list")).append('\n');
        }
        c.reply().verbatim(sb.toString());
    }

    /** A connection's type for CLIENT LIST and KILL: this replica's master, replicas of this node, or normal clients. */
    private static String typeOf(Client c) {
        if (c.isReplicationMaster()) {
            return "master";
        }
        return c.isReplica() ? "replica" : "normal";
    }

    /** The canonical type name. */
    private static String clientType(byte[] arg) {
        String type = Args.keyword(arg);
        if (!CLIENT_TYPES.contains(type)) {
            throw new CommandError("ERR Unknown client type '" + Args.cString(arg) + "'");
        }
        return type.equals("slave") ? "replica" : type;
    }

    private void kill(Client c, byte[][] argv) {
        if (argv.length == 3) {
            String addr = Args.str(argv[2]);
            for (Client other : server.clients().all()) {
                if (other.remoteAddress().equals(addr)) {
                    close(c, other);
                    c.reply().ok();
                    return;
                }
            }
            throw new CommandError("ERR No such client");
        }
        KillFilter filter = KillFilter.parse(argv, server);
        List<Client> victims = new ArrayList<>();
        for (Client other : server.clients().all()) {
            if (filter.matches(other, c)) {
                victims.add(other);
            }
        }
        for (Client victim : victims) {
            close(c, victim);
        }
        c.reply().integer(victims.size());
    }

    /**
     * Closing the calling client itself waits until its reply is written. The master link goes down at once,
     * as Redis frees its master client at once: its data ages from now, not from when the close is seen.
     */
    private void close(Client caller, Client victim) {
        if (victim == caller) {
            caller.closeAfterReply();
        } else if (victim.isReplicationMaster()) {
            server.replication().masterClientKilled();
        } else if (victim.socket() != null) {
            victim.socket().close();
        }
    }

    private void pause(Client c, byte[][] argv) {
        long timeout = Args.toLong(argv[2], "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        boolean all = true;
        if (argv.length == 4) {
            if (Args.is(argv[3], "write")) {
                all = false;
            } else if (!Args.is(argv[3], "all")) {
                throw new CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        } else if (argv.length > 4) {
            throw Errors.subcommandSyntax(argv);
        }
        server.clientPause().pause(PausePurpose.CLIENT_COMMAND, System.currentTimeMillis() + timeout, all);
        c.reply().ok();
    }

    private void unpause(Client c, byte[][] argv) {
        server.clientPause().unpause(PausePurpose.CLIENT_COMMAND);
        c.reply().ok();
    }

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends BLPOP and the other key waits, XREAD/XREADGROUP BLOCK and WAIT. A
     * client held back by CLIENT PAUSE is left alone: Redis 7.0.15 would crash in TIMEOUT mode, and in ERROR mode
     * send the error yet still run the held command after the pause, two replies to one request.
     */
    private void unblock(Client c, byte[][] argv) {
        if (argv.length > 4) {
            throw Errors.subcommandSyntax(argv);
        }
        boolean withError = false;
        // Redis checks the mode before the id.
        if (argv.length == 4) {
            if (Args.is(argv[3], "error")) {
                withError = true;
            } else if (!Args.is(argv[3], "timeout")) {
                throw new CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        Client target = server.clients().byId(Args.toLong(argv[2]));
        boolean unblocked = target != null && (server.blocking().unblock(target, withError)
                || server.replication().unblockWaiter(target, withError));
        if (unblocked) {
            server.executor().unblockedByCommand(target);
        }
        c.reply().integer(unblocked ? 1 : 0);
    }


    private void reply(Client c, byte[][] argv) {
        if (Args.is(argv[2], "on")) {
            c.setReplyMode(false, false);
            c.reply().setMuted(false);
            c.reply().ok();
        } else if (Args.is(argv[2], "off")) {
            c.setReplyMode(true, false);
            c.reply().setMuted(true);
        } else if (Args.is(argv[2], "skip")) {
            c.setReplyMode(c.replyOff(), !c.replyOff());
            c.reply().setMuted(true);
        } else {
            throw Errors.syntax();
        }
    }

    private void noEvict(Client c, byte[][] argv) {
        if (Args.is(argv[2], "on")) {
            c.setNoEvict(true);
        } else if (Args.is(argv[2], "off")) {
            c.setNoEvict(false);
        } else {
            throw Errors.syntax();
        }
        c.reply().ok();
    }

    /** The filters of the new CLIENT KILL form; all given filters must match. */
    private record KillFilter(Long id, String type, String user, String addr, String laddr, boolean skipMe) {
        static KillFilter parse(byte[][] argv, Server server) {
            if (argv.length % 2 != 0) {
                throw Errors.syntax();
            }
            Long id = null;
            String type = null;
            String user = null;
            String addr = null;
            String laddr = null;
            boolean skipMe = true;
            for (int i = 2; i < argv.length; i += 2) {
                byte[] value = argv[i + 1];
                switch (Args.keyword(argv[i])) {
                    case "id" -> {
                        long v = Args.toLong(value, "ERR client-id should be greater than 0");
                        if (v <= 0) {
                            throw new CommandError("ERR client-id should be greater than 0");
                        }
                        id = v;
                    }
                    case "type" -> type = clientType(value);
                    case "user" -> {
                        user = Args.str(value);
                        if (server.acl().user(user) == null) {
                            throw new CommandError("ERR No such user '" + Args.cString(user) + "'");
                        }
                    }
                    case "addr" -> addr = Args.str(value);
                    case "laddr" -> laddr = Args.str(value);
                    case "skipme" -> {
                        if (Args.is(value, "yes")) {
                            skipMe = true;
                        } else if (Args.is(value, "no")) {
                            skipMe = false;
                        } else {
                            throw Errors.syntax();
                        }
                    }
                    default -> throw Errors.syntax();
                }
            }
            return new KillFilter(id, type, user, addr, laddr, skipMe);
        }

        boolean matches(Client other, Client caller) {
            return (id == null || other.id() == id)
                    && (type == null || type.equals(typeOf(other)))
                    && (user == null || user.equals(other.user().name()))
                    && (addr == null || addr.equals(other.remoteAddress()))
                    && (laddr == null || laddr.equals(other.localAddress()))
                    && !(skipMe && other == caller);
        }
    }

    private static final String[] HELP = {
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
    };
}
