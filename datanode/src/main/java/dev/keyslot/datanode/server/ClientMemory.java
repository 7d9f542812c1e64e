package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.connection.ClientInfoLine;
import dev.keyslot.datanode.protocol.RespDecoder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The memory of normal and Pub/Sub clients (Redis's stat_clients_type_memory): counted in used_memory, so output
 * and query buffers make maxmemory evict keys, and bounded by maxmemory-clients, which evicts the largest clients
 * first until the total is back under it. Each client's figure is refreshed after its reads, when replies are
 * written to it and by the cron. Command thread only.
 */
public final class ClientMemory {
    /** The fixed part of a client: Redis's 16 KB reply buffer (CLIENT LIST rbs). */
    public static final int BASE = 16384;
    /** Redis's dictEntry and bucket pointer per channel, list node per pattern, rax node estimate per prefix. */
    private static final int SUBSCRIPTION_OVERHEAD = 32;
    private static final int TRACKING_PREFIX_OVERHEAD = 32;

    private final Server server;
    private long total;
    /** Clients with a share in the total: each has the fixed {@link #BASE} in it. */
    private long countedClients;
    /** maxmemory-clients in bytes (a percentage is of maxmemory); 0 when client eviction is off. */
    private long limit;
    private boolean evictionQueued;

    ClientMemory(Server server) {
        this.server = server;
        limit = limit();
        server.config().onChange((name, value) -> {
            if (name.equals("maxmemory-clients") || name.equals("maxmemory")) {
                limit = limit();
                evict();
            }
        });
    }

    /**
     * CLIENT LIST tot-mem: buffers, the request being read or run, a transaction's queue, subscriptions,
     * prefixes.
     */
    public static long usage(Client c) {
        return accountable(c) + c.argvMemory();
    }

    /**
     * What the total counts for c: tot-mem but for the request it is running, which is gone once the command
     * returns (the figures are taken between commands in Redis, and the cron's while a client is idle).
     */
    private static long accountable(Client c) {
        RespDecoder decoder = c.decoder();
        return BASE + c.outputBufferBytes()
                + (decoder == null ? 0 : decoder.pendingRequestMemory())
                + c.multi().memoryOverhead()
                + (long) SUBSCRIPTION_OVERHEAD * (c.subscriptions().channelCount() + c.subscriptions().patternCount()
                        + c.subscriptions().shardChannelCount())
                + (long) TRACKING_PREFIX_OVERHEAD * c.tracking().prefixes().size();
    }

    /** mem_clients_normal: what used_memory counts for normal and Pub/Sub clients. */
    public long total() {
        return total;
    }

    /**
     * What used_memory counts for clients: their buffers and requests, not the fixed part, which Redis shrinks
     * for idle clients (so a few idle connections do not move used_memory).
     */
    public long buffers() {
        return total - BASE * countedClients;
    }

    /** Refreshes c's figure; eviction, when now due, runs at once if safe, else once the current work is done. */
    void update(Client c, boolean mayEvictNow) {
        account(c, counted(c) ? accountable(c) : 0);
        if (limit > 0 && total >= limit) {
            if (mayEvictNow) {
                evict();
            } else if (!evictionQueued) {
                evictionQueued = true;
                server.eventLoop().execute(this::evict);
            }
        }
    }

    /** A client leaving, or being closed for its output buffer: its memory is no longer the clients'. */
    void forget(Client c) {
        account(c, 0);
    }

    private void account(Client c, long mem) {
        long before = c.accountedMemory();
        total += mem - before;
        if (before == 0 && mem > 0) {
            countedClients++;
        } else if (before > 0 && mem == 0) {
            countedClients--;
        }
        c.setAccountedMemory(mem);
    }

    /** Replicas and the master's client are bounded by their own limits; internal clients own no buffers. */
    private static boolean counted(Client c) {
        return c.channel() != null && !c.isReplica() && !c.isReplicationMaster() && !c.closingAsap();
    }

    /** The cron's pass: output drained by the socket, and every client's share of used_memory kept current. */
    void cron() {
        refreshAll();
        evict();
    }

    private void refreshAll() {
        for (Client c : server.clients().all()) {
            account(c, counted(c) ? accountable(c) : 0);
        }
    }

    private long limit() {
        String v = server.config().get("maxmemory-clients");
        if (v.endsWith("%")) {
            return server.config().getLong("maxmemory") * Long.parseLong(v.substring(0, v.length() - 1)) / 100;
        }
        return Long.parseLong(v);
    }

    /** Redis's evictClients: the largest evictable clients go first, until the total is under the limit. */
    void evict() {
        evictionQueued = false;
        if (limit == 0 || total < limit) {
            return;
        }
        // Figures are refreshed at each client's own turn: bring them all up to date before choosing.
        refreshAll();
        List<Client> candidates = new ArrayList<>();
        for (Client c : server.clients().all()) {
            if (counted(c) && !c.noEvict()) {
                candidates.add(c);
            }
        }
        candidates.sort(Comparator.comparingLong(Client::accountedMemory).reversed());
        for (Client c : candidates) {
            if (total < limit) {
                return;
            }
            server.log().notice("Evicting client: " + ClientInfoLine.format(c, null, null));
            server.stats().evictedClients++;
            c.closeAsap();
            // Gone from CLIENT LIST at once, as Redis frees it here; the connection's own cleanup follows.
            server.clients().remove(c);
        }
        if (total >= limit) {
            server.log().warning("Over client maxmemory after evicting all evictable clients");
        }
    }
}
