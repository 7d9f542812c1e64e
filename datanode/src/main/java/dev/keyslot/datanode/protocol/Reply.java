package dev.keyslot.datanode.protocol;

import dev.keyslot.datanode.util.Numbers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Encodes replies into a connection's pending output, in RESP2 or RESP3 as the client negotiated with HELLO.
 * Replies accumulate until the connection flushes at the end of a read batch, so pipelined requests cost
 * one write. Output beyond one block is kept as a chain of blocks, as Redis keeps its 16 KB reply blocks:
 * growing one buffer instead copied what was already encoded at every doubling, and its larger sizes
 * missed the pooled allocator's thread cache, so each batch of large replies created and destroyed a pool
 * chunk (three times the CPU per LRANGE of 500 elements pipelined by 16, bench/RESULTS.md).
 */
public final class Reply {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE_RESP3 = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE_RESP3 = "#f\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SHARED_INTEGERS = 10000;
    private static final byte[][] INTEGERS = new byte[SHARED_INTEGERS][];
    private static final byte[][] BULK_HEADERS = new byte[1024][];
    private static final byte[][] ARRAY_HEADERS = new byte[1024][];

    static {
        for (int i = 0; i < SHARED_INTEGERS; i++) {
            INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        for (int i = 0; i < BULK_HEADERS.length; i++) {
            BULK_HEADERS[i] = ("$" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            ARRAY_HEADERS[i] = ("*" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Redis checks output buffer limits as its reply list grows beyond the 16 KB buffer; here every 16 KB. */
    private static final int GROWTH_STEP = 16 * 1024;
    /** The size of a block (Redis's PROTO_REPLY_CHUNK_BYTES). */
    private static final int BLOCK_BYTES = 16 * 1024;
    /** A block with less room left than this is sealed before the next write, which most often fits. */
    private static final int BLOCK_MARGIN = 1024;
    /** Output up to this size grows one small buffer; past it the buffer is given a whole block at once. */
    private static final int FIRST_CHECK = 4 * 1024;

    private final ByteBufAllocator allocator;
    /** The block being written. */
    private ByteBuf out;
    /** Blocks sealed before it, oldest first, or null while the output fits one block. */
    private CompositeByteBuf sealed;
    /** Where in the current block {@link #buf} next has to enlarge or seal it, or check the growth. */
    private int nextCheck = FIRST_CHECK;
    private int protocol = 2;
    /** CLIENT REPLY OFF/SKIP and replication links discard replies; writes then go nowhere. */
    private boolean muted;
    /** Told of every error reply, muted or not (a replica's master client, whose errors Redis logs); or null. */
    private Consumer<String> errorObserver;
    /** Told each time the pending output grows by another {@link #GROWTH_STEP} bytes (output buffer limits). */
    private Runnable growthObserver;
    private int nextGrowthCheck = GROWTH_STEP;
    /** Set once the client is being closed for its output: nothing more is kept, whatever the mute state. */
    private boolean discarded;

    public Reply(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    public int protocol() {
        return protocol;
    }

    public void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    public void setMuted(boolean muted) {
        this.muted = muted || discarded;
    }

    public boolean muted() {
        return muted;
    }

    public void setErrorObserver(Consumer<String> errorObserver) {
        this.errorObserver = errorObserver;
    }

    public void setGrowthObserver(Runnable growthObserver) {
        this.growthObserver = growthObserver;
    }

    /**
     * Drops the pending output and every later write, for a client closed because of its output buffer: long
     * replies in progress check {@link #discarded()} to stop early, as Redis's check CLIENT_CLOSE_ASAP.
     */
    public void discard() {
        discarded = true;
        muted = true;
        releaseSealed();
        if (out != null) {
            out.clear();
        }
    }

    public boolean discarded() {
        return discarded;
    }

    /** Takes the accumulated output (null when nothing was written) for the caller to write to the channel. */
    public ByteBuf take() {
        // Sealing always starts a new block, so out is set whenever blocks were sealed.
        ByteBuf b = sealed == null ? out : sealed.addComponent(true, out);
        sealed = null;
        out = null;
        nextGrowthCheck = GROWTH_STEP;
        nextCheck = FIRST_CHECK;
        return b;
    }

    public boolean hasPending() {
        return pendingBytes() > 0;
    }

    /** Bytes written but not yet taken; used to enforce output buffer limits and for CLIENT LIST. */
    public int pendingBytes() {
        return sealedBytes() + (out == null ? 0 : out.readableBytes());
    }

    public void release() {
        releaseSealed();
        if (out != null) {
            out.release();
            out = null;
        }
    }

    private void releaseSealed() {
        if (sealed != null) {
            sealed.release();
            sealed = null;
        }
    }

    private int sealedBytes() {
        return sealed == null ? 0 : sealed.readableBytes();
    }

    private ByteBuf buf() {
        if (out == null) {
            out = allocator.ioBuffer(256);
        } else if (out.writerIndex() >= nextCheck) {
            crossed();
        }
        return out;
    }

    /**
     * The current buffer is nearly full or the output reached another growth step: give the first buffer a whole
     * block, or seal a full block and start the next; tell the growth observer.
     */
    private void crossed() {
        if (out.capacity() < BLOCK_BYTES) {
            out.ensureWritable(BLOCK_BYTES - out.writerIndex());
        } else if (out.writableBytes() <= BLOCK_MARGIN) {
            if (sealed == null) {
                sealed = allocator.compositeDirectBuffer(Integer.MAX_VALUE);
            }
            sealed.addComponent(true, out);
            out = allocator.ioBuffer(BLOCK_BYTES);
        }
        if (pendingBytes() >= nextGrowthCheck) {
            nextGrowthCheck = pendingBytes() + GROWTH_STEP;
            if (growthObserver != null) {
                growthObserver.run();
            }
        }
        nextCheck = Math.min(out.capacity() - BLOCK_MARGIN, nextGrowthCheck - sealedBytes());
    }

    public void raw(byte[] bytes) {
        if (!muted) {
            buf().writeBytes(bytes);
        }
    }

    public void ok() {
        raw(OK);
    }

    public void simple(String s) {
        if (muted) {
            return;
        }
        ByteBuf b = buf();
        b.writeByte('+');
        b.writeCharSequence(s, StandardCharsets.ISO_8859_1);
        b.writeBytes(CRLF);
    }

    /** An error reply; the text must start with the error code, e.g. "ERR syntax error". */
    /** An error line; like Redis's formatted errors, any CR or LF in it (from an argument) becomes a space. */
    public void error(String s) {
        if (errorObserver != null) {
            errorObserver.accept(s);
        }
        if (muted) {
            return;
        }
        ByteBuf b = buf();
        b.writeByte('-');
        b.writeCharSequence(s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace('\r', ' ').replace('\n', ' '),
                StandardCharsets.ISO_8859_1);
        b.writeBytes(CRLF);
    }

    public void integer(long v) {
        if (muted) {
            return;
        }
        if (v >= 0 && v < SHARED_INTEGERS) {
            buf().writeBytes(INTEGERS[(int) v]);
            return;
        }
        ByteBuf b = buf();
        b.writeByte(':');
        writeDecimal(b, v);
        b.writeBytes(CRLF);
    }

    public void bulk(byte[] value) {
        if (muted) {
            return;
        }
        ByteBuf b = buf();
        writeLengthHeader(b, value.length);
        b.writeBytes(value);
        b.writeBytes(CRLF);
    }

    public void bulk(byte[] value, int offset, int length) {
        if (muted) {
            return;
        }
        ByteBuf b = buf();
        writeLengthHeader(b, length);
        b.writeBytes(value, offset, length);
        b.writeBytes(CRLF);
    }

    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of v (how RESP2 returns numbers held as strings). */
    public void bulkLong(long v) {
        bulk(Numbers.toBytes(v));
    }

    private static void writeLengthHeader(ByteBuf b, int len) {
        if (len < BULK_HEADERS.length) {
            b.writeBytes(BULK_HEADERS[len]);
        } else {
            b.writeByte('$');
            writeDecimal(b, len);
            b.writeBytes(CRLF);
        }
    }

    public void nullBulk() {
        raw(protocol == 3 ? NULL_RESP3 : NULL_BULK);
    }

    public void nullArray() {
        raw(protocol == 3 ? NULL_RESP3 : NULL_ARRAY);
    }

    public void emptyArray() {
        raw(EMPTY_ARRAY);
    }

    public void arrayHeader(long n) {
        if (muted) {
            return;
        }
        if (n >= 0 && n < ARRAY_HEADERS.length) {
            buf().writeBytes(ARRAY_HEADERS[(int) n]);
        } else {
            aggregateHeader('*', n);
        }
    }

    /** A map of n pairs: RESP3 '%', RESP2 a flat array of 2n elements. */
    public void mapHeader(long n) {
        if (protocol == 3) {
            aggregateHeader('%', n);
        } else {
            arrayHeader(n * 2);
        }
    }

    /** A set: RESP3 '~', RESP2 an array. */
    public void setHeader(long n) {
        if (protocol == 3) {
            aggregateHeader('~', n);
        } else {
            arrayHeader(n);
        }
    }

    /** An out-of-band push (pub/sub, invalidations): RESP3 '>', RESP2 an array. */
    public void pushHeader(long n) {
        if (protocol == 3) {
            aggregateHeader('>', n);
        } else {
            arrayHeader(n);
        }
    }

    /** An attribute-free RESP3 double or its RESP2 bulk-string form (%.17g). */
    public void doubleValue(double d) {
        if (muted) {
            return;
        }
        if (protocol == 3) {
            ByteBuf b = buf();
            b.writeByte(',');
            b.writeCharSequence(Numbers.formatDouble17g(d), StandardCharsets.US_ASCII);
            b.writeBytes(CRLF);
        } else {
            bulk(Numbers.formatDouble17g(d).getBytes(StandardCharsets.US_ASCII));
        }
    }

    public void bool(boolean v) {
        if (protocol == 3) {
            raw(v ? TRUE_RESP3 : FALSE_RESP3);
        } else {
            integer(v ? 1 : 0);
        }
    }

    /** A RESP3 verbatim string (format "txt"), a bulk string in RESP2. */
    public void verbatim(String text) {
        verbatim(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A RESP3 verbatim string (format "txt") of UTF-8 text, a bulk string in RESP2. */
    public void verbatim(byte[] body) {
        if (muted) {
            return;
        }
        if (protocol == 3) {
            ByteBuf b = buf();
            b.writeByte('=');
            writeDecimal(b, body.length + 4);
            b.writeBytes(CRLF);
            b.writeCharSequence("txt:", StandardCharsets.US_ASCII);
            b.writeBytes(body);
            b.writeBytes(CRLF);
        } else {
            bulk(body);
        }
    }

    private void aggregateHeader(char type, long n) {
        if (muted) {
            return;
        }
        ByteBuf b = buf();
        b.writeByte(type);
        writeDecimal(b, n);
        b.writeBytes(CRLF);
    }

    private static void writeDecimal(ByteBuf b, long v) {
        if (v >= 0 && v < SHARED_INTEGERS) {
            byte[] enc = INTEGERS[(int) v];
            b.writeBytes(enc, 1, enc.length - 3);
            return;
        }
        if (v == Long.MIN_VALUE) {
            b.writeCharSequence(Long.toString(v), StandardCharsets.US_ASCII);
            return;
        }
        // Digits straight into the buffer: counters and lengths past the shared table are common replies.
        if (v < 0) {
            b.writeByte('-');
            v = -v;
        }
        int digits = Numbers.decimalLength(v);
        int end = b.writerIndex() + digits;
        b.ensureWritable(digits);
        for (int i = end - 1; i >= b.writerIndex(); i--) {
            long quotient = v / 10;
            b.setByte(i, (int) ('0' + (v - quotient * 10)));
            v = quotient;
        }
        b.writerIndex(end);
    }
}
