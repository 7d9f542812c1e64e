package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.connection.ClientInfoLine;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.List;

/** REPLCONF, SYNC, PSYNC, REPLICAOF/SLAVEOF, ROLE and WAIT. */
public final class ReplicationCommands implements CommandGroup {
    private static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note "
            + "that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to "
            + "replicas are just local and are not propagated.";

    private final Server server;
    private final Replication replication;

    public ReplicationCommands(Server server) {
        this.server = server;
        this.replication = server.replication();
    }

    @Override
    public void register(CommandTable t) {
        t.add("replconf", -1, "admin noscript loading stale allow_busy", "", this::replconf);
        t.add("sync", 1, "no_async_loading admin no_multi noscript", "", this::sync);
        t.add("psync", -3, "no_async_loading admin no_multi noscript", "", this::sync);
        t.add("replicaof", 3, "no_async_loading admin noscript stale", "", this::replicaof);
        t.add("slaveof", 3, "no_async_loading admin noscript stale", "", this::replicaof);
        t.add("role", 1, "noscript loading stale fast", "admin dangerous", this::role);
        t.add("wait", 3, "noscript", "connection", this::waitCommand)
                .tips("request_policy:all_shards", "response_policy:agg_min");
    }

    private void replconf(Client c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            throw Errors.syntax();
        }
        ReplicaSet replicas = replication.replicaSet();
        for (int i = 1; i < argv.length; i += 2) {
            byte[] option = argv[i];
            byte[] value = argv[i + 1];
            if (Args.is(option, "listening-port")) {
                replicas.handshake(c).listeningPort = (int) Args.toLong(value);
            } else if (Args.is(option, "ip-address")) {
                if (value.length >= 46) {
                    throw new CommandError("ERR REPLCONF ip-address provided by replica instance is too long: "
                            + value.length + " bytes");
                }
                replicas.handshake(c).announcedIp = Args.str(value);
            } else if (Args.is(option, "capa")) {
                ReplicaLink r = replicas.handshake(c);
                r.capaEof |= Args.is(value, "eof");
                r.capaPsync2 |= Args.is(value, "psync2");
            } else if (Args.is(option, "rdb-only")) {
                long rdbOnly = Args.toLong(value);
                if (rdbOnly < 0 || rdbOnly > 1) {
                    throw new CommandError("ERR value is out of range, value must between 0 and 1");
                }
                replicas.handshake(c).rdbOnly = rdbOnly == 1;
            } else if (Args.is(option, "rdb-filter-only")) {
                replicas.handshake(c).filter = RdbFilter.including(value);
            } else if (Args.is(option, "ack")) {
                ReplicaLink r = replicas.find(c);
                if (r != null) {
                    replicas.acknowledged(r, Args.toLong(value));
                    replication.waiting().acknowledgementsChanged();
                    replication.failover().scheduleCheck();
                }
                return;
            } else if (Args.is(option, "getack")) {
                if (c.isReplicationMaster()) {
                    replication.ackRequested();
                }
                return;
            } else {
                throw new CommandError("ERR Unrecognized REPLCONF option: " + Args.cString(option));
            }
        }
        c.reply().ok();
    }

    private void sync(Client c, byte[][] argv) {
        ReplicaSet replicas = replication.replicaSet();
        if (replicas.find(c) != null) {
            return;
        }
        if (argv.length > 3 && Args.is(argv[0], "psync") && Args.is(argv[3], "failover")) {
            promoteForFailover(c, Args.str(argv[1]));
        }
        if (replication.failover().active()) {
            throw new CommandError("NOMASTERLINK Can't SYNC while failing over");
        }
        if (replication.isReplica() && !replication.linkUp()) {
            throw new CommandError("NOMASTERLINK Can't SYNC while not connected with my master");
        }
        if (c.reply().hasPending()) {
            throw new CommandError("ERR SYNC and PSYNC are invalid with pending output");
        }
        ReplicaLink r = replicas.handshake(c);
        if (r.filter.filtered() && !r.capaEof) {
            throw new CommandError("ERR Filtered replica requires EOF capability");
        }
        server.log().notice("Replica " + replicas.describe(r) + " asks for synchronization");
        boolean psync = argv.length > 1;
        if (psync) {
            String askedReplid = Args.str(argv[1]);
            long offset;
            try {
                offset = Args.toLong(argv[2]);
            } catch (CommandError notANumber) {
                server.log().warning("Replica " + replicas.describe(r) + " asks for synchronization but with a wrong offset");
                throw notANumber;
            }
            if (replicas.tryContinue(r, askedReplid, offset)) {
                return;
            }
            if (!askedReplid.equals("?")) {
                replication.stats().partialSyncsRefused++;
            }
        } else {
            // SYNC: an old replica (or redis-cli --replica) without REPLCONF ACKs or PSYNC.
            r.capaPsync2 = false;
        }
        replication.stats().fullSyncs++;
        replicas.attach(c);
        replication.fullSync().request(r, psync);
    }

    /**
     * PSYNC ... FAILOVER: our master ran FAILOVER and now asks to continue from us. On its history (its replid
     * is ours) we become a master; the PSYNC then goes on as any, normally continuing through replid2.
     */
    private void promoteForFailover(Client c, String replid) {
        server.log().warning("Failover request received for replid " + replid + ".");
        if (!replication.isReplica()) {
            throw new CommandError("ERR PSYNC FAILOVER can't be sent to a master.");
        }
        if (!replid.equalsIgnoreCase(replication.replid())) {
            throw new CommandError("ERR PSYNC FAILOVER replid must match my replid.");
        }
        replication.promote();
        server.log().notice("MASTER MODE enabled (failover request from '" + ClientInfoLine.format(c, c, "psync") + "')");
    }

    private void replicaof(Client c, byte[][] argv) {
        if (server.cluster() != null) {
            throw new CommandError("ERR REPLICAOF not allowed in cluster mode.");
        }
        if (replication.failover().active()) {
            throw new CommandError("ERR REPLICAOF not allowed while failing over.");
        }
        if (Args.is(argv[1], "no") && Args.is(argv[2], "one")) {
            if (replication.isReplica()) {
                replication.promote();
                server.log().notice("MASTER MODE enabled (user request from 'id=" + c.id() + "')");
            }
            c.reply().ok();
            return;
        }
        if (replication.replicaSet().find(c) != null) {
            throw new CommandError("ERR Command is not valid when client is a replica.");
        }
        int port = (int) Args.toLongInRange(argv[2], 0, 65535, "ERR Invalid master port");
        if (!replication.replicaOf(Args.str(argv[1]), port)) {
            server.log().notice("REPLICAOF would result into synchronization with the master we are already "
                    + "connected with. No operation performed.");
            c.reply().simple("OK Already connected to specified master");
            return;
        }
        server.log().notice("REPLICAOF " + Args.str(argv[1]) + ":" + port + " enabled (user request from 'id="
                + c.id() + "')");
        c.reply().ok();
    }

    private void role(Client c, byte[][] argv) {
        Reply r = c.reply();
        if (!replication.isReplica()) {
            List<ReplicaLink> online = new ArrayList<>();
            for (ReplicaLink l : replication.replicaSet().replicas()) {
                if (l.state == ReplicaLink.State.ONLINE) {
                    online.add(l);
                }
            }
            r.arrayHeader(3);
            r.bulk("master");
            r.integer(replication.offset());
            r.arrayHeader(online.size());
            for (ReplicaLink l : online) {
                r.arrayHeader(3);
                r.bulk(l.ip());
                r.bulk(Integer.toString(l.listeningPort));
                r.bulk(Long.toString(l.ackOffset));
            }
            return;
        }
        r.arrayHeader(5);
        r.bulk("slave");
        r.bulk(replication.masterHost());
        r.integer(replication.masterPort());
        r.bulk(replication.linkState().name().toLowerCase(java.util.Locale.ROOT));
        r.integer(replication.linkUp() ? replication.offset() : -1);
    }

    private void waitCommand(Client c, byte[][] argv) {
        if (replication.isReplica()) {
            throw new CommandError(WAIT_ON_REPLICA);
        }
        long replicas = Args.toLong(argv[1]);
        long timeout = Args.toLong(argv[2], "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        WaitingClients waiting = replication.waiting();
        int acknowledged = waiting.acknowledged(c.replicationWriteOffset());
        if (acknowledged >= replicas || c.denyBlocking()) {
            c.reply().integer(acknowledged);
            return;
        }
        waiting.block(c, replicas, timeout);
    }
}
