package dev.keyslot.datanode.keyspace;

/**
 * A key of the keyspace with its value and the metadata Redis keeps in its robj: the expiry time, the
 * LRU clock or LFU counter used for eviction, and the string encoding hint.
 */
public final class KeyEntry extends Dict.Entry {
    public static final long NO_EXPIRY = -1;
    private static final int MAX_WORDS = (1 << 28) - 1;
    private static final int OWNED_STRING = 1 << 28;
    private static final int TEXT_STRING = 1 << 29;
    private static final int RAW_STRING = 1 << 30;
    private static final int PRIVATE_INTEGER = 1 << 31;

    /** Absolute unix time in milliseconds, or {@link #NO_EXPIRY}. */
    public long expireAt = NO_EXPIRY;
    /** LRU: seconds clock of last access (24 bits as Redis); LFU: last decrement minutes (16) and counter (8). */
    public int lru;
    /**
     * This entry's share of {@link Database#datasetBytes()} in 8-byte words (heap sizes are whole words) in the
     * low 28 bits, 0 while the entry is in no database, and the four string flags in the top bits: one int
     * keeps the entry at 48 bytes. The share saturates at 2 GiB, which keeps the total consistent because
     * the same stored value is added and removed.
     */
    private int accountedWordsAndFlags;
    /** Where a {@link KeyIndex} keeps this entry (its position in the slot's array in cluster mode). */
    public int indexPosition;
    /** A snapshot's progress on this entry, read and set only through {@link CopyOnWrite}. */
    int snapshotMark;

    public KeyEntry(byte[] key, Object value) {
        super(key, value);
    }

    public boolean hasExpiry() {
        return expireAt != NO_EXPIRY;
    }

    /** The bytes this entry was last measured at (MEMORY USAGE, eviction statistics). */
    public long accountedBytes() {
        return (long) (accountedWordsAndFlags & MAX_WORDS) << 3;
    }

    /** Records size (a whole number of words, see {@link EntrySize#of}) as this entry's share; returns the change. */
    long account(long size) {
        long before = accountedBytes();
        accountedWordsAndFlags = (accountedWordsAndFlags & ~MAX_WORDS) | (int) Math.min(MAX_WORDS, size >>> 3);
        return accountedBytes() - before;
    }

    /**
     * A string value that APPEND, SETRANGE or a bit command modified is reported as "raw" whatever its
     * length. Such an array belongs to this entry alone, so those commands may then change it in place.
     */
    public boolean rawString() {
        return (accountedWordsAndFlags & RAW_STRING) != 0;
    }

    public void setRawString(boolean raw) {
        accountedWordsAndFlags = raw ? accountedWordsAndFlags | RAW_STRING : accountedWordsAndFlags & ~RAW_STRING;
    }

    /**
     * Whether the string's array belongs to this entry alone (a raw string, or one a write copied into an array
     * of the entry's own): no reply, script, list or snapshot holds it, so writes may change it in place.
     */
    public boolean ownsString() {
        return (accountedWordsAndFlags & (RAW_STRING | OWNED_STRING)) != 0;
    }

    /**
     * After a write that copied a new string into this entry's own array: the value reads as freshly SET (not raw,
     * not text, not a private integer) and the array stays this entry's.
     */
    void rewroteOwnedString() {
        accountedWordsAndFlags = (accountedWordsAndFlags & ~(RAW_STRING | TEXT_STRING | PRIVATE_INTEGER)) | OWNED_STRING;
    }

    /** After a new value replaced the old one: no string flag applies to it. */
    void clearStringFlags() {
        accountedWordsAndFlags &= ~(RAW_STRING | TEXT_STRING | PRIVATE_INTEGER | OWNED_STRING);
    }

    /**
     * A string value Redis created without trying the integer encoding (INCRBYFLOAT's result): reported as
     * "embstr" or "raw" by its length even when it reads as an integer, and never a shared integer.
     */
    public boolean textString() {
        return (accountedWordsAndFlags & TEXT_STRING) != 0;
    }

    public void setTextString(boolean text) {
        accountedWordsAndFlags = text ? accountedWordsAndFlags | TEXT_STRING : accountedWordsAndFlags & ~TEXT_STRING;
    }

    /** Takes the other entry's string flags, for a copy of its value (COPY, RENAME, a debugger's rollback). */
    public void copyStringFlags(KeyEntry from) {
        int flags = TEXT_STRING | RAW_STRING | PRIVATE_INTEGER;
        accountedWordsAndFlags = (accountedWordsAndFlags & ~flags) | (from.accountedWordsAndFlags & flags);
    }

    /**
     * A small integer string that is a private object, not one of Redis's shared integers: COPY duplicates
     * the value, so OBJECT REFCOUNT reports 1 for the copy.
     */
    public boolean privateInteger() {
        return (accountedWordsAndFlags & PRIVATE_INTEGER) != 0;
    }

    public void setPrivateInteger(boolean own) {
        accountedWordsAndFlags = own
                ? accountedWordsAndFlags | PRIVATE_INTEGER
                : accountedWordsAndFlags & ~PRIVATE_INTEGER;
    }
}
