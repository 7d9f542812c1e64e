package dev.keyslot.datanode.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Pushes whose order Redis 7.0 leaves to chance, compared sorted where they come as a consecutive run to one
 * client. It matches a published message against its patterns in the order of its pattern dict, a hash order,
 * so the pmessages of one message (same channel and payload) to a client subscribed to several matching
 * patterns come in an order the data node cannot match. And a flush tells the tracking clients in the order
 * of its client list, which its cron rotates every tick, so the nulls several trackers redirect to one client
 * come in a time-dependent order. Keys whose short TTL passed may be expired by the active expiry cycle, which
 * samples them in hash order, before the fuzzer's sweep expires the rest in its order: their "expired" events
 * come in an order that depends on time and hashing.
 */
final class UnorderedPushes {
    private static final String SEPARATOR = "\\r\\n";

    private UnorderedPushes() {
    }

    /** The fuzzer's printable "client reply" lines, with each such run sorted. */
    static List<String> canonical(List<String> seen) {
        List<String> out = new ArrayList<>(seen.size());
        int i = 0;
        while (i < seen.size()) {
            String run = runOf(seen.get(i));
            int end = i + 1;
            while (run != null && end < seen.size() && run.equals(runOf(seen.get(end)))) {
                end++;
            }
            List<String> group = new ArrayList<>(seen.subList(i, end));
            group.sort(null);
            out.addAll(group);
            i = end;
        }
        return out;
    }

    /**
     * What the lines of a run share: a pmessage's client, channel and payload, a null invalidation's client, an
     * expired event's client.
     */
    private static String runOf(String line) {
        String client = line.substring(0, line.indexOf(' '));
        if (line.contains("invalidate" + SEPARATOR) && (line.endsWith("$-1" + SEPARATOR) || line.endsWith("_"
                + SEPARATOR))) {
            return client + " flushed";
        }
        String[] parts = line.split(SEPARATOR.replace("\\", "\\\\"), -1);
        if (parts.length < 8 || !parts[2].equals("pmessage")) {
            return null;
        }
        if (parts.length > 8 && (parts[6].startsWith("__keyspace@") && parts[8].equals("expired")
                || parts[6].startsWith("__keyevent@") && parts[6].endsWith("__:expired"))) {
            return client + " expired";
        }
        return client + " " + String.join(SEPARATOR, List.of(parts).subList(5, parts.length));
    }
}
