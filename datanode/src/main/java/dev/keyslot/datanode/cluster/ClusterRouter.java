package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.transaction.QueuedCommand;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.server.Client;

import java.util.Arrays;
import java.util.List;

/**
 * Redis's getNodeByQuery as a command filter: a keyed command runs here only if this node serves the
 * keys' slot; otherwise the client gets -MOVED, -ASK (slot migrating, key not here), -TRYAGAIN
 * (multi-key request split by a migration), -CROSSSLOT or -CLUSTERDOWN. It runs before every command, so
 * it allocates nothing unless it redirects: keys are read in place from argv and the state of the request
 * being routed lives in fields, reused from one command to the next on the single command thread. Shard
 * channels route like keys, except that a replica serves them for its master's slots without READONLY.
 */
public final class ClusterRouter implements CommandFilter {
    private final Cluster cluster;
    private ClusterState state;
    private byte[] firstKey;
    private int slot;
    private ClusterNode owner;
    private boolean migrating;
    private boolean importing;
    private boolean multipleKeys;
    private int missing;
    private int existing;
    /** SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH: their "keys" are shard channels, never looked up in the keyspace. */
    private boolean pubsubShard;

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
        start();
        boolean write = spec.has(CommandFlag.WRITE, argv);
        if (spec.name().equals("exec") && c.multi().inMulti()) {
            // EXEC routes the transaction as a whole: all queued keys must live in one slot served here.
            List<QueuedCommand> queued = c.multi().queued();
            for (int i = 0; i < queued.size(); i++) {
                QueuedCommand q = queued.get(i);
                addKeys(c, q.spec(), q.argv());
                write |= q.spec().has(CommandFlag.WRITE, q.argv());
            }
        } else {
            pubsubShard = spec.has(CommandFlag.PUBSUB);
            addKeys(c, spec, argv);
        }
        return firstKey == null || route(c, spec, write);
    }

    private void start() {
        state = cluster.state();
        firstKey = null;
        slot = 0;
        owner = null;
        migrating = false;
        importing = false;
        multipleKeys = false;
        missing = 0;
        existing = 0;
        pubsubShard = false;
    }

    /** The keys at the spec's (first, last, step) positions, walked without building a position list. */
    private void addKeys(Client c, CommandSpec spec, byte[][] argv) {
        if (spec.hasKeyFinder()) {
            List<Integer> positions = spec.keyPositions(argv);
            for (int i = 0; i < positions.size(); i++) {
                addKey(c, argv[positions.get(i)]);
            }
            return;
        }
        int first = spec.firstKey();
        if (first <= 0) {
            return;
        }
        int last = spec.lastKey() >= 0 ? spec.lastKey() : argv.length + spec.lastKey();
        for (int i = first; i <= last && i < argv.length; i += spec.keyStep()) {
            addKey(c, argv[i]);
        }
    }

    private void addKey(Client c, byte[] key) {
        int keySlot = KeySlot.of(key);
        if (firstKey == null) {
            firstKey = key;
            slot = keySlot;
            owner = state.slotOwner(slot);
            if (owner == null) {
                throw new CommandError("CLUSTERDOWN Hash slot not served");
            }
            if (owner == state.myself() && state.migratingTo(slot) != null) {
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
        if ((migrating || importing) && !pubsubShard) {
            // A key past its TTL is absent here even before anything deletes it, as Redis's lookup without expiry.
            KeyEntry entry = c.db().lookupRaw(key);
            if (entry == null || c.db().isExpired(entry)) {
                missing++;
            } else {
                existing++;
            }
        }
    }

    private boolean route(Client c, CommandSpec spec, boolean write) {
        ClusterNode me = state.myself();
        if (state.state != ClusterState.OK) {
            if (pubsubShard) {
                if (!cluster.settings().allowPubsubShardWhenDown()) {
                    throw new CommandError("CLUSTERDOWN The cluster is down");
                }
            } else if (!cluster.settings().allowReadsWhenDown()) {
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
        if ((c.readOnlyReplicaReads() || pubsubShard) && !write && me.isReplica() && me.master == owner) {
            return true;
        }
        if (owner != me) {
            throw redirect("MOVED", slot, owner, c);
        }
        return true;
    }

    /**
     * Where a client blocked on key must go now (Redis's clusterRedirectBlockedClientIfNeeded): the error that
     * ends its wait once the cluster is down or the key's slot is served elsewhere and not being imported here,
     * or null while it may keep waiting. A READONLY client reading on a replica of the slot's owner waits on.
     */
    public String redirectionOfBlocked(Client c, byte[] key) {
        ClusterState current = cluster.state();
        if (current.state != ClusterState.OK) {
            return "CLUSTERDOWN The cluster is down";
        }
        int keySlot = KeySlot.of(key);
        ClusterNode keyOwner = current.slotOwner(keySlot);
        ClusterNode me = current.myself();
        CommandSpec blockedBy = c.lastCommand();
        boolean write = blockedBy == null || blockedBy.has(CommandFlag.WRITE);
        if (c.readOnlyReplicaReads() && !write && me.isReplica() && me.master == keyOwner) {
            return null;
        }
        if (keyOwner == me || current.importingFrom(keySlot) != null) {
            return null;
        }
        return keyOwner == null ? "CLUSTERDOWN Hash slot not served"
                : redirect("MOVED", keySlot, keyOwner, c).getMessage();
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
