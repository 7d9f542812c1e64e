package dev.keyslot.datanode.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyspace hash table: lookups, incremental rehashing, sampling and the SCAN cursor. */
class DictTest {

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static Dict<KeyEntry> filled(int n) {
        Dict<KeyEntry> d = new Dict<>();
        for (int i = 0; i < n; i++) {
            d.add(new KeyEntry(key(i), i));
        }
        return d;
    }

    @Test
    void addGetRemove() {
        Dict<KeyEntry> d = filled(1000);
        assertThat(d.size()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(d.get(key(i)).value).isEqualTo(i);
        }
        assertThat(d.get(key(1000))).isNull();
        for (int i = 0; i < 1000; i += 2) {
            assertThat(d.remove(key(i))).isNotNull();
        }
        assertThat(d.remove(key(0))).isNull();
        assertThat(d.size()).isEqualTo(500);
        for (int i = 0; i < 1000; i++) {
            assertThat(d.get(key(i)) != null).isEqualTo(i % 2 == 1);
        }
    }

    @Test
    void emptyDictAnswersEverything() {
        Dict<KeyEntry> d = new Dict<>();
        assertThat(d.get(key(1))).isNull();
        assertThat(d.remove(key(1))).isNull();
        assertThat(d.randomEntry()).isNull();
        assertThat(d.scan(0, e -> { })).isZero();
        assertThat(d.sample(new KeyEntry[4], 4)).isZero();
    }

    @Test
    void replaceSwapsTheEntryObject() {
        Dict<KeyEntry> d = filled(10);
        KeyEntry old = d.get(key(3));
        KeyEntry fresh = new KeyEntry(key(3), "new");
        d.replace(old, fresh);
        assertThat(d.get(key(3))).isSameAs(fresh);
        assertThat(d.size()).isEqualTo(10);
    }

    @Test
    void growsAndShrinksThroughIncrementalRehash() {
        Dict<KeyEntry> d = filled(5000);
        d.rehashMillis(1000);
        assertThat(d.isRehashing()).isFalse();
        long grown = d.buckets();
        assertThat(grown).isGreaterThanOrEqualTo(5000);
        for (int i = 0; i < 4990; i++) {
            d.remove(key(i));
        }
        d.rehashMillis(1000);
        assertThat(d.buckets()).isLessThan(grown);
        for (int i = 4990; i < 5000; i++) {
            assertThat(d.get(key(i))).isNotNull();
        }
    }

    @Test
    void lookupsWorkMidRehash() {
        Dict<KeyEntry> d = filled(64);
        d.add(new KeyEntry(key(64), 64));
        assertThat(d.isRehashing()).isTrue();
        for (int i = 0; i <= 64; i++) {
            assertThat(d.get(key(i))).as("key %d", i).isNotNull();
        }
    }

    @Test
    void randomEntryAndSampleReturnMembers() {
        Dict<KeyEntry> d = filled(100);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            KeyEntry e = d.randomEntry();
            assertThat(d.get(e.key)).isSameAs(e);
            seen.add(e.value);
        }
        assertThat(seen.size()).isGreaterThan(50);
        KeyEntry[] out = new KeyEntry[10];
        int n = d.sample(out, 10);
        assertThat(n).isBetween(1, 10);
        for (int i = 0; i < n; i++) {
            assertThat(d.get(out[i].key)).isSameAs(out[i]);
        }
    }

    @Test
    void forEachVisitsEveryEntryOnceAndClearEmpties() {
        Dict<KeyEntry> d = filled(300);
        Set<Object> seen = new HashSet<>();
        d.forEach(e -> assertThat(seen.add(e.value)).isTrue());
        assertThat(seen).hasSize(300);
        d.clear();
        assertThat(d.size()).isZero();
        assertThat(d.get(key(1))).isNull();
    }

    @Test
    void fullScanWithoutChangesReturnsEveryKeyExactlyOnce() {
        Dict<KeyEntry> d = filled(777);
        Set<Object> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> assertThat(seen.add(e.value)).isTrue());
        } while (cursor != 0);
        assertThat(seen).hasSize(777);
    }

    /**
     * SCAN's guarantee: keys present from the start to the end of an iteration are returned at least once,
     * while other keys come and go and the table grows (and shrinks) underneath.
     */
    @Test
    void scanReturnsStableKeysDespiteGrowthAndShrinkage() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            Dict<KeyEntry> d = new Dict<>();
            int stable = 50 + rnd.nextInt(200);
            for (int i = 0; i < stable; i++) {
                d.add(new KeyEntry(key(i), i));
            }
            boolean grow = round % 2 == 0;
            int churn = 1_000_000;
            if (!grow) {
                for (int i = 0; i < 5000; i++) {
                    d.add(new KeyEntry(key(churn + i), churn + i));
                }
                d.rehashMillis(1000);
            }
            Set<Object> seen = new HashSet<>();
            long cursor = 0;
            int next = churn + (grow ? 0 : 5000);
            int removeNext = churn;
            int steps = 0;
            do {
                cursor = d.scan(cursor, e -> seen.add(e.value));
                for (int k = 0; k < 1 + rnd.nextInt(40); k++) {
                    if (grow && d.size() < stable + 8000) {
                        d.add(new KeyEntry(key(next), next));
                        next++;
                    } else if (removeNext < churn + 5000) {
                        d.remove(key(removeNext++));
                    }
                }
                steps++;
            } while (cursor != 0 && steps < 100_000);
            assertThat(cursor).isZero();
            for (int i = 0; i < stable; i++) {
                assertThat(seen).as("round %d, key %d", round, i).contains(i);
            }
        }
    }
}
