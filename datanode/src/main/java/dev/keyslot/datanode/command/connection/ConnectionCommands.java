package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.acl.Acl;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Connection commands: PING ECHO QUIT SELECT SWAPDB AUTH HELLO RESET. CLIENT is in {@link ClientCommands}. */
public final class ConnectionCommands implements CommandGroup {
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    private static final byte[] PONG = {'p', 'o', 'n', 'g'};
    private static final byte[] EMPTY = {};
    private final Server server;

    public ConnectionCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        t.add("ping", -1, "fast", "connection", this::ping)
                .tips("request_policy:all_shards", "response_policy:all_succeeded");
        t.add("echo", 2, "loading stale fast", "connection", (c, argv) -> c.reply().bulk(argv[1]));
        t.add("quit", -1, "allow_busy no_auth noscript loading stale fast", "connection", this::quit);
        t.add("select", 2, "loading stale fast", "connection", this::select);
        t.add("swapdb", 3, "write fast", "keyspace dangerous", this::swapdb);
        t.add("auth", -2, "noscript loading stale fast no_auth allow_busy", "connection", this::auth);
        t.add("hello", -1, "noscript loading stale fast no_auth allow_busy", "connection", this::hello);
        t.add("reset", 1, "noscript loading stale fast no_auth allow_busy", "connection", this::reset);
        new ClientCommands(server).register(t);
    }

    private void ping(Client c, byte[][] argv) {
        if (argv.length > 2) {
            throw Errors.wrongArity("ping");
        }
        if (c.subscriptions().active() && !c.reply().resp3()) {
            // A RESP2 subscriber reads every reply as a message: answer in that shape.
            c.reply().arrayHeader(2);
            c.reply().bulk(PONG);
            c.reply().bulk(argv.length == 2 ? argv[1] : EMPTY);
        } else if (argv.length == 2) {
            c.reply().bulk(argv[1]);
        } else {
            c.reply().simple("PONG");
        }
    }

    private void quit(Client c, byte[][] argv) {
        c.reply().ok();
        c.closeAfterReply();
    }

    private void select(Client c, byte[][] argv) {
        long index = Args.toLong(argv[1]);
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw new CommandError("ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        if (server.cluster() != null && index != 0) {
            throw new CommandError("ERR SELECT is not allowed in cluster mode");
        }
        if (index < 0 || index >= server.keyspace().count()) {
            throw new CommandError(Errors.DB_INDEX);
        }
        c.selectDb(server.keyspace().db((int) index));
        c.reply().ok();
    }

    private void swapdb(Client c, byte[][] argv) {
        if (server.cluster() != null) {
            throw new CommandError("ERR SWAPDB is not allowed in cluster mode");
        }
        long first = dbIndex(argv[1], "ERR invalid first DB index");
        long second = dbIndex(argv[2], "ERR invalid second DB index");
        int count = server.keyspace().count();
        if (first < 0 || first >= count || second < 0 || second >= count) {
            throw new CommandError(Errors.DB_INDEX);
        }
        if (first != second) {
            server.keyspace().db((int) first).swapWith(server.keyspace().db((int) second));
        }
        server.stats().dirty++;
        c.reply().ok();
    }

    private static long dbIndex(byte[] arg, String error) {
        long v = Args.toLong(arg, error);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError(error);
        }
        return v;
    }

    private void auth(Client c, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        c.redactArgument(1);
        if (argv.length == 2 && server.acl().defaultUser().nopass()) {
            throw new CommandError("ERR AUTH <password> called without any password configured for the default "
                    + "user. Are you sure your configuration is correct?");
        }
        if (argv.length == 3) {
            c.redactArgument(2);
        }
        String user = argv.length == 3 ? Args.str(argv[1]) : Acl.DEFAULT_USER;
        authenticate(c, user, argv[argv.length - 1], argv[0]);
        c.reply().ok();
    }

    private void authenticate(Client c, String user, byte[] password, byte[] commandName) {
        if (!server.acl().authenticate(c, user, password, Args.str(commandName))) {
            throw new CommandError(WRONGPASS);
        }
    }

    private void hello(Client c, byte[][] argv) {
        int protocol = 0;
        int next = 1;
        if (argv.length >= 2) {
            long version = Args.toLong(argv[1], "ERR Protocol version is not an integer or out of range");
            next = 2;
            if (version < 2 || version > 3) {
                throw new CommandError("NOPROTO unsupported protocol version");
            }
            protocol = (int) version;
        }
        byte[] name = null;
        for (int j = next; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "auth") && more >= 2) {
                c.redactArgument(j + 1);
                c.redactArgument(j + 2);
                authenticate(c, Args.str(argv[j + 1]), argv[j + 2], argv[0]);
                j += 2;
            } else if (Args.is(argv[j], "setname") && more >= 1) {
                name = argv[j + 1];
                ClientNames.validate(name);
                j++;
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + Args.cString(argv[j]) + "'");
            }
        }
        if (!c.authenticated()) {
            throw new CommandError("NOAUTH HELLO must be called with the client already authenticated, otherwise "
                    + "the HELLO AUTH <user> <pass> option can be used to authenticate the client and "
                    + "select the RESP protocol version at the same time");
        }
        if (name != null) {
            c.setName(name.length == 0 ? null : Args.str(name));
        }
        if (protocol != 0) {
            c.reply().setProtocol(protocol);
        }
        var r = c.reply();
        r.mapHeader(7);
        r.bulk(Args.bytes("server"));
        r.bulk(Args.bytes("redis"));
        r.bulk(Args.bytes("version"));
        r.bulk(Args.bytes(ConfigLoader.REDIS_VERSION));
        r.bulk(Args.bytes("proto"));
        r.integer(r.protocol());
        r.bulk(Args.bytes("id"));
        r.integer(c.id());
        r.bulk(Args.bytes("mode"));
        r.bulk(Args.bytes(server.config().getBool("cluster-enabled") ? "cluster" : "standalone"));
        r.bulk(Args.bytes("role"));
        r.bulk(Args.bytes(server.replication().isReplica() ? "replica" : "master"));
        r.bulk(Args.bytes("modules"));
        r.emptyArray();
    }

    private void reset(Client c, byte[][] argv) {
        server.resetClient(c);
        c.reply().simple("RESET");
    }
}
