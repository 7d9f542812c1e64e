package dev.keyslot.datanode.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import dev.keyslot.datanode.util.ArgSplitter;

import java.util.List;

/**
 * Parses client requests into argument arrays ({@code byte[][]}), both RESP multibulk and inline, with
 * Redis's limits and error messages. Parsing is incremental: a large bulk that arrives in pieces is not
 * re-scanned, and declared lengths are checked before anything is allocated for them.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** Redis's PROTO_INLINE_MAX_SIZE: the longest line without a terminating newline. */
    static final int INLINE_MAX = 64 * 1024;
    private static final int MAX_MULTIBULK = Integer.MAX_VALUE;
    private static final int UNAUTHENTICATED_MAX_MULTIBULK = 10;
    private static final int UNAUTHENTICATED_MAX_BULK = 16384;
    /** Arrays are preallocated up to this many elements; larger ones grow as bulks actually arrive. */
    private static final int PREALLOCATE_LIMIT = 1024;
    /** Redis's PROTO_MBULK_BIG_ARG. */
    private static final int BIG_ARGUMENT = 32 * 1024;

    /** Longer first arguments are not command names worth sharing (and would be compared in vain). */
    private static final int MAX_SHARED_NAME = 32;

    private final Limits limits;
    /** The first argument of the last request, shared with the next one when it is the same. */
    private byte[] lastCommandName;

    private byte[][] args;
    private int argsExpected;
    private int argsRead;
    private long bulkLength = -1;
    /** Bytes of the arguments of the request in progress already taken out of the buffer. */
    private long argsBytes;
    private boolean failed;
    /** The bytes of the current read with what was left of the previous one: the requests decoded from them run now. */
    private int batchBytes;

    /** The decoder asks these on every request, since CONFIG SET and AUTH change them at run time. */
    public interface Limits {
        long maxBulkLength();

        boolean authenticated();

        /** Counts bytes read from the socket (INFO's total_net_input_bytes). */
        void received(int bytes);

        /** client-query-buffer-limit: the most unparsed input a client may have waiting. */
        default long maxQueryBuffer() {
            return Long.MAX_VALUE;
        }

        /** The unparsed input went over {@link #maxQueryBuffer()}; its first bytes are given. */
        default void queryBufferExceeded(byte[] firstBytes) {
        }
    }

    /** Redis logs this much of a query buffer that went over its limit. */
    private static final int LOGGED_QUERY_BYTES = 64;

    public RespDecoder(Limits limits) {
        this.limits = limits;
    }

    /**
     * Counts the input here rather than in a handler of its own, which would cost a pipeline hop per read.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b) {
            limits.received(b.readableBytes());
            batchBytes = internalBuffer().readableBytes() + b.readableBytes();
        }
        super.channelRead(ctx, msg);
        ByteBuf pending = internalBuffer();
        if (pending.readableBytes() > limits.maxQueryBuffer()) {
            byte[] first = new byte[Math.min(LOGGED_QUERY_BYTES, pending.readableBytes())];
            pending.getBytes(pending.readerIndex(), first);
            limits.queryBufferExceeded(first);
        }
    }

    /**
     * CLIENT LIST's qbuf: while the requests of a read run, every byte of that read (and of a request it
     * completed), as Redis trims its query buffer only after running them all; otherwise the bytes of a request
     * still arriving.
     */
    public int queryBufferBytes(boolean running) {
        return running ? batchBytes : internalBuffer().readableBytes();
    }

    /**
     * Memory held for requests not yet complete: the unparsed input and the arguments already read. For an
     * argument of 32 KB or more it counts the whole announced length, as Redis sizes its query buffer for such
     * an argument as soon as it reads its length.
     */
    public long pendingRequestMemory() {
        long buffered = internalBuffer().readableBytes();
        if (bulkLength >= BIG_ARGUMENT) {
            buffered = Math.max(buffered, bulkLength + 2);
        }
        return buffered + argsBytes;
    }

    /** CLIENT LIST's qbuf-free: the room left in the buffer holding a request still arriving, else 0. */
    public int queryBufferFree(boolean running) {
        ByteBuf pending = internalBuffer();
        return running || !pending.isReadable() ? 0 : pending.capacity() - pending.writerIndex();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            Object request = argsExpected == 0 ? startRequest(in) : continueMultibulk(in);
            if (request == null) {
                return;
            }
            if (request != NOTHING) {
                out.add(request);
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** Marker for input consumed without producing a request (an empty line or an empty multibulk). */
    private static final Object NOTHING = new Object();

    private Object startRequest(ByteBuf in) {
        if (in.getByte(in.readerIndex()) == '*') {
            return startMultibulk(in);
        }
        return inline(in);
    }

    private Object startMultibulk(ByteBuf in) {
        long quick = plainLength(in, in.readerIndex());
        if (quick >= 0) {
            in.readerIndex(plainLengthEnd + 2);
            return beginArguments(in, quick);
        }
        int eol = findLineEnd(in, in.readerIndex());
        if (eol < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                return fail("Protocol error: too big mbulk count string");
            }
            return null;
        }
        long count = parseLength(in, in.readerIndex() + 1, eol);
        if (count == Long.MIN_VALUE || count > MAX_MULTIBULK) {
            return fail("Protocol error: invalid multibulk length");
        }
        in.readerIndex(eol + 2);
        return beginArguments(in, count);
    }

    private Object beginArguments(ByteBuf in, long count) {
        if (count <= 0) {
            return NOTHING;
        }
        if (count > UNAUTHENTICATED_MAX_MULTIBULK && !limits.authenticated()) {
            return fail("Protocol error: unauthenticated multibulk length");
        }
        argsExpected = (int) count;
        argsRead = 0;
        argsBytes = 0;
        args = new byte[(int) Math.min(count, PREALLOCATE_LIMIT)][];
        bulkLength = -1;
        return continueMultibulk(in);
    }

    private Object continueMultibulk(ByteBuf in) {
        while (argsRead < argsExpected) {
            if (bulkLength < 0) {
                if (!in.isReadable()) {
                    return null;
                }
                if (in.getByte(in.readerIndex()) == '$') {
                    long quick = plainLength(in, in.readerIndex());
                    if (quick >= 0 && quick <= UNAUTHENTICATED_MAX_BULK) {
                        in.readerIndex(plainLengthEnd + 2);
                        bulkLength = quick;
                    }
                }
            }
            if (bulkLength < 0) {
                int eol = findLineEnd(in, in.readerIndex());
                if (eol < 0) {
                    if (in.readableBytes() > INLINE_MAX) {
                        return fail("Protocol error: too big bulk count string");
                    }
                    return null;
                }
                byte first = in.getByte(in.readerIndex());
                if (first != '$') {
                    return fail("Protocol error: expected '$', got '" + (char) (first & 0xff) + "'");
                }
                long len = parseLength(in, in.readerIndex() + 1, eol);
                if (len == Long.MIN_VALUE || len < 0 || len > limits.maxBulkLength()) {
                    return fail("Protocol error: invalid bulk length");
                }
                if (len > UNAUTHENTICATED_MAX_BULK && !limits.authenticated()) {
                    return fail("Protocol error: unauthenticated bulk length");
                }
                in.readerIndex(eol + 2);
                bulkLength = len;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = argsRead == 0 ? commandName(in, (int) bulkLength) : readBulk(in, (int) bulkLength);
            // Redis skips the two bytes after a bulk without checking they are CRLF.
            in.skipBytes(2);
            if (argsRead == args.length) {
                byte[][] grown = new byte[(int) Math.min((long) args.length * 2, argsExpected)][];
                System.arraycopy(args, 0, grown, 0, args.length);
                args = grown;
            }
            args[argsRead++] = arg;
            argsBytes += arg.length;
            bulkLength = -1;
        }
        byte[][] request = args;
        args = null;
        argsExpected = 0;
        argsBytes = 0;
        return request;
    }

    private static byte[] readBulk(ByteBuf in, int length) {
        byte[] arg = new byte[length];
        in.readBytes(arg);
        return arg;
    }

    /**
     * The first argument: the previous request's array when the name is the same, since clients mostly
     * repeat a few commands and a fresh copy per request is a fifth to a third of the garbage of a small
     * request (young collections, whose pauses make the latency tail). Arguments are never modified in
     * place, so requests can share it.
     */
    private byte[] commandName(ByteBuf in, int length) {
        byte[] last = lastCommandName;
        if (last != null && last.length == length && sameBytes(in, last)) {
            in.skipBytes(length);
            return last;
        }
        byte[] name = readBulk(in, length);
        lastCommandName = length <= MAX_SHARED_NAME ? name : null;
        return name;
    }

    private static boolean sameBytes(ByteBuf in, byte[] bytes) {
        int at = in.readerIndex();
        for (int i = 0; i < bytes.length; i++) {
            if (in.getByte(at + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Redis finds the end of an inline line with strchr, which stops at a NUL byte: a NUL before the newline
     * leaves the request incomplete, for good.
     */
    private static final ByteProcessor FIND_NEWLINE_OR_NUL = b -> b != '\n' && b != 0;

    private Object inline(ByteBuf in) {
        int nl = in.forEachByte(in.readerIndex(), in.readableBytes(), FIND_NEWLINE_OR_NUL);
        if (nl < 0 || in.getByte(nl) == 0) {
            if (in.readableBytes() > INLINE_MAX) {
                return fail("Protocol error: too big inline request");
            }
            return null;
        }
        int end = nl;
        if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - in.readerIndex()];
        in.getBytes(in.readerIndex(), line);
        in.readerIndex(nl + 1);
        List<byte[]> parts = ArgSplitter.split(line);
        if (parts == null) {
            return fail("Protocol error: unbalanced quotes in request");
        }
        if (parts.isEmpty()) {
            return NOTHING;
        }
        return parts.toArray(new byte[0][]);
    }

    private Object fail(String message) {
        failed = true;
        return new ProtocolError("ERR " + message);
    }

    /** Where the line parsed by the last successful {@link #plainLength} call ends (its '\r'). */
    private int plainLengthEnd;

    /**
     * The common case of a length line, a type byte and up to 9 digits without sign or leading zero then
     * CRLF, parsed in one pass; -1 for anything else (incomplete, negative, malformed), which the general
     * path handles with its error messages.
     */
    private long plainLength(ByteBuf in, int start) {
        int end = in.writerIndex();
        int i = start + 1;
        int limit = Math.min(end, i + 10);
        long v = 0;
        for (; i < limit; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
        }
        int digits = i - start - 1;
        if (digits == 0 || digits > 9 || i + 1 >= end || in.getByte(i) != '\r' || in.getByte(i + 1) != '\n'
                || (digits > 1 && in.getByte(start + 1) == '0')) {
            return -1;
        }
        plainLengthEnd = i;
        return v;
    }

    /** Like Redis's strchr(buffer, '\r'), which a NUL byte stops. */
    private static final ByteProcessor FIND_CR_OR_NUL = b -> b != '\r' && b != 0;

    /**
     * Index of the '\r' ending a length line that starts at from, or -1 while it is incomplete. As in Redis,
     * the line ends at the first '\r' and the byte after it is skipped unread; a NUL before that '\r' leaves
     * the line incomplete for good.
     */
    private static int findLineEnd(ByteBuf in, int from) {
        int end = in.writerIndex();
        int limit = Math.min(end, from + INLINE_MAX + 1);
        int cr = in.forEachByte(from, limit - from, FIND_CR_OR_NUL);
        if (cr < 0 || cr + 1 >= end || in.getByte(cr) == 0) {
            return -1;
        }
        return cr;
    }

    /** Parses the decimal between from and to with string2ll rules; Long.MIN_VALUE when malformed. */
    private static long parseLength(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return Long.MIN_VALUE;
        }
        int i = from;
        boolean negative = in.getByte(i) == '-';
        if (negative) {
            i++;
            if (i == to) {
                return Long.MIN_VALUE;
            }
        }
        byte first = in.getByte(i);
        if (first == '0') {
            return (i + 1 == to && !negative) ? 0 : Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
