package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.scan.CollectionScan;
import dev.keyslot.datanode.util.GlobMatcher;

/** The cursor and the MATCH / COUNT / TYPE options of the SCAN family, parsed with Redis's rules. */
public final class ScanOptions {
    public final long cursor;
    public final long count;
    /** Null when absent or when it is exactly "*" (which matches everything). */
    public final byte[] pattern;
    /** Null unless TYPE was given (SCAN only). */
    public final byte[] type;

    private ScanOptions(long cursor, long count, byte[] pattern, byte[] type) {
        this.cursor = cursor;
        this.count = count;
        this.pattern = pattern;
        this.type = type;
    }

    /** Parses argv[cursorIndex] and the options after it; TYPE is accepted only when allowType. */
    public static ScanOptions parse(byte[][] argv, int cursorIndex, boolean allowType) {
        long cursor = CollectionScan.parseCursor(argv[cursorIndex]);
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = cursorIndex + 1; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (Args.is(argv[i], "count") && hasValue) {
                count = Args.toLong(argv[i + 1]);
                if (count < 1) {
                    throw Errors.syntax();
                }
            } else if (Args.is(argv[i], "match") && hasValue) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else if (Args.is(argv[i], "type") && allowType && hasValue) {
                type = argv[i + 1];
            } else {
                throw Errors.syntax();
            }
        }
        return new ScanOptions(cursor, count, pattern, type);
    }

    public boolean matches(byte[] element) {
        return pattern == null || GlobMatcher.matches(pattern, element);
    }
}
