package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamValue;

import java.nio.charset.StandardCharsets;

/**
 * The options XADD and XTRIM share (MAXLEN|MINID [=|~] threshold [LIMIT n], and for XADD NOMKSTREAM and
 * the ID), parsed in Redis's order so the same error wins.
 */
final class TrimArgs {
    private static final byte[] EXACT = {'='};
    private static final String BOTH = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";

    /** -1 when not trimming by length. */
    long maxLen = -1;
    StreamId minId;
    boolean approx;
    long limit;
    boolean noMkStream;
    /** The position of the MAXLEN count or MINID id, rewritten for replicas after an approximate trim. */
    int thresholdIndex;
    /** XADD only: the ID argument's position and value (null for "*"). */
    int idIndex;
    StreamIdArgs.Given id;

    boolean trims() {
        return maxLen >= 0 || minId != null;
    }

    /**
     * @param obeyed the master's stream or the AOF: their trims were already made exact, and LIMIT (which
     *               Redis keeps beside the rewritten "=") is ignored as Redis does
     */
    static TrimArgs parse(byte[][] argv, boolean xadd, long nodeMaxEntries, boolean obeyed) {
        TrimArgs a = new TrimArgs();
        boolean limitGiven = false;
        int i = 2;
        for (; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            byte[] opt = argv[i];
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (Args.is(opt, "maxlen") && more > 0) {
                if (a.trims()) {
                    throw new CommandError(BOTH);
                }
                i = a.approxMarker(argv, i, more);
                a.thresholdIndex = i + 1;
                a.maxLen = Args.toLong(argv[i + 1]);
                if (a.maxLen < 0) {
                    throw new CommandError("ERR The MAXLEN argument must be >= 0.");
                }
                i++;
            } else if (Args.is(opt, "minid") && more > 0) {
                if (a.trims()) {
                    throw new CommandError(BOTH);
                }
                i = a.approxMarker(argv, i, more);
                a.thresholdIndex = i + 1;
                a.minId = StreamIdArgs.parseStrict(argv[i + 1]);
                i++;
            } else if (Args.is(opt, "limit") && more > 0) {
                a.limit = Args.toLong(argv[i + 1]);
                if (a.limit < 0) {
                    throw new CommandError("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && Args.is(opt, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                a.id = StreamIdArgs.parseForAdd(opt);
                break;
            } else {
                throw Errors.syntax();
            }
        }
        a.idIndex = i;
        if (a.limit != 0 && !a.trims()) {
            throw new CommandError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && !a.trims()) {
            throw new CommandError("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (obeyed) {
            a.limit = 0;
        } else if (limitGiven) {
            if (!a.approx) {
                throw new CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else if (a.approx) {
            a.limit = 100 * nodeMaxEntries;
            if (a.limit <= 0) {
                a.limit = 10000;
            }
            if (a.limit > 1000000) {
                a.limit = 1000000;
            }
        } else {
            a.limit = 0;
        }
        return a;
    }

    /** Skips an optional "~" or "=" after MAXLEN/MINID; returns the index before the threshold. */
    private int approxMarker(byte[][] argv, int i, int more) {
        approx = false;
        byte[] next = argv[i + 1];
        if (more >= 2 && next.length == 1 && (next[0] == '~' || next[0] == '=')) {
            approx = next[0] == '~';
            return i + 1;
        }
        return i;
    }

    long apply(StreamValue s) {
        return s.trim(maxLen, minId, approx, limit);
    }

    /**
     * After an approximate trim, what replicas and the AOF must apply instead: "=" and the length (MAXLEN) or
     * first ID (MINID) the stream has now, so their trim is exact and ends where ours did.
     */
    void makeExact(byte[][] propagated, StreamValue s) {
        propagated[thresholdIndex - 1] = EXACT;
        propagated[thresholdIndex] = minId == null ? Long.toString(s.length()).getBytes(StandardCharsets.US_ASCII)
                : s.firstId().toBytes();
    }
}
