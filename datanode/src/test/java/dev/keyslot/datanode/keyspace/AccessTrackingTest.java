package dev.keyslot.datanode.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keyspace operations count as an access for LRU/LFU (and OBJECT IDLETIME). */
class AccessTrackingTest {
    private final List<String> events = new ArrayList<>();
    private final Database db = new Database(0, () -> 1_000, KeyspaceEvents.NONE);

    AccessTrackingTest() {
        db.setAccessTracker(new AccessTracker() {
            @Override
            public void created(KeyEntry e) {
                events.add("created " + name(e));
            }

            @Override
            public void accessed(KeyEntry e) {
                events.add("accessed " + name(e));
            }
        });
    }

    private static String name(KeyEntry e) {
        return new String(e.key, StandardCharsets.US_ASCII);
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void creatingAndLookingUpAreTrackedPeekingIsNot() {
        db.set(key("a"), key("1"), false);
        db.add(key("b"), key("2"));
        db.set(key("a"), key("3"), false);
        db.lookup(key("a"));
        db.lookup(key("missing"));
        db.lookupNoTouch(key("b"));
        db.lookupRaw(key("b"));
        assertThat(events).containsExactly("created a", "created b", "accessed a");
    }

    @Test
    void expiredKeysAreNotAccessed() {
        KeyEntry e = db.set(key("gone"), key("v"), false);
        db.setExpiry(e, 500);
        assertThat(db.lookup(key("gone"))).isNull();
        assertThat(events).containsExactly("created gone");
    }
}
