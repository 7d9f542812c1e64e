package dev.keyslot.datanode.propagation;

import java.nio.charset.StandardCharsets;

/** The command names and keywords that rewritten commands use in the write stream. */
public final class StreamWords {
    public static final byte[] SET = word("SET");
    public static final byte[] DEL = word("DEL");
    public static final byte[] UNLINK = word("UNLINK");
    public static final byte[] PXAT = word("PXAT");
    public static final byte[] PEXPIREAT = word("PEXPIREAT");
    public static final byte[] PERSIST = word("PERSIST");
    public static final byte[] KEEPTTL = word("KEEPTTL");
    public static final byte[] HSET = word("HSET");
    public static final byte[] SREM = word("SREM");
    public static final byte[] LPOP = word("LPOP");
    public static final byte[] RPOP = word("RPOP");
    public static final byte[] LMOVE = word("LMOVE");
    public static final byte[] RPOPLPUSH = word("RPOPLPUSH");
    public static final byte[] LEFT = word("left");
    public static final byte[] RIGHT = word("right");
    public static final byte[] ZPOPMIN = word("ZPOPMIN");
    public static final byte[] ZPOPMAX = word("ZPOPMAX");
    public static final byte[] ABSTTL = word("ABSTTL");

    private StreamWords() {
    }

    private static byte[] word(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] number(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** DEL, or UNLINK when the given lazyfree option is on: how Redis propagates a deletion. */
    public static byte[] deletion(boolean lazy) {
        return lazy ? UNLINK : DEL;
    }
}
