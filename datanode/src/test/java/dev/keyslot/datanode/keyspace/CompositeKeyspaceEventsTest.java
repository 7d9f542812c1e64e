package dev.keyslot.datanode.keyspace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each event reaches the listeners that override it, in registration order, and no others. */
class CompositeKeyspaceEventsTest {
    private final List<String> seen = new ArrayList<>();
    private final byte[] key = {'k'};

    private final class ModifiedOnly implements KeyspaceEvents {
        private final String name;

        ModifiedOnly(String name) {
            this.name = name;
        }

        @Override
        public void keyModified(Database db, byte[] k) {
            seen.add(name + ":modified");
        }
    }

    private final class Everything implements KeyspaceEvents {
        @Override
        public void keyModified(Database db, byte[] k) {
            seen.add("all:modified");
        }

        @Override
        public void keyAdded(Database db, byte[] k) {
            seen.add("all:added");
        }

        @Override
        public void keyMissed(Database db, byte[] k) {
            seen.add("all:missed");
        }

        @Override
        public void keyExpired(Database db, byte[] k) {
            seen.add("all:expired");
        }

        @Override
        public void keyEvicted(Database db, byte[] k) {
            seen.add("all:evicted");
        }

        @Override
        public void databaseCleared(Database db) {
            seen.add("all:cleared");
        }

        @Override
        public void databaseSwapped(Database db, Database replacedWith) {
            seen.add("all:swapped");
        }

        @Override
        public void flushed() {
            seen.add("all:flushed");
        }
    }

    @Test
    void eventsReachTheListenersThatHandleThemInRegistrationOrder() {
        CompositeKeyspaceEvents events = new CompositeKeyspaceEvents();
        events.add(new ModifiedOnly("first"));
        events.add(new Everything());
        events.add(new ModifiedOnly("last"));
        events.add(new KeyspaceEvents() {
            @Override
            public void keyAdded(Database db, byte[] k) {
                seen.add("anonymous:added");
            }
        });

        events.keyModified(null, key);
        assertThat(seen).containsExactly("first:modified", "all:modified", "last:modified");

        seen.clear();
        events.keyAdded(null, key);
        events.keyMissed(null, key);
        events.keyExpired(null, key);
        events.keyEvicted(null, key);
        events.databaseCleared(null);
        events.databaseSwapped(null, null);
        events.flushed();
        assertThat(seen).containsExactly("all:added", "anonymous:added", "all:missed", "all:expired",
                "all:evicted", "all:cleared", "all:swapped", "all:flushed");
    }

    @Test
    void aListenerOverridingNothingHearsNothing() {
        CompositeKeyspaceEvents events = new CompositeKeyspaceEvents();
        events.add(KeyspaceEvents.NONE);
        events.add(new ModifiedOnly("only"));
        events.keyAdded(null, key);
        events.keyModified(null, key);
        assertThat(seen).containsExactly("only:modified");
    }
}
