package dev.keyslot.datanode.testing;

import org.junit.jupiter.api.Assertions;

/**
 * Checks that each command adds the same number of changes to the dirty counter on both servers
 * (redis-server's rdb_changes_since_last_save against the data node's stats().dirty).
 */
public final class ChangeCounts {
    private ChangeCounts() {
    }

    /** Runs each space-separated command on both servers and compares replies and change counts. */
    public static void check(Differential diff, String... commands) {
        for (String command : commands) {
            long redisBefore = redisDirty(diff);
            long nodeBefore = nodeDirty(diff);
            diff.check(command.split(" "));
            long redisDelta = redisDirty(diff) - redisBefore;
            long nodeDelta = nodeDirty(diff) - nodeBefore;
            Assertions.assertEquals(redisDelta, nodeDelta, "changes counted for " + command);
        }
    }

    private static long redisDirty(Differential diff) {
        String info = diff.redisConnection().callString("INFO", "persistence");
        int at = info.indexOf("rdb_changes_since_last_save:");
        int end = info.indexOf('\r', at);
        return Long.parseLong(info.substring(at + "rdb_changes_since_last_save:".length(), end));
    }

    private static long nodeDirty(Differential diff) {
        try {
            return diff.node().server().eventLoop().submit(() -> diff.node().server().stats().dirty).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
