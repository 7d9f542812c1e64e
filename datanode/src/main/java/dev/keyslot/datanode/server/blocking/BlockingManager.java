package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Clients blocked by BLPOP, BZPOPMIN and friends. Each key has a FIFO of waiting clients. A write to a key
 * somebody waits on marks it ready; after the command that wrote it, the ready keys are served in the
 * order they became ready, each to its waiters in the order they blocked, while the key still holds
 * data (Redis's handleClientsBlockedOnKeys). A blocked client's further requests are held back until it
 * is served, times out or disconnects. Runs on the command thread only.
 */
public final class BlockingManager implements KeyspaceEvents {
    private final Server server;
    private final Map<WaitKey, ArrayDeque<BlockedClient>> waiters = new HashMap<>();
    private final Map<Client, BlockedClient> blocked = new IdentityHashMap<>();
    private LinkedHashSet<WaitKey> ready = new LinkedHashSet<>();

    public BlockingManager(Server server) {
        this.server = server;
        server.addKeyspaceListener(this);
        server.executor().addAfterCommandHook(this::serveReadyKeys);
        server.onDisconnect(this::disconnected);
    }

    /**
     * Blocks the client on keys until one holds a value of type; timeoutMillis 0 waits forever. The
     * command has replied nothing; the receiver or the timeout will.
     */
    public void block(Client client, List<byte[]> keys, ValueType type, long timeoutMillis, Receiver receiver) {
        Database db = client.db();
        List<WaitKey> waitKeys = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            WaitKey k = new WaitKey(db, key);
            if (!waitKeys.contains(k)) {
                waitKeys.add(k);
            }
        }
        BlockedClient bc = new BlockedClient(client, waitKeys, type, receiver);
        for (WaitKey k : waitKeys) {
            waiters.computeIfAbsent(k, x -> new ArrayDeque<>()).add(bc);
        }
        blocked.put(client, bc);
        client.setBlocked(true);
        client.pauseInput();
        client.exemptFromTimeout(true);
        if (timeoutMillis > 0) {
            bc.timeout = server.eventLoop().schedule(() -> timedOut(bc), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Blocks the client on keys until conditional accepts a change to one of them; 0 waits forever. */
    public void block(Client client, List<byte[]> keys, long timeoutMillis, ConditionalReceiver conditional) {
        block(client, keys, ValueType.STREAM, timeoutMillis, (Receiver) null);
        blocked.get(client).conditional = conditional;
    }

    /** Clients waiting on keys. */
    public int blockedClients() {
        return blocked.size();
    }

    /** Blocked clients with a timeout (INFO clients_in_timeout_table counts them). */
    public int blockedWithTimeout() {
        int n = 0;
        for (BlockedClient bc : blocked.values()) {
            if (bc.timeout != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * A key created holding a list, sorted set or stream readies it, as Redis's dbAdd does. Only creation: the
     * order keys become ready in is the order they are served, so readying on other writes would serve them
     * in another order than Redis after a transaction.
     */
    @Override
    public void keyAdded(Database db, byte[] key) {
        if (waiters.isEmpty()) {
            return;
        }
        WaitKey k = new WaitKey(db, key);
        if (waiters.containsKey(k)) {
            KeyEntry e = db.dict().get(key);
            ValueType type = e == null ? null : ValueType.of(e.value);
            if (type == ValueType.LIST || type == ValueType.ZSET || type == ValueType.STREAM) {
                ready.add(k);
            }
        }
    }

    /**
     * Other writes ready a key only where streams are concerned: XADD, and a stream deleted or overwritten (its
     * XREADGROUP waiters must fail), as Redis signals them.
     */
    @Override
    public void keyModified(Database db, byte[] key) {
        if (waiters.isEmpty()) {
            return;
        }
        WaitKey k = new WaitKey(db, key);
        ArrayDeque<BlockedClient> queue = waiters.get(k);
        if (queue != null && (holdsStream(db, key) || waitsForStream(queue))) {
            ready.add(k);
        }
    }

    private static boolean holdsStream(Database db, byte[] key) {
        KeyEntry e = db.dict().get(key);
        return e != null && ValueType.of(e.value) == ValueType.STREAM;
    }

    private static boolean waitsForStream(ArrayDeque<BlockedClient> queue) {
        for (BlockedClient bc : queue) {
            if (bc.type == ValueType.STREAM) {
                return true;
            }
        }
        return false;
    }

    /**
     * A flushed database readies its waited keys that held a stream (told before the keys go): their XREADGROUP
     * waiters fail, as Redis does for dropped streams. Other keys are readied by what is written after the flush,
     * in that order.
     */
    @Override
    public void databaseCleared(Database db) {
        for (WaitKey k : waiters.keySet()) {
            if (k.db == db && holdsStream(db, k.key)) {
                ready.add(k);
            }
        }
    }

    /** SWAPDB: every waited key of either database may now hold something else. */
    @Override
    public void databaseSwapped(Database db, Database replacedWith) {
        for (WaitKey k : waiters.keySet()) {
            if (k.db == db || k.db == replacedWith) {
                ready.add(k);
            }
        }
    }

    /** Serves clients waiting on keys that became ready; serving may ready more keys (BLMOVE). */
    public void serveReadyKeys() {
        while (!ready.isEmpty()) {
            LinkedHashSet<WaitKey> batch = ready;
            ready = new LinkedHashSet<>();
            for (WaitKey k : batch) {
                serveKey(k);
            }
        }
    }

    private void serveKey(WaitKey k) {
        ArrayDeque<BlockedClient> queue = waiters.get(k);
        if (queue == null) {
            return;
        }
        server.executor().retakeTime();
        for (BlockedClient bc : queue.toArray(new BlockedClient[0])) {
            KeyEntry e = k.db.lookup(k.key);
            if (bc.waiting && bc.conditional != null) {
                long start = System.nanoTime();
                long errorReplies = server.stats().totalErrorReplies;
                server.executor().serving(bc.client);
                boolean served;
                try {
                    served = bc.conditional.tryServe(bc.client, k.key, e == null ? null : e.value);
                } finally {
                    server.executor().serving(null);
                }
                if (served) {
                    release(bc);
                    served(bc.client, start, errorReplies);
                }
                continue;
            }
            if (e == null || !bc.waiting || ValueType.of(e.value) != bc.type) {
                continue;
            }
            long start = System.nanoTime();
            long errorReplies = server.stats().totalErrorReplies;
            release(bc);
            server.executor().serving(bc.client);
            try {
                bc.receiver.serve(bc.client, k.key);
            } finally {
                server.executor().serving(null);
            }
            served(bc.client, start, errorReplies);
        }
    }

    private void served(Client client, long startNanos, long errorRepliesBefore) {
        server.executor().servedAfterBlocking(client, (System.nanoTime() - startNanos) / 1000,
                server.stats().totalErrorReplies > errorRepliesBefore);
        resumeLater(client);
    }

    /**
     * CLIENT UNBLOCK: ends the client's wait with the reply its timeout gives, or with the UNBLOCKED error;
     * false when the client waits on no keys.
     */
    public boolean unblock(Client client, boolean withError) {
        BlockedClient bc = blocked.get(client);
        if (bc == null) {
            return false;
        }
        release(bc);
        if (withError) {
            UnblockedError.send(client);
        } else {
            client.reply().nullArray();
        }
        resumeLater(client);
        return true;
    }

    /** This node became a replica: every client waiting on keys is answered UNBLOCKED and disconnected. */
    public void disconnectAll() {
        for (BlockedClient bc : List.copyOf(blocked.values())) {
            release(bc);
            UnblockedError.sendRoleChangedAndClose(bc.client);
        }
    }

    /**
     * Ends the wait of every client that verdict (given the client and its first key) answers with an error:
     * the error is its reply, as a cluster node does when a waited slot moved away or the cluster went down.
     */
    public void failWaiters(BiFunction<Client, byte[], String> verdict) {
        if (blocked.isEmpty()) {
            return;
        }
        for (BlockedClient bc : List.copyOf(blocked.values())) {
            String error = verdict.apply(bc.client, bc.keys.get(0).key);
            if (error != null) {
                release(bc);
                bc.client.reply().error(error);
                server.stats().countError(error);
                resumeLater(bc.client);
            }
        }
    }

    private void timedOut(BlockedClient bc) {
        if (!bc.waiting) {
            return;
        }
        release(bc);
        bc.client.reply().nullArray();
        bc.client.resumeInput();
    }

    private void disconnected(Client client) {
        BlockedClient bc = blocked.get(client);
        if (bc != null) {
            release(bc);
        }
    }

    private void release(BlockedClient bc) {
        bc.waiting = false;
        blocked.remove(bc.client);
        bc.client.setBlocked(false);
        for (WaitKey k : bc.keys) {
            ArrayDeque<BlockedClient> queue = waiters.get(k);
            queue.remove(bc);
            if (queue.isEmpty()) {
                waiters.remove(k);
            }
        }
        if (bc.timeout != null) {
            bc.timeout.cancel(false);
        }
        bc.client.exemptFromTimeout(false);
    }

    /** Held-back requests run as a separate task, not inside the command that served this client. */
    private void resumeLater(Client client) {
        server.eventLoop().execute(client::resumeInput);
    }
}
