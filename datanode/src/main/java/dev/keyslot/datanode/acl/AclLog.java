package dev.keyslot.datanode.acl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * ACL LOG: denied commands, keys and channels and failed authentications, newest first. A repeat of one
 * of the 10 newest entries (same reason, context, object and user within a minute) bumps its count and
 * moves it to the front instead of adding an entry, as Redis does.
 */
public final class AclLog {
    private static final long GROUPING_MILLIS = 60_000;
    private static final int SCANNED_FOR_REPEATS = 10;

    /** One entry; count, time and client info change when the same denial repeats. */
    public static final class Entry {
        final String reason;
        final String context;
        final String object;
        final String username;
        long count = 1;
        long millis;
        String clientInfo;

        Entry(String reason, String context, String object, String username, long millis, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.millis = millis;
            this.clientInfo = clientInfo;
        }

        private boolean sameAs(Entry other) {
            return reason.equals(other.reason) && context.equals(other.context)
                    && Math.abs(millis - other.millis) <= GROUPING_MILLIS
                    && object.equals(other.object) && username.equals(other.username);
        }
    }

    private final LinkedList<Entry> entries = new LinkedList<>();

    /** Adds or merges an entry; the log then keeps at most maxLength entries. */
    void add(Entry entry, long maxLength) {
        int scanned = 0;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && scanned < SCANNED_FOR_REPEATS; scanned++) {
            Entry current = it.next();
            if (current.sameAs(entry)) {
                it.remove();
                current.count++;
                current.millis = entry.millis;
                current.clientInfo = entry.clientInfo;
                entries.addFirst(current);
                return;
            }
        }
        entries.addFirst(entry);
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    List<Entry> newest(long count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    void reset() {
        entries.clear();
    }
}
