package dev.keyslot.datanode.replication;

import java.util.List;

/** The "slave" class of client-output-buffer-limit: a hard limit, and a soft one tolerated for some seconds. */
record OutputLimit(long hard, long soft, long softSeconds) {
    static OutputLimit of(String clientOutputBufferLimit) {
        List<String> w = List.of(clientOutputBufferLimit.trim().split("\\s+"));
        for (int i = 0; i + 3 < w.size(); i += 4) {
            if (w.get(i).equals("slave")) {
                return new OutputLimit(bytes(w.get(i + 1)), bytes(w.get(i + 2)), Long.parseLong(w.get(i + 3)));
            }
        }
        return new OutputLimit(0, 0, 0);
    }

    /** Limits are unsigned 64-bit byte counts; one beyond the signed range cannot be reached anyway. */
    private static long bytes(String limit) {
        long v = Long.parseUnsignedLong(limit);
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /**
     * True when a replica with this much pending output must be dropped now. As in Redis 7.0, a hard limit below
     * repl-backlog-size counts as that size: a replica dropped for less could resync partially anyway.
     */
    boolean exceeded(ReplicaLink replica, long bytes, long backlogSize, long nowMillis) {
        if (hard > 0 && bytes >= Math.max(hard, backlogSize)) {
            return true;
        }
        if (soft > 0 && bytes >= soft) {
            if (replica.softLimitSinceMillis == 0) {
                replica.softLimitSinceMillis = nowMillis;
            }
            return nowMillis - replica.softLimitSinceMillis > softSeconds * 1000;
        }
        replica.softLimitSinceMillis = 0;
        return false;
    }
}
