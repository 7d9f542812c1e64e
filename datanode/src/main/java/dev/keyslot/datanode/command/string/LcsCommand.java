package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence by the
 * classic dynamic programming table, walked back from the end as Redis does so ties resolve identically.
 */
final class LcsCommand implements CommandGroup {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] MATCHES = "matches".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEN = "len".getBytes(StandardCharsets.US_ASCII);

    /** A matching range, inclusive on both sides, in each string. */
    private record Match(int aStart, int aEnd, int bStart, int bEnd) {
        int length() {
            return aEnd - aStart + 1;
        }
    }

    private final Server server;
    private final TypedLookup lookup;

    LcsCommand(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("lcs", -3, "readonly", 1, 2, 1, "string", this::lcs).keySpecFlags("RO access");
    }

    private void lcs(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry ea = lookup.read(db, argv[1]);
        KeyEntry eb = lookup.read(db, argv[2]);
        if ((ea != null && !(ea.value instanceof byte[])) || (eb != null && !(eb.value instanceof byte[]))) {
            throw new CommandError("ERR The specified keys must contain string values");
        }
        byte[] a = ea == null ? EMPTY : (byte[]) ea.value;
        byte[] b = eb == null ? EMPTY : (byte[]) eb.value;
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean more = j + 1 < argv.length;
            if (Args.is(opt, "idx")) {
                getIdx = true;
            } else if (Args.is(opt, "len")) {
                getLen = true;
            } else if (Args.is(opt, "withmatchlen")) {
                withMatchLen = true;
            } else if (Args.is(opt, "minmatchlen") && more) {
                minMatchLen = Math.max(0, Args.toLong(argv[++j]));
            } else {
                throw Errors.syntax();
            }
        }
        if (getLen && getIdx) {
            throw new CommandError("ERR If you want both the length and indexes, please just use IDX.");
        }
        int[] table = table(a, b);
        int width = b.length + 1;
        int total = table[a.length * width + b.length];
        Reply r = c.reply();
        if (getLen) {
            r.integer(total);
            return;
        }
        byte[] common = new byte[total];
        List<Match> matches = walkBack(a, b, table, common);
        if (!getIdx) {
            r.bulk(common);
            return;
        }
        r.mapHeader(2);
        r.bulk(MATCHES);
        int shown = 0;
        for (Match m : matches) {
            if (minMatchLen == 0 || m.length() >= minMatchLen) {
                shown++;
            }
        }
        r.arrayHeader(shown);
        for (Match m : matches) {
            if (minMatchLen == 0 || m.length() >= minMatchLen) {
                r.arrayHeader(withMatchLen ? 3 : 2);
                r.arrayHeader(2);
                r.integer(m.aStart);
                r.integer(m.aEnd);
                r.arrayHeader(2);
                r.integer(m.bStart);
                r.integer(m.bEnd);
                if (withMatchLen) {
                    r.integer(m.length());
                }
            }
        }
        r.bulk(LEN);
        r.integer(total);
    }

    /** LCS lengths of every pair of prefixes, row-major with rows of b.length + 1. */
    private int[] table(byte[] a, byte[] b) {
        long cells = (long) (a.length + 1) * (b.length + 1);
        if (cells * Integer.BYTES > server.maxBulkLength()) {
            throw new CommandError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int[] lcs;
        try {
            lcs = new int[Math.toIntExact(cells)];
        } catch (OutOfMemoryError | ArithmeticException e) {
            throw new CommandError("ERR Insufficient memory, failed allocating transient memory for LCS");
        }
        int width = b.length + 1;
        for (int i = 1; i <= a.length; i++) {
            int row = i * width;
            int above = row - width;
            for (int j = 1; j <= b.length; j++) {
                lcs[row + j] = a[i - 1] == b[j - 1] ? lcs[above + j - 1] + 1 : Math.max(lcs[above + j], lcs[row + j - 1]);
            }
        }
        return lcs;
    }

    /** Fills common with the subsequence and returns the matching ranges, from the end backwards. */
    private static List<Match> walkBack(byte[] a, byte[] b, int[] lcs, byte[] common) {
        List<Match> matches = new ArrayList<>();
        int width = b.length + 1;
        int idx = common.length;
        int noRange = a.length;
        int aStart = noRange;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = a.length;
        int j = b.length;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                common[idx - 1] = a[i - 1];
                if (aStart == noRange) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (lcs[(i - 1) * width + j] > lcs[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != noRange) {
                    emit = true;
                }
            }
            if (emit) {
                matches.add(new Match(aStart, aEnd, bStart, bEnd));
                aStart = noRange;
            }
        }
        return matches;
    }
}
