package dev.keyslot.datanode.command.scan;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.util.GlobMatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared part of HSCAN/SSCAN (Redis's scanGenericCommand for a collection): cursor parsing, the
 * COUNT/MATCH options, collecting elements (flat field/value pairs for hashes) and the filtered reply.
 */
public final class CollectionScan {
    private static final byte[] MATCH_ALL = {'*'};

    private final boolean pairs;
    private long count = 10;
    private byte[] pattern;
    private final List<byte[]> items = new ArrayList<>();

    private CollectionScan(boolean pairs) {
        this.pairs = pairs;
    }

    /** Parses the cursor as strtoul does (sign allowed, negative wraps around), else "ERR invalid cursor". */
    public static long parseCursor(byte[] arg) {
        // The argument is a C string to strtoul: it ends at the first NUL byte.
        int end = 0;
        while (end < arg.length && arg[end] != 0) {
            end++;
        }
        if (end == 0) {
            // strtoul converts nothing and stops at the terminator: a valid zero.
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (arg[0] == '+' || arg[0] == '-') {
            negative = arg[0] == '-';
            i++;
        }
        if (i == end) {
            throw invalidCursor();
        }
        long v = 0;
        for (; i < end; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9) {
                throw invalidCursor();
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw invalidCursor();
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static CommandError invalidCursor() {
        return new CommandError("ERR invalid cursor");
    }

    /**
     * Parses the options after the cursor (argv[3] on); pairs is true for hashes, whose elements come as
     * field/value and are matched on the field.
     */
    public static CollectionScan parse(byte[][] argv, boolean pairs) {
        CollectionScan scan = new CollectionScan(pairs);
        for (int i = 3; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (Args.is(argv[i], "count") && hasValue) {
                scan.count = Args.toLong(argv[i + 1]);
                if (scan.count < 1) {
                    throw Errors.syntax();
                }
            } else if (Args.is(argv[i], "match") && hasValue) {
                byte[] p = argv[i + 1];
                scan.pattern = Arrays.equals(p, MATCH_ALL) ? null : p;
            } else {
                throw Errors.syntax();
            }
        }
        return scan;
    }

    /** How many elements (pair halves included) a hashtable walk should gather before replying. */
    public long target() {
        return pairs ? count * 2 : count;
    }

    /** The bound on scan steps over a sparse table: ten per requested element. */
    public long maxSteps() {
        return target() * 10;
    }

    public boolean hasEnough() {
        return Long.compareUnsigned(items.size(), target()) >= 0;
    }

    public void add(byte[] element) {
        items.add(element);
    }

    public void addPair(byte[] field, byte[] value) {
        items.add(field);
        items.add(value);
    }

    /** The reply for a missing key, given before the options are even parsed. */
    public static void replyEmpty(Reply reply) {
        reply.arrayHeader(2);
        reply.bulkLong(0);
        reply.emptyArray();
    }

    /** Writes [cursor, elements] keeping only the elements (or pairs, by field) that match the pattern. */
    public void reply(Reply reply, long cursor) {
        int step = pairs ? 2 : 1;
        int kept = 0;
        for (int i = 0; i < items.size(); i += step) {
            if (matches(items.get(i))) {
                kept += step;
            }
        }
        reply.arrayHeader(2);
        reply.bulkLong(cursor);
        reply.arrayHeader(kept);
        for (int i = 0; i < items.size(); i += step) {
            if (matches(items.get(i))) {
                for (int j = 0; j < step; j++) {
                    reply.bulk(items.get(i + j));
                }
            }
        }
    }

    private boolean matches(byte[] element) {
        return pattern == null || GlobMatcher.matches(pattern, element, false);
    }
}
