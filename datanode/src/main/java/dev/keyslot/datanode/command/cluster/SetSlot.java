package dev.keyslot.datanode.command.cluster;

import dev.keyslot.datanode.cluster.Cluster;
import dev.keyslot.datanode.cluster.ClusterNode;
import dev.keyslot.datanode.cluster.ClusterState;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.server.Client;

/** CLUSTER SETSLOT slot IMPORTING id | MIGRATING id | STABLE | NODE id: the steps of a slot migration. */
final class SetSlot {
    private final Cluster cluster;
    private final ClusterState state;

    SetSlot(Cluster cluster) {
        this.cluster = cluster;
        this.state = cluster.state();
    }

    void execute(Client c, byte[][] argv) {
        ClusterNode me = state.myself();
        if (me.isReplica()) {
            throw new CommandError("ERR Please use SETSLOT only with masters.");
        }
        int slot = ClusterCommands.slotArg(argv[2]);
        if (Args.is(argv[3], "migrating") && argv.length == 5) {
            if (state.slotOwner(slot) != me) {
                throw new CommandError("ERR I'm not the owner of hash slot " + slot);
            }
            state.setMigrating(slot, masterArg(argv[4], "ERR I don't know about node "));
        } else if (Args.is(argv[3], "importing") && argv.length == 5) {
            if (state.slotOwner(slot) == me) {
                throw new CommandError("ERR I'm already the owner of hash slot " + slot);
            }
            state.setImporting(slot, masterArg(argv[4], "ERR I don't know about node "));
        } else if (Args.is(argv[3], "stable") && argv.length == 4) {
            state.setImporting(slot, null);
            state.setMigrating(slot, null);
        } else if (Args.is(argv[3], "node") && argv.length == 5) {
            assignNode(slot, masterArg(argv[4], "ERR Unknown node "));
        } else {
            throw new CommandError("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
        }
        cluster.updateStateAndSave();
        c.reply().ok();
    }

    private ClusterNode masterArg(byte[] id, String unknownPrefix) {
        ClusterNode n = state.node(Args.str(id));
        if (n == null) {
            throw new CommandError(unknownPrefix + Args.cString(id));
        }
        if (n.isReplica()) {
            throw new CommandError("ERR Target node is not a master");
        }
        return n;
    }

    private void assignNode(int slot, ClusterNode n) {
        ClusterNode me = state.myself();
        int keys = cluster.hooks().countKeysInSlot(slot);
        if (state.slotOwner(slot) == me && n != me && keys != 0) {
            throw new CommandError("ERR Can't assign hashslot " + slot
                    + " to a different node while I still hold keys for this hash slot.");
        }
        if (keys == 0 && state.migratingTo(slot) != null) {
            state.setMigrating(slot, null);
        }
        boolean wasMine = state.slotOwner(slot) == me;
        state.deleteSlot(slot);
        state.addSlot(n, slot);
        if (wasMine && n != me && me.slotCount == 0 && cluster.settings().allowReplicaMigration()) {
            cluster.log().warning("Configuration change detected. Reconfiguring myself as a replica of " + n.id());
            cluster.setMyMaster(n);
            cluster.fsyncNextSave();
        }
        if (n == me && state.importingFrom(slot) != null) {
            if (cluster.bumpConfigEpochWithoutConsensus()) {
                cluster.log().warning("configEpoch updated after importing slot " + slot);
            }
            state.setImporting(slot, null);
            cluster.broadcastPongAfterReplies();
        }
    }
}
