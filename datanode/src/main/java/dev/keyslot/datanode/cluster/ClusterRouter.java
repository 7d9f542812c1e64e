package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.transaction.QueuedCommand;
import dev.keyslot.datanode.server.Client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's getNodeByQuery as a command filter: a keyed command runs here only if this node serves the
 * keys' slot; otherwise the client gets -MOVED, -ASK (slot migrating, key not here), -TRYAGAIN
 * (multi-key request split by a migration), -CROSSSLOT or -CLUSTERDOWN.
 */
public final class ClusterRouter implements CommandFilter {
    private final Cluster cluster;

    public ClusterRouter(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Redirection comes before the OOM check and the later checks, as in Redis's processCommand. */
    @Override
    public int order() {
        return DEFAULT - 100;
    }

    @Override
    public boolean admit(Client c, CommandSpec spec, byte[][] argv) {
        if (c.isReplicationMaster()) {
            // The master's stream is applied as it comes: its commands are never redirected.
            return true;
        }
        List<byte[]> keys = new ArrayList<>();
        boolean write = spec.has(CommandFlag.WRITE);
        if (spec.name().equals("exec") && c.multi().inMulti()) {
            // EXEC routes the transaction as a whole: all queued keys must live in one slot served here.
            for (QueuedCommand queued : c.multi().queued()) {
                for (int pos : queued.spec().keyPositions(queued.argv())) {
                    keys.add(queued.argv()[pos]);
                }
                write |= queued.spec().has(CommandFlag.WRITE);
            }
        } else {
            for (int pos : spec.keyPositions(argv)) {
                keys.add(argv[pos]);
            }
        }
        if (keys.isEmpty()) {
            return true;
        }
        return route(c, spec, keys, write);
    }

    private boolean route(Client c, CommandSpec spec, List<byte[]> keys, boolean write) {
        ClusterState state = cluster.state();
        ClusterNode me = state.myself();
        byte[] firstKey = null;
        int slot = 0;
        ClusterNode owner = null;
        boolean migrating = false;
        boolean importing = false;
        boolean multipleKeys = false;
        int missing = 0;
        int existing = 0;
        for (byte[] key : keys) {
            int keySlot = KeySlot.of(key);
            if (firstKey == null) {
                firstKey = key;
                slot = keySlot;
                owner = state.slotOwner(slot);
                if (owner == null) {
                    throw new CommandError("CLUSTERDOWN Hash slot not served");
                }
                if (owner == me && state.migratingTo(slot) != null) {
                    migrating = true;
                } else if (state.importingFrom(slot) != null) {
                    importing = true;
                }
            } else if (!Arrays.equals(firstKey, key)) {
                if (slot != keySlot) {
                    throw new CommandError("CROSSSLOT Keys in request don't hash to the same slot");
                }
                multipleKeys = true;
            }
            if (migrating || importing) {
                if (c.db().lookupRaw(key) == null) {
                    missing++;
                } else {
                    existing++;
                }
            }
        }
        if (state.state != ClusterState.OK) {
            if (!cluster.settings().allowReadsWhenDown()) {
                throw new CommandError("CLUSTERDOWN The cluster is down");
            } else if (write) {
                throw new CommandError("CLUSTERDOWN The cluster is down and only accepts read commands");
            }
        }
        if ((migrating || importing) && spec.name().equals("migrate")) {
            return true;
        }
        if (migrating && missing > 0) {
            if (existing > 0) {
                throw new CommandError("TRYAGAIN Multiple keys request during rehashing of slot");
            }
            throw redirect("ASK", slot, state.migratingTo(slot), c);
        }
        if (importing && (c.asking() || spec.has(CommandFlag.ASKING))) {
            if (multipleKeys && missing > 0) {
                throw new CommandError("TRYAGAIN Multiple keys request during rehashing of slot");
            }
            return true;
        }
        if (c.readOnlyReplicaReads() && !write && me.isReplica() && me.master == owner) {
            return true;
        }
        if (owner != me) {
            throw redirect("MOVED", slot, owner, c);
        }
        return true;
    }

    private CommandError redirect(String kind, int slot, ClusterNode target, Client c) {
        String endpoint = switch (cluster.settings().preferredEndpointType()) {
            case "hostname" -> target.hostname.isEmpty() ? "?" : target.hostname;
            case "unknown-endpoint" -> "";
            default -> target.ip;
        };
        int port = target.clientPort(cluster.settings().plaintextPortsFor(c.overTls()));
        return new CommandError(kind + " " + slot + " " + endpoint + ":" + port);
    }
}
