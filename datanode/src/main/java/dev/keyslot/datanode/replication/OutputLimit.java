package dev.keyslot.datanode.replication;

import java.util.List;

/** The "slave" class of client-output-buffer-limit: a hard limit, and a soft one tolerated for some seconds. */
record OutputLimit(long hard, long soft, long softSeconds) {
    static OutputLimit of(String clientOutputBufferLimit) {
        List<String> w = List.of(clientOutputBufferLimit.trim().split("\\s+"));
        for (int i = 0; i + 3 < w.size(); i += 4) {
            if (w.get(i).equals("slave")) {
                return new OutputLimit(Long.parseLong(w.get(i + 1)), Long.parseLong(w.get(i + 2)),
                        Long.parseLong(w.get(i + 3)));
            }
        }
        return new OutputLimit(0, 0, 0);
    }

    /** True when a replica with this much pending output must be dropped now. */
    boolean exceeded(ReplicaLink replica, long bytes, long nowMillis) {
        if (hard > 0 && bytes >= hard) {
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
