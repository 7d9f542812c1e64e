package dev.keyslot.datanode.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A hash table keyed by byte arrays, modelled on Redis's dict: chained buckets in a power-of-two table,
 * incremental rehashing between two tables (no latency spike when a large table grows), random sampling
 * (for RANDOMKEY, active expiry and eviction) and a reverse-binary SCAN cursor that returns every element
 * present for the whole scan at least once, even across resizes.
 *
 * <p>Entries are supplied by the caller so that the keyspace can keep TTL and LRU fields inline.
 * Not thread-safe: the data node executes all commands on one thread.
 */
public final class Dict<E extends Dict.Entry> {

    /**
     * A key and its value; subclasses add per-use fields. Like Redis's dictEntry it keeps no hash: a rehash
     * recomputes it, which costs less than four bytes in every entry of the keyspace.
     */
    public static class Entry {
        public final byte[] key;
        Entry next;
        public Object value;

        public Entry(byte[] key, Object value) {
            this.key = key;
            this.value = value;
        }
    }

    private static final int INITIAL_SIZE = 4;
    /** Entries {@link #fairRandomEntry} picks among (Redis's GETFAIR_NUM_ENTRIES). */
    private static final int FAIR_SAMPLE = 15;
    /** fairRandomEntry's sample space, one per thread, so SPOP and SRANDMEMBER allocate nothing per pick. */
    private static final ThreadLocal<Entry[]> FAIR_SCRATCH = ThreadLocal.withInitial(() -> new Entry[FAIR_SAMPLE]);
    private static final Entry[] EMPTY = new Entry[0];

    private Entry[] table0 = EMPTY;
    private Entry[] table1;
    private int used0;
    private int used1;
    /** Next bucket of table0 to move while rehashing, or -1 when not rehashing. */
    private int rehashIndex = -1;
    private int pauseRehash;

    public static int hash(byte[] key) {
        // FNV-1a mixed with a finaliser: cheap, and good enough spread for power-of-two tables.
        int h = 0x811c9dc5;
        for (byte b : key) {
            h = (h ^ b) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    public int size() {
        return used0 + used1;
    }

    public boolean isRehashing() {
        return rehashIndex != -1;
    }

    /**
     * Redis's dictGetStats text: for the main table, and the rehashing target while there is one, its size,
     * element count and chain lengths.
     */
    public String stats() {
        StringBuilder out = new StringBuilder();
        tableStats(out, 0, table0, used0);
        if (isRehashing()) {
            tableStats(out, 1, table1, used1);
        }
        return out.toString();
    }

    /** Chains of this length or longer are counted together, as in Redis. */
    private static final int LONGEST_CHAIN_COUNTED = 49;

    private static void tableStats(StringBuilder out, int index, Entry[] table, int used) {
        out.append("Hash table ").append(index).append(" stats (")
                .append(index == 0 ? "main hash table" : "rehashing target").append("):\n");
        if (used == 0) {
            out.append("No stats available for empty dictionaries\n");
            return;
        }
        long[] chains = new long[LONGEST_CHAIN_COUNTED + 1];
        long slots = 0;
        long longest = 0;
        long total = 0;
        for (Entry head : table) {
            long length = 0;
            for (Entry e = head; e != null; e = e.next) {
                length++;
            }
            chains[(int) Math.min(length, LONGEST_CHAIN_COUNTED)]++;
            if (length > 0) {
                slots++;
                longest = Math.max(longest, length);
                total += length;
            }
        }
        out.append(String.format(java.util.Locale.ROOT, " table size: %d\n number of elements: %d\n"
                + " different slots: %d\n max chain length: %d\n avg chain length (counted): %.02f\n"
                + " avg chain length (computed): %.02f\n Chain length distribution:\n",
                table.length, used, slots, longest, (float) total / slots, (float) used / slots));
        for (int i = 0; i < LONGEST_CHAIN_COUNTED; i++) {
            if (chains[i] != 0) {
                out.append(String.format(java.util.Locale.ROOT, "   %d: %d (%.02f%%)\n", i, chains[i],
                        (float) chains[i] / table.length * 100));
            }
        }
    }

    /** Number of buckets across both tables; INFO and MEMORY use it to estimate overhead. */
    public long buckets() {
        return table0.length + (table1 == null ? 0 : table1.length);
    }

    @SuppressWarnings("unchecked")
    public E get(byte[] key) {
        if (size() == 0) {
            return null;
        }
        rehashStep();
        int h = hash(key);
        E e = (E) findIn(table0, key, h);
        if (e == null && table1 != null) {
            e = (E) findIn(table1, key, h);
        }
        return e;
    }

    private static Entry findIn(Entry[] table, byte[] key, int h) {
        if (table.length == 0) {
            return null;
        }
        for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (Arrays.equals(e.key, key)) {
                return e;
            }
        }
        return null;
    }

    /** Adds an entry whose key is known to be absent. */
    public void add(E entry) {
        rehashStep();
        expandIfNeeded();
        if (table1 != null) {
            link(table1, entry);
            used1++;
        } else {
            link(table0, entry);
            used0++;
        }
    }

    /** Replaces an existing entry (same key) with another object, keeping its bucket position. */
    public void replace(E existing, E replacement) {
        if (!remove(existing.key, existing)) {
            throw new IllegalStateException("entry not in dict");
        }
        add(replacement);
    }

    private static void link(Entry[] table, Entry e) {
        int idx = hash(e.key) & (table.length - 1);
        e.next = table[idx];
        table[idx] = e;
    }

    @SuppressWarnings("unchecked")
    public E remove(byte[] key) {
        if (size() == 0) {
            return null;
        }
        rehashStep();
        int h = hash(key);
        Entry e = unlink(table0, key, h, null);
        if (e != null) {
            used0--;
        } else if (table1 != null) {
            e = unlink(table1, key, h, null);
            if (e != null) {
                used1--;
            }
        }
        if (e != null) {
            shrinkIfNeeded();
        }
        return (E) e;
    }

    private boolean remove(byte[] key, Entry exact) {
        int h = hash(key);
        if (unlink(table0, key, h, exact) != null) {
            used0--;
            return true;
        }
        if (table1 != null && unlink(table1, key, h, exact) != null) {
            used1--;
            return true;
        }
        return false;
    }

    private static Entry unlink(Entry[] table, byte[] key, int h, Entry exact) {
        if (table.length == 0) {
            return null;
        }
        int idx = h & (table.length - 1);
        Entry prev = null;
        for (Entry e = table[idx]; e != null; prev = e, e = e.next) {
            if (exact != null ? e == exact : Arrays.equals(e.key, key)) {
                if (prev == null) {
                    table[idx] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                return e;
            }
        }
        return null;
    }

    public void clear() {
        table0 = EMPTY;
        table1 = null;
        used0 = 0;
        used1 = 0;
        rehashIndex = -1;
    }

    /**
     * Sizes an empty dict's table for count entries at once, as Redis's dictExpand does when an encoding is converted
     * (its table size shows in MEMORY USAGE).
     */
    public void presize(long count) {
        if (table0.length == 0 && !isRehashing()) {
            table0 = new Entry[tableSizeFor(count)];
        }
    }

    private void expandIfNeeded() {
        if (isRehashing()) {
            return;
        }
        if (table0.length == 0) {
            table0 = new Entry[INITIAL_SIZE];
            return;
        }
        if (used0 >= table0.length) {
            startRehash(tableSizeFor((long) used0 + 1));
        }
    }

    private void shrinkIfNeeded() {
        if (isRehashing() || pauseRehash > 0) {
            return;
        }
        int len = table0.length;
        if (len > INITIAL_SIZE && (long) used0 * 10 < len) {
            startRehash(tableSizeFor(Math.max(used0, INITIAL_SIZE)));
        }
    }

    private static int tableSizeFor(long n) {
        int size = INITIAL_SIZE;
        while (size < n && size < (1 << 30)) {
            size <<= 1;
        }
        return size;
    }

    private void startRehash(int newSize) {
        if (newSize == table0.length) {
            return;
        }
        table1 = new Entry[newSize];
        used1 = 0;
        rehashIndex = 0;
    }

    private void rehashStep() {
        if (pauseRehash == 0 && isRehashing()) {
            rehash(1);
        }
    }

    /**
     * Moves up to n non-empty buckets from the old table to the new one, visiting at most 10·n empty
     * buckets so a sparse table cannot stall the caller. Returns true while more work remains.
     */
    public boolean rehash(int n) {
        if (!isRehashing()) {
            return false;
        }
        int emptyVisits = n * 10;
        while (n-- > 0 && used0 != 0) {
            while (table0[rehashIndex] == null) {
                rehashIndex++;
                if (--emptyVisits == 0) {
                    return true;
                }
            }
            Entry e = table0[rehashIndex];
            while (e != null) {
                Entry next = e.next;
                link(table1, e);
                used0--;
                used1++;
                e = next;
            }
            table0[rehashIndex] = null;
            rehashIndex++;
        }
        if (used0 == 0) {
            table0 = table1;
            used0 = used1;
            table1 = null;
            used1 = 0;
            rehashIndex = -1;
            return false;
        }
        return true;
    }

    /** Rehashes for up to the given number of milliseconds (the server cron's background rehash). */
    public void rehashMillis(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (rehash(100)) {
            if (System.nanoTime() > deadline) {
                return;
            }
        }
    }

    /**
     * A random entry for RANDOMKEY, SRANDMEMBER, SPOP, HRANDFIELD and ZRANDMEMBER, as dictGetFairRandomKey picks it:
     * one of up to {@value #FAIR_SAMPLE} entries sampled together, whole chains at a time, so an entry sharing its
     * bucket is not picked less often than one alone, as {@link #randomEntry} would.
     */
    @SuppressWarnings("unchecked")
    public E fairRandomEntry() {
        Entry[] sampled = FAIR_SCRATCH.get();
        int n = sample((E[]) sampled, FAIR_SAMPLE);
        E pick = n == 0 ? randomEntry() : (E) sampled[ThreadLocalRandom.current().nextInt(n)];
        Arrays.fill(sampled, 0, n, null);
        return pick;
    }

    /** A uniformly chosen random bucket's random entry (dictGetRandomKey): eviction's random policies. */
    @SuppressWarnings("unchecked")
    public E randomEntry() {
        if (size() == 0) {
            return null;
        }
        rehashStep();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Entry head;
        if (isRehashing()) {
            do {
                long total = table0.length + (long) table1.length;
                long idx = rehashIndex + rnd.nextLong(total - rehashIndex);
                head = idx >= table0.length ? table1[(int) (idx - table0.length)] : table0[(int) idx];
            } while (head == null);
        } else {
            do {
                head = table0[rnd.nextInt(table0.length)];
            } while (head == null);
        }
        int len = 0;
        for (Entry e = head; e != null; e = e.next) {
            len++;
        }
        int pick = rnd.nextInt(len);
        Entry e = head;
        while (pick-- > 0) {
            e = e.next;
        }
        return (E) e;
    }

    /**
     * Collects up to count entries from random positions (dictGetSomeKeys): fast, not uniform, may
     * return fewer than asked. Used for eviction and active expiry sampling.
     */
    @SuppressWarnings("unchecked")
    public int sample(E[] out, int count) {
        int n = Math.min(count, size());
        if (n == 0) {
            return 0;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int tableCount = table1 == null ? 1 : 2;
        int maxMask = Math.max(table0.length, tableCount == 2 ? table1.length : 0) - 1;
        int stored = 0;
        int maxSteps = n * 10;
        int cursor = rnd.nextInt() & maxMask;
        int emptyRun = 0;
        while (stored < n && maxSteps-- > 0) {
            for (int t = 0; t < tableCount && stored < n; t++) {
                Entry[] table = t == 0 ? table0 : table1;
                if (t == 0 && isRehashing() && cursor < rehashIndex) {
                    continue;
                }
                if (cursor >= table.length) {
                    continue;
                }
                Entry e = table[cursor];
                if (e == null) {
                    emptyRun++;
                    if (emptyRun >= 5 && emptyRun > n) {
                        cursor = rnd.nextInt() & maxMask;
                        emptyRun = 0;
                    }
                    continue;
                }
                emptyRun = 0;
                for (; e != null && stored < n; e = e.next) {
                    out[stored++] = (E) e;
                }
            }
            cursor = (cursor + 1) & maxMask;
        }
        return stored;
    }

    /**
     * One SCAN step: visits every entry of the bucket(s) at cursor and returns the next cursor (0 when
     * done). The reverse-binary increment makes the cursor valid across table growth and shrinkage.
     */
    @SuppressWarnings("unchecked")
    public long scan(long cursor, Consumer<E> visitor) {
        if (size() == 0) {
            return 0;
        }
        pauseRehash++;
        try {
            long v = cursor;
            if (!isRehashing()) {
                long mask = table0.length - 1;
                visitBucket(table0, (int) (v & mask), visitor);
                v |= ~mask;
                v = Long.reverse(v);
                v++;
                v = Long.reverse(v);
            } else {
                Entry[] small = table0;
                Entry[] large = table1;
                if (small.length > large.length) {
                    Entry[] tmp = small;
                    small = large;
                    large = tmp;
                }
                long m0 = small.length - 1;
                long m1 = large.length - 1;
                visitBucket(small, (int) (v & m0), visitor);
                do {
                    visitBucket(large, (int) (v & m1), visitor);
                    v |= ~m1;
                    v = Long.reverse(v);
                    v++;
                    v = Long.reverse(v);
                } while ((v & (m0 ^ m1)) != 0);
            }
            return v & 0xFFFFFFFFFFFFFFFFL;
        } finally {
            pauseRehash--;
        }
    }

    @SuppressWarnings("unchecked")
    private void visitBucket(Entry[] table, int idx, Consumer<E> visitor) {
        for (Entry e = table[idx]; e != null; ) {
            Entry next = e.next;
            visitor.accept((E) e);
            e = next;
        }
    }

    /** Visits every entry; the visitor must not modify the dict. */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<E> visitor) {
        for (Entry[] t : table1 == null ? new Entry[][] {table0} : new Entry[][] {table0, table1}) {
            for (Entry head : t) {
                for (Entry e = head; e != null; e = e.next) {
                    visitor.accept((E) e);
                }
            }
        }
    }
}
