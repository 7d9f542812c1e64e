package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * MEMORY DOCTOR's report, with Redis's thresholds: below 5 MB of used memory it declines to judge; above,
 * it reports a past peak, big client or replica output buffers and a big script cache. Redis's RSS and
 * allocator fragmentation findings are left out: the JVM's heap headroom is not the allocator waste they
 * describe.
 */
final class MemoryDoctor {
    private static final long TOO_LITTLE_TO_JUDGE = 5L << 20;
    private static final long BIG_CLIENT_BUFFERS = 200L << 10;
    private static final long BIG_REPLICA_BUFFERS = 10L << 20;
    private static final int MANY_SCRIPTS = 1000;

    private MemoryDoctor() {
    }

    static String report(Server server) {
        long used = server.memory().usedMemory();
        if (used < TOO_LITTLE_TO_JUDGE) {
            return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used "
                    + "in these conditions. Please, leave for your mission on Earth and fill it with some data. The "
                    + "new Sam and I will be back to our programming as soon as I finished rebooting.\n";
        }
        StringBuilder issues = new StringBuilder();
        if ((float) server.memory().usedMemoryPeak() / used > 1.5) {
            issues.append(PEAK);
        }
        long clients = 0;
        long clientBytes = 0;
        long replicas = 0;
        for (Client c : server.clients().all()) {
            if (c.isReplica()) {
                replicas++;
            } else {
                clients++;
                clientBytes += c.reply().pendingBytes();
            }
        }
        // Replicas' output is the shared replication buffer beyond the backlog (mem_clients_slaves), as Redis judges it.
        if (replicas > 0 && server.replication().replicaOutputBytes() / replicas > BIG_REPLICA_BUFFERS) {
            issues.append(REPLICA_BUFFERS);
        }
        if (clients > 0 && clientBytes / clients > BIG_CLIENT_BUFFERS) {
            issues.append(CLIENT_BUFFERS);
        }
        if (server.scripting().cachedScripts() > MANY_SCRIPTS) {
            issues.append(SCRIPTS);
        }
        if (issues.isEmpty()) {
            return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on "
                    + "this base.\n";
        }
        return "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + issues
                + "I'm here to keep you safe, Sam. I want to help you.\n";
    }

    private static final String PEAK = " * Peak memory: In the past this instance used more than 150% the memory "
            + "that is currently using. The allocator is normally not able to release memory after a peak, so you "
            + "can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the "
            + "memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the "
            + "memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only "
            + "occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the "
            + "only other option is to shutdown and restart the instance.\n\n";

    private static final String REPLICA_BUFFERS = " * Big replica buffers: The replica output buffers in this "
            + "instance are greater than 10MB for each replica (on average). This likely means that there is some "
            + "replica instance that is struggling receiving data, either because it is too slow or because of "
            + "networking issues. As a result, data piles on the master output buffers. Please try to identify what "
            + "replica is not receiving data correctly and why. You can use the INFO output in order to check the "
            + "replicas delays and the CLIENT LIST command to check the output buffers of each replica.\n\n";

    private static final String CLIENT_BUFFERS = " * Big client buffers: The clients output buffers in this "
            + "instance are greater than 200K per client (on average). This may result from different causes, like "
            + "Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the "
            + "Redis instance output buffer, or clients sending commands with large replies or very large sequences "
            + "of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue "
            + "if it causes problems in your instance, or to understand better why certain clients are using a big "
            + "amount of memory.\n\n";

    private static final String SCRIPTS = " * Many scripts: There seem to be many cached scripts in this instance "
            + "(more than 1000). This may be because scripts are generated and `EVAL`ed, instead of being "
            + "parameterized (with KEYS and ARGV), `SCRIPT LOAD`ed and `EVALSHA`ed. Unless `SCRIPT FLUSH` is called "
            + "periodically, the scripts' caches may end up consuming most of your memory.\n\n";
}
