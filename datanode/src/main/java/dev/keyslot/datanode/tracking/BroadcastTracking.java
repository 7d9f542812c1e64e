package dev.keyslot.datanode.tracking;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.util.ByteKey;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * BCAST mode: clients subscribe to key prefixes (no prefix means every key) and, once per event-loop turn
 * in which keys under a prefix changed, receive the sorted list of those keys; NOLOOP clients do not hear
 * about their own changes.
 */
final class BroadcastTracking {
    private static final ByteKey EVERYTHING = new ByteKey(new byte[0]);

    private final TreeMap<ByteKey, BroadcastPrefix> prefixes = new TreeMap<>();
    private final InvalidationSender sender;
    /** Runs the broadcast after the current batch of requests, like Redis's beforeSleep. */
    private final Executor afterBatch;
    private final IntSupplier trackingClients;
    private boolean scheduled;

    BroadcastTracking(InvalidationSender sender, Executor afterBatch, IntSupplier trackingClients) {
        this.sender = sender;
        this.afterBatch = afterBatch;
        this.trackingClients = trackingClients;
    }

    boolean inUse() {
        return !prefixes.isEmpty();
    }

    int prefixCount() {
        return prefixes.size();
    }

    void subscribe(Client c, List<byte[]> prefixList) {
        if (prefixList.isEmpty()) {
            subscribe(c, EVERYTHING);
        }
        for (byte[] p : prefixList) {
            subscribe(c, new ByteKey(p));
        }
    }

    private void subscribe(Client c, ByteKey prefix) {
        BroadcastPrefix bp = prefixes.computeIfAbsent(prefix, p -> new BroadcastPrefix());
        if (bp.clients.add(c)) {
            c.tracking().prefixes.add(prefix);
        }
    }

    void unsubscribe(Client c) {
        for (ByteKey p : c.tracking().prefixes) {
            BroadcastPrefix bp = prefixes.get(p);
            bp.clients.remove(c);
            if (bp.clients.isEmpty()) {
                prefixes.remove(p);
            }
        }
        c.tracking().prefixes.clear();
    }

    /** Records that modifier (null for the server itself) changed key. */
    void keyModified(Client modifier, ByteKey key) {
        for (Map.Entry<ByteKey, BroadcastPrefix> e : prefixes.entrySet()) {
            if (key.startsWith(e.getKey())) {
                e.getValue().modifiedKeys.put(key, modifier);
                if (!scheduled) {
                    scheduled = true;
                    afterBatch.execute(this::broadcast);
                }
            }
        }
    }

    private void broadcast() {
        scheduled = false;
        if (trackingClients.getAsInt() == 0) {
            return;
        }
        for (BroadcastPrefix bp : prefixes.values()) {
            if (!bp.modifiedKeys.isEmpty()) {
                byte[] all = keysArray(bp.modifiedKeys, null);
                for (Client c : List.copyOf(bp.clients)) {
                    byte[] payload = c.tracking().noloop ? keysArray(bp.modifiedKeys, c) : all;
                    if (payload != null) {
                        sender.encoded(c, payload);
                    }
                }
            }
            bp.modifiedKeys = new TreeMap<>();
        }
    }

    /** The RESP array of modified keys, leaving out those the excluded client changed; null when empty. */
    private static byte[] keysArray(TreeMap<ByteKey, Client> keys, Client excluded) {
        int count = 0;
        for (Client modifier : keys.values()) {
            if (excluded == null || modifier != excluded) {
                count++;
            }
        }
        if (excluded != null && count == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(InvalidationSender.ascii("*" + count + "\r\n"));
        for (Map.Entry<ByteKey, Client> e : keys.entrySet()) {
            if (excluded != null && e.getValue() == excluded) {
                continue;
            }
            byte[] key = e.getKey().bytes();
            out.writeBytes(InvalidationSender.ascii("$" + key.length + "\r\n"));
            out.writeBytes(key);
            out.writeBytes(InvalidationSender.ascii("\r\n"));
        }
        return out.toByteArray();
    }
}
