package dev.keyslot.datanode.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0 matches a published message against its patterns in the order of its pattern dict, a hash order:
 * a client subscribed to several patterns that match one message receives its pmessages in an order the data
 * node cannot match. Such a run (same client, channel and payload, consecutive) is compared sorted.
 */
final class PatternMatchOrder {
    private static final String SEPARATOR = "\\r\\n";

    private PatternMatchOrder() {
    }

    /** The fuzzer's printable "client reply" lines, with each run of one message's pmessages sorted. */
    static List<String> canonical(List<String> seen) {
        List<String> out = new ArrayList<>(seen.size());
        int i = 0;
        while (i < seen.size()) {
            String run = messageOf(seen.get(i));
            int end = i + 1;
            while (run != null && end < seen.size() && run.equals(messageOf(seen.get(end)))) {
                end++;
            }
            List<String> group = new ArrayList<>(seen.subList(i, end));
            group.sort(null);
            out.addAll(group);
            i = end;
        }
        return out;
    }

    /** For a pmessage: its client, channel and payload (all but the pattern); else null. */
    private static String messageOf(String line) {
        String[] parts = line.split(SEPARATOR.replace("\\", "\\\\"), -1);
        if (parts.length < 8 || !parts[2].equals("pmessage")) {
            return null;
        }
        String client = parts[0].substring(0, parts[0].indexOf(' '));
        return client + " " + String.join(SEPARATOR, List.of(parts).subList(5, parts.length));
    }
}
