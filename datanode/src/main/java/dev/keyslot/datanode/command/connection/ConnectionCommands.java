package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Connection commands: PING ECHO QUIT SELECT AUTH HELLO RESET and CLIENT. */
public final class ConnectionCommands implements CommandGroup {
    private static final byte[] PONG = {'p', 'o', 'n', 'g'};
    private static final byte[] EMPTY = {};
    private final Server server;

    public ConnectionCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        t.add("ping", -1, "fast", "connection", this::ping);
        t.add("echo", 2, "fast", "connection", (c, argv) -> c.reply().bulk(argv[1]));
        t.add("quit", -1, "allow_busy no_auth noscript loading stale fast", "connection", this::quit);
        t.add("select", 2, "loading stale fast", "connection", this::select);
        t.add("auth", -2, "noscript loading stale fast no_auth allow_busy", "connection", this::auth);
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
        long index = Args.toLong(argv[1], "ERR invalid DB index");
        if (index < 0 || index >= server.keyspace().count()) {
            throw new CommandError(Errors.DB_INDEX);
        }
        c.selectDb(server.keyspace().db((int) index));
        c.reply().ok();
    }

    private void auth(Client c, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        String password = Args.str(argv[argv.length - 1]);
        String user = argv.length == 3 ? Args.str(argv[1]) : "default";
        String required = server.config().get("requirepass");
        if (argv.length == 2 && required.isEmpty()) {
            throw new CommandError("ERR AUTH <password> called without any password configured for the default "
                    + "user. Are you sure your configuration is correct?");
        }
        if (user.equals("default") && (required.isEmpty() || required.equals(password))) {
            c.setAuthenticated(true, user);
            c.reply().ok();
            return;
        }
        throw new CommandError("WRONGPASS invalid username-password pair or user is disabled.");
    }
}
