package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.server.ServerStats;
import dev.keyslot.datanode.testing.Differential;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * The counters Redis reports in INFO (keyspace hits and misses, changes since the last save), read from
 * both servers so tests can check that commands account for reads and writes like Redis.
 */
record Counters(long hits, long misses, long dirty) {

    static Counters ofRedis(Differential diff) {
        String info = new String(diff.redisConnection().call("INFO", "all"), StandardCharsets.UTF_8);
        return new Counters(field(info, "keyspace_hits"), field(info, "keyspace_misses"),
                field(info, "rdb_changes_since_last_save"));
    }

    static Counters ofNode(Differential diff) {
        try {
            return diff.node().server().eventLoop().submit(() -> {
                ServerStats s = diff.node().server().stats();
                return new Counters(s.keyspaceHits, s.keyspaceMisses, s.dirty);
            }).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    Counters minus(Counters before) {
        return new Counters(hits - before.hits, misses - before.misses, dirty - before.dirty);
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO has no " + name);
    }
}
