package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.connection.ClientInfoLine;
import dev.keyslot.datanode.server.Client;

import java.util.Locale;

/**
 * DEBUG CLIENT-EVICTION's table: the clients maxmemory-clients may evict (normal and Pub/Sub clients without
 * no-evict), in Redis's power-of-two memory buckets from 32 KB up to 8 GB, with their summed tot-mem.
 */
final class ClientEvictionBuckets {
    private static final int MIN_LOG = 15;
    private static final int MAX_LOG = 33;
    private static final int BUCKETS = MAX_LOG - MIN_LOG + 1;

    private ClientEvictionBuckets() {
    }

    static String describe(Iterable<Client> clients) {
        long[] memory = new long[BUCKETS];
        long[] count = new long[BUCKETS];
        for (Client c : clients) {
            if (c.noEvict() || c.isReplica() || c.isReplicationMaster()) {
                continue;
            }
            long mem = ClientInfoLine.totalMemory(c);
            int bucket = Math.min(MAX_LOG, Math.max(MIN_LOG, 64 - Long.numberOfLeadingZeros(mem))) - MIN_LOG;
            memory[bucket] += mem;
            count[bucket]++;
        }
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < BUCKETS; j++) {
            out.append(j == 0 ? "bucket          0"
                    : String.format(Locale.ROOT, "bucket %10d", 1L << (j - 1 + MIN_LOG)));
            out.append(j == BUCKETS - 1 ? "+            : "
                    : String.format(Locale.ROOT, " - %10d: ", (1L << (j + MIN_LOG)) - 1));
            out.append(String.format(Locale.ROOT, "tot-mem: %10d, clients: %d\n", memory[j], count[j]));
        }
        return out.toString();
    }
}
