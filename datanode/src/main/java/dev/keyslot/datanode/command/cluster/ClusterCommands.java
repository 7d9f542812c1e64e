package dev.keyslot.datanode.command.cluster;

import dev.keyslot.datanode.cluster.Cluster;
import dev.keyslot.datanode.cluster.ClusterNode;
import dev.keyslot.datanode.cluster.ClusterState;
import dev.keyslot.datanode.cluster.KeySlot;
import dev.keyslot.datanode.cluster.NodeDescription;
import dev.keyslot.datanode.cluster.SlotCounts;
import dev.keyslot.datanode.cluster.bus.BusStats;
import dev.keyslot.datanode.cluster.bus.MessageType;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.List;
import java.util.function.Supplier;

/** CLUSTER and its subcommands (the slot, node and epoch administration of cluster mode). */
public final class ClusterCommands implements CommandGroup {
    private final Server server;
    private final Supplier<Cluster> cluster;

    public ClusterCommands(Server server, Supplier<Cluster> cluster) {
        this.server = server;
        this.cluster = cluster;
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec c = t.container("cluster", "");
        c.sub("help", 2, "loading stale", "", (cl, a) -> help(cl));
        c.sub("info", 2, "stale", "", this::info).tips("nondeterministic_output");
        c.sub("nodes", 2, "stale", "", (cl, a) -> cl.reply().verbatim(
                NodeDescription.all(enabled().state(), 0, enabled().settings().plaintextPortsFor(cl.overTls()))))
                .tips("nondeterministic_output");
        c.sub("myid", 2, "stale", "", (cl, a) -> cl.reply().bulk(enabled().myself().id()));
        c.sub("meet", -4, "admin stale no_async_loading", "", this::meet);
        c.sub("addslots", -3, "admin stale no_async_loading", "", (cl, a) -> updateSlots(cl, a, false, false));
        c.sub("delslots", -3, "admin stale no_async_loading", "", (cl, a) -> updateSlots(cl, a, true, false));
        c.sub("addslotsrange", -4, "admin stale no_async_loading", "", (cl, a) -> updateSlots(cl, a, false, true));
        c.sub("delslotsrange", -4, "admin stale no_async_loading", "", (cl, a) -> updateSlots(cl, a, true, true));
        c.sub("flushslots", 2, "admin stale no_async_loading", "", this::flushSlots);
        c.sub("keyslot", 3, "stale", "", (cl, a) -> {
            enabled();
            cl.reply().integer(KeySlot.of(a[2]));
        });
        c.sub("countkeysinslot", 3, "stale", "", this::countKeysInSlot);
        c.sub("getkeysinslot", 4, "stale", "", this::getKeysInSlot).tips("nondeterministic_output");
        c.sub("slots", 2, "stale", "", (cl, a) -> SlotsReply.slots(cl, enabled())).tips("nondeterministic_output");
        c.sub("shards", 2, "stale", "", (cl, a) -> SlotsReply.shards(cl, enabled())).tips("nondeterministic_output");
        c.sub("count-failure-reports", 3, "admin stale", "", this::countFailureReports).tips("nondeterministic_output");
        c.sub("set-config-epoch", 3, "admin stale no_async_loading", "", this::setConfigEpoch);
        c.sub("bumpepoch", 2, "admin stale no_async_loading", "", this::bumpEpoch).tips("nondeterministic_output");
        c.sub("saveconfig", 2, "admin stale no_async_loading", "", this::saveConfig);
        c.sub("forget", 3, "admin stale no_async_loading", "", this::forget);
        c.sub("replicas", 3, "admin stale", "", this::replicas).tips("nondeterministic_output");
        c.sub("slaves", 3, "admin stale", "", this::replicas).tips("nondeterministic_output");
        c.sub("setslot", -4, "admin stale no_async_loading", "", (cl, a) -> new SetSlot(enabled()).execute(cl, a));
        c.sub("replicate", 3, "admin stale no_async_loading", "", this::replicate);
        c.sub("failover", -2, "admin stale no_async_loading", "", this::failover);
        c.sub("reset", -2, "admin stale noscript", "", this::reset);
        c.sub("links", 2, "stale", "", (cl, a) -> SlotsReply.links(cl, enabled())).tips("nondeterministic_output");
        t.add("asking", 1, "fast", "connection", this::asking);
        t.add("readonly", 1, "loading stale fast", "connection", (cl, a) -> {
            enabled();
            cl.setReadOnlyReplicaReads(true);
            cl.reply().ok();
        });
        t.add("readwrite", 1, "loading stale fast", "connection", (cl, a) -> {
            enabled();
            cl.setReadOnlyReplicaReads(false);
            cl.reply().ok();
        });
    }

    private Cluster enabled() {
        Cluster c = cluster.get();
        if (c == null) {
            throw new CommandError("ERR This instance has cluster support disabled");
        }
        return c;
    }

    private void help(Client c) {
        enabled();
        List<String> lines = ClusterHelp.LINES;
        Reply r = c.reply();
        r.arrayHeader(lines.size() + 1);
        r.simple("CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            r.simple(line);
        }
    }

    private void info(Client c, byte[][] argv) {
        Cluster cl = enabled();
        ClusterState s = cl.state();
        SlotCounts slots = s.slotCounts();
        ClusterNode me = s.myself();
        long myEpoch = me.isReplica() && me.master != null ? me.master.configEpoch : me.configEpoch;
        StringBuilder sb = new StringBuilder();
        sb.append("cluster_state:").append(s.state == ClusterState.OK ? "ok" : "fail").append("\r\n")
                .append("cluster_slots_assigned:").append(slots.assigned()).append("\r\n")
                .append("cluster_slots_ok:").append(slots.ok()).append("\r\n")
                .append("cluster_slots_pfail:").append(slots.pfail()).append("\r\n")
                .append("cluster_slots_fail:").append(slots.fail()).append("\r\n")
                .append("cluster_known_nodes:").append(s.nodeCount()).append("\r\n")
                .append("cluster_size:").append(s.size).append("\r\n")
                .append("cluster_current_epoch:").append(Long.toUnsignedString(s.currentEpoch)).append("\r\n")
                .append("cluster_my_epoch:").append(Long.toUnsignedString(myEpoch)).append("\r\n");
        BusStats stats = cl.bus().stats();
        appendMessageStats(sb, stats.sentByType, "sent");
        appendMessageStats(sb, stats.receivedByType, "received");
        sb.append("total_cluster_links_buffer_limit_exceeded:").append(stats.linksBufferLimitExceeded).append("\r\n");
        c.reply().verbatim(sb.toString());
    }

    private static void appendMessageStats(StringBuilder sb, long[] byType, String direction) {
        long total = 0;
        for (int type = 0; type < byType.length; type++) {
            if (byType[type] == 0) {
                continue;
            }
            total += byType[type];
            sb.append("cluster_stats_messages_").append(MessageType.name(type)).append('_').append(direction)
                    .append(':').append(byType[type]).append("\r\n");
        }
        sb.append("cluster_stats_messages_").append(direction).append(':').append(total).append("\r\n");
    }

    private void meet(Client c, byte[][] argv) {
        Cluster cl = enabled();
        if (argv.length > 5) {
            throw Errors.subcommandSyntax(argv);
        }
        Long port = dev.keyslot.datanode.util.Numbers.parseLongOrNull(argv[3]);
        if (port == null) {
            throw new CommandError("ERR Invalid TCP base port specified: " + Args.cString(argv[3]));
        }
        long cport = port + 10000;
        if (argv.length == 5) {
            Long parsed = dev.keyslot.datanode.util.Numbers.parseLongOrNull(argv[4]);
            if (parsed == null) {
                throw new CommandError("ERR Invalid TCP bus port specified: " + Args.cString(argv[4]));
            }
            cport = parsed;
        }
        String ip = Args.str(argv[2]);
        if (!cl.startHandshake(ip, (int) Math.min(port, Integer.MAX_VALUE), (int) Math.min(cport, Integer.MAX_VALUE))
                && !cl.state().handshakeInProgress(ip, port.intValue(), (int) cport)) {
            throw new CommandError("ERR Invalid node address specified: " + Args.cString(argv[2]) + ":" + Args.cString(argv[3]));
        }
        c.reply().ok();
    }

    static int slotArg(byte[] arg) {
        Long v = dev.keyslot.datanode.util.Numbers.parseLongOrNull(arg);
        if (v == null || v < 0 || v >= KeySlot.SLOTS) {
            throw new CommandError("ERR Invalid or out of range slot");
        }
        return v.intValue();
    }

    private void updateSlots(Client c, byte[][] argv, boolean delete, boolean ranges) {
        Cluster cl = enabled();
        ClusterState s = cl.state();
        if (ranges && argv.length % 2 == 1) {
            throw Errors.wrongArity("cluster|" + Args.lower(argv[1]));
        }
        byte[] chosen = new byte[KeySlot.SLOTS];
        if (!ranges) {
            for (int i = 2; i < argv.length; i++) {
                slotArg(argv[i]);
            }
        }
        for (int i = 2; i < argv.length; i += ranges ? 2 : 1) {
            int start = slotArg(argv[i]);
            int end = ranges ? slotArg(argv[i + 1]) : start;
            if (start > end) {
                throw new CommandError("ERR start slot number " + start + " is greater than end slot number " + end);
            }
            for (int slot = start; slot <= end; slot++) {
                if (delete && s.slotOwner(slot) == null) {
                    throw new CommandError("ERR Slot " + slot + " is already unassigned");
                } else if (!delete && s.slotOwner(slot) != null) {
                    throw new CommandError("ERR Slot " + slot + " is already busy");
                }
                if (chosen[slot]++ == 1) {
                    throw new CommandError("ERR Slot " + slot + " specified multiple times");
                }
            }
        }
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            if (chosen[slot] == 0) {
                continue;
            }
            s.setImporting(slot, null);
            if (delete) {
                s.deleteSlot(slot);
            } else {
                s.addSlot(s.myself(), slot);
            }
        }
        changed(cl);
        c.reply().ok();
    }

    private void changed(Cluster cl) {
        cl.updateStateAndSave();
    }

    private void flushSlots(Client c, byte[][] argv) {
        Cluster cl = enabled();
        if (server.keyspace().db(0).size() != 0) {
            throw new CommandError("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
        }
        cl.state().deleteNodeSlots(cl.myself());
        changed(cl);
        c.reply().ok();
    }

    private void countKeysInSlot(Client c, byte[][] argv) {
        Cluster cl = enabled();
        long slot = Args.toLong(argv[2]);
        if (slot < 0 || slot >= KeySlot.SLOTS) {
            throw new CommandError("ERR Invalid slot");
        }
        c.reply().integer(cl.hooks().countKeysInSlot((int) slot));
    }

    private void getKeysInSlot(Client c, byte[][] argv) {
        Cluster cl = enabled();
        long slot = Args.toLong(argv[2]);
        long max = Args.toLong(argv[3]);
        if (slot < 0 || slot >= KeySlot.SLOTS || max < 0) {
            throw new CommandError("ERR Invalid slot or number of keys");
        }
        List<byte[]> keys = cl.hooks().keysInSlot((int) slot, (int) Math.min(max, Integer.MAX_VALUE));
        c.reply().arrayHeader(keys.size());
        for (byte[] k : keys) {
            c.reply().bulk(k);
        }
    }

    private ClusterNode knownNode(Cluster cl, byte[] id) {
        ClusterNode n = cl.state().node(Args.str(id));
        if (n == null) {
            throw new CommandError("ERR Unknown node " + Args.cString(id));
        }
        return n;
    }

    private void countFailureReports(Client c, byte[][] argv) {
        Cluster cl = enabled();
        ClusterNode n = knownNode(cl, argv[2]);
        c.reply().integer(n.failureReportCount(cl.now(), cl.settings().nodeTimeout() * 2));
    }

    private void setConfigEpoch(Client c, byte[][] argv) {
        Cluster cl = enabled();
        long epoch = Args.toLong(argv[2]);
        ClusterState s = cl.state();
        if (epoch < 0) {
            throw new CommandError("ERR Invalid config epoch specified: " + epoch);
        } else if (s.nodeCount() > 1) {
            throw new CommandError("ERR The user can assign a config epoch only when the node does not know any other node.");
        } else if (s.myself().configEpoch != 0) {
            throw new CommandError("ERR Node config epoch is already non-zero");
        }
        s.myself().configEpoch = epoch;
        cl.log().warning("configEpoch set to " + epoch + " via CLUSTER SET-CONFIG-EPOCH");
        if (Long.compareUnsigned(s.currentEpoch, epoch) < 0) {
            s.currentEpoch = epoch;
        }
        changed(cl);
        c.reply().ok();
    }

    private void bumpEpoch(Client c, byte[][] argv) {
        Cluster cl = enabled();
        boolean bumped = cl.bumpConfigEpochWithoutConsensus();
        cl.afterEvent();
        c.reply().simple((bumped ? "BUMPED " : "STILL ") + Long.toUnsignedString(cl.myself().configEpoch));
    }

    private void saveConfig(Client c, byte[][] argv) {
        Cluster cl = enabled();
        cl.saveConfig();
        c.reply().ok();
    }

    private void forget(Client c, byte[][] argv) {
        Cluster cl = enabled();
        ClusterNode n = knownNode(cl, argv[2]);
        ClusterNode me = cl.myself();
        if (n == me) {
            throw new CommandError("ERR I tried hard but I can't forget myself...");
        } else if (me.isReplica() && me.master == n) {
            throw new CommandError("ERR Can't forget my master!");
        }
        cl.state().blacklist(n.id(), cl.now());
        cl.state().deleteNode(n);
        changed(cl);
        c.reply().ok();
    }

    private void replicas(Client c, byte[][] argv) {
        Cluster cl = enabled();
        ClusterNode n = knownNode(cl, argv[2]);
        if (n.isReplica()) {
            throw new CommandError("ERR The specified node is not a master");
        }
        c.reply().arrayHeader(n.replicas.size());
        for (ClusterNode r : n.replicas) {
            c.reply().bulk(NodeDescription.of(cl.state(), r, cl.settings().plaintextPortsFor(c.overTls())));
        }
    }

    private void replicate(Client c, byte[][] argv) {
        Cluster cl = enabled();
        ClusterNode n = knownNode(cl, argv[2]);
        ClusterNode me = cl.myself();
        if (n == me) {
            throw new CommandError("ERR Can't replicate myself");
        }
        if (n.isReplica()) {
            throw new CommandError("ERR I can only replicate a master, not a replica.");
        }
        if (me.isMaster() && (me.slotCount != 0 || server.keyspace().db(0).size() != 0)) {
            throw new CommandError("ERR To set a master the node must be empty and without assigned slots.");
        }
        cl.setMyMaster(n);
        changed(cl);
        c.reply().ok();
    }

    private void failover(Client c, byte[][] argv) {
        Cluster cl = enabled();
        if (argv.length > 3) {
            throw Errors.subcommandSyntax(argv);
        }
        boolean force = false;
        boolean takeover = false;
        if (argv.length == 3) {
            if (Args.is(argv[2], "force")) {
                force = true;
            } else if (Args.is(argv[2], "takeover")) {
                force = true;
                takeover = true;
            } else {
                throw Errors.syntax();
            }
        }
        String error = cl.startManualFailover(force, takeover);
        if (error != null) {
            throw new CommandError(error);
        }
        c.reply().ok();
    }

    private void reset(Client c, byte[][] argv) {
        Cluster cl = enabled();
        boolean hard = false;
        if (argv.length == 3) {
            if (Args.is(argv[2], "hard")) {
                hard = true;
            } else if (!Args.is(argv[2], "soft")) {
                throw Errors.syntax();
            }
        } else if (argv.length > 3) {
            throw Errors.subcommandSyntax(argv);
        }
        if (cl.myself().isMaster() && c.db().size() != 0) {
            throw new CommandError("ERR CLUSTER RESET can't be called with master nodes containing keys");
        }
        cl.reset(hard);
        c.reply().ok();
    }

    private void asking(Client c, byte[][] argv) {
        enabled();
        c.setAsking(true);
        c.reply().ok();
    }
}
