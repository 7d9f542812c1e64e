package dev.keyslot.datanode.keyspace;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever sequence of structural changes the keyspace goes through (the ones MOVE, SWAPDB, RENAME,
 * expiry, eviction and FLUSH are built from), each database's byte count equals its entries measured
 * afresh.
 */
class DatasetBytesProperties {

    private static long measured(Database db) {
        long[] total = {0};
        long cursor = 0;
        do {
            cursor = db.scan(cursor, e -> total[0] += EntrySize.of(e));
        } while (cursor != 0);
        return total[0];
    }

    @Property(tries = 100)
    void byteCountsMatchTheStoredEntries(@ForAll long seed) {
        Random rnd = new Random(seed);
        AtomicLong now = new AtomicLong(1_000_000);
        Keyspace keyspace = new Keyspace(3, now::get, KeyspaceEvents.NONE);
        for (int step = 0; step < 300; step++) {
            Database db = keyspace.db(rnd.nextInt(3));
            byte[] key = ("k" + rnd.nextInt(30)).getBytes(StandardCharsets.US_ASCII);
            byte[] value = new byte[rnd.nextInt(200)];
            KeyEntry e = db.lookup(key);
            switch (rnd.nextInt(10)) {
                case 0 -> db.set(key, value, rnd.nextBoolean());
                case 1 -> {
                    if (e == null) {
                        db.add(key, value);
                    }
                }
                case 2 -> db.delete(key);
                case 3 -> {
                    if (e != null) {
                        db.setExpiry(e, now.get() + rnd.nextInt(100));
                    }
                }
                case 4 -> {
                    if (e != null) {
                        db.persist(e);
                    }
                }
                case 5 -> now.addAndGet(rnd.nextInt(50));
                case 6 -> {
                    if (e != null) {
                        db.evict(e);
                    }
                }
                case 7 -> {
                    Database target = keyspace.db(rnd.nextInt(3));
                    if (e != null && target != db && target.lookup(key) == null) {
                        db.removeEntry(e);
                        target.insertEntry(e);
                    }
                }
                case 8 -> db.swapWith(keyspace.db(rnd.nextInt(3)));
                default -> {
                    if (rnd.nextInt(20) == 0) {
                        db.clear();
                    } else if (e != null) {
                        e.value = value;
                        db.remeasure(e);
                    }
                }
            }
            for (Database d : keyspace.all()) {
                assertThat(d.datasetBytes()).as("db %d after step %d", d.id(), step).isEqualTo(measured(d));
            }
        }
    }
}
