package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]: checks the request in Redis 7.0's order,
 * with its error texts, and hands it to {@link CoordinatedFailover}.
 */
public final class FailoverCommand implements CommandGroup {
    private final Server server;
    private final Replication replication;

    public FailoverCommand(Server server) {
        this.server = server;
        this.replication = server.replication();
    }

    @Override
    public void register(CommandTable t) {
        t.add("failover", -1, "admin noscript stale", "", this::failover);
    }

    /** The options as given; port is a long because Redis reads it as one, unchecked. */
    private record Request(String host, long port, boolean force, long timeoutMillis) {
    }

    private void failover(Client c, byte[][] argv) {
        if (server.cluster() != null) {
            throw new CommandError("ERR FAILOVER not allowed in cluster mode. Use CLUSTER FAILOVER command instead.");
        }
        CoordinatedFailover failover = replication.failover();
        // Only ABORT alone aborts: with other options it is a syntax error, as in Redis.
        if (argv.length == 2 && Args.is(argv[1], "abort")) {
            if (!failover.active()) {
                throw new CommandError("ERR No failover in progress.");
            }
            failover.abort("Failover manually aborted");
            c.reply().ok();
            return;
        }
        Request request = parse(argv);
        if (failover.active()) {
            throw new CommandError("ERR FAILOVER already in progress.");
        }
        if (replication.isReplica()) {
            throw new CommandError("ERR FAILOVER is not valid when server is a replica.");
        }
        if (replication.replicaSet().replicas().isEmpty()) {
            throw new CommandError("ERR FAILOVER requires connected replicas.");
        }
        if (request.force() && (request.timeoutMillis() == 0 || request.host() == null)) {
            throw new CommandError("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        if (request.host() != null) {
            ReplicaLink target = failover.find(request.host(), request.port());
            if (target == null) {
                throw new CommandError("ERR FAILOVER target HOST and PORT is not a replica.");
            }
            // A diskless replica waiting to acknowledge its snapshot is online for Redis already.
            if (target.state != ReplicaLink.State.ONLINE && target.state != ReplicaLink.State.WAIT_ACK) {
                throw new CommandError("ERR FAILOVER target replica is not online.");
            }
        }
        failover.start(request.host(), (int) request.port(), request.timeoutMillis(), request.force());
        c.reply().ok();
    }

    /** Each option at most once; a repeated or unknown one is a syntax error. */
    private static Request parse(byte[][] argv) {
        String host = null;
        long port = 0;
        boolean force = false;
        long timeout = 0;
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "timeout") && i + 1 < argv.length && timeout == 0) {
                timeout = Args.toLong(argv[i + 1]);
                if (timeout <= 0) {
                    throw new CommandError("ERR FAILOVER timeout must be greater than 0");
                }
                i++;
            } else if (Args.is(argv[i], "to") && i + 2 < argv.length && host == null) {
                port = Args.toLong(argv[i + 2]);
                host = Args.str(argv[i + 1]);
                i += 2;
            } else if (Args.is(argv[i], "force") && !force) {
                force = true;
            } else {
                throw Errors.syntax();
            }
        }
        return new Request(host, port, force, timeout);
    }
}
