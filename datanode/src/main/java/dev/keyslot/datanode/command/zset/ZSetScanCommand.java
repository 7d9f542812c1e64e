package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.keyspace.zset.ZSetNode;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.GlobMatch;
import dev.keyslot.datanode.util.Numbers;
import dev.keyslot.datanode.util.Strtod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]. A listpack-sized set comes back whole with cursor 0;
 * a larger one is walked through its member dict with the reverse-binary cursor.
 */
public final class ZSetScanCommand implements CommandGroup {
    private final ZSetAccess zsets;

    public ZSetScanCommand(Server server) {
        this.zsets = new ZSetAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("zscan", -3, "readonly", 1, 1, 1, "sortedset", this::zscan);
    }

    private void zscan(Client c, byte[][] argv) {
        long cursor = parseCursor(argv[2]);
        ZSetValue z = zsets.read(c, argv[1]);
        Reply r = c.reply();
        if (z == null) {
            r.arrayHeader(2);
            r.bulk(Numbers.toBytes(0));
            r.emptyArray();
            return;
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (Args.is(argv[i], "count") && hasValue) {
                count = Args.toLong(argv[i + 1]);
                if (count < 1) {
                    throw Errors.syntax();
                }
            } else if (Args.is(argv[i], "match") && hasValue) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else {
                throw Errors.syntax();
            }
        }
        List<ZSetNode> found = new ArrayList<>();
        if (z.isListpack()) {
            for (ZSetNode n = z.first(); n != null; n = n.next()) {
                found.add(n);
            }
            cursor = 0;
        } else {
            long maxIterations = count * 20;
            do {
                cursor = z.scan(cursor, found::add);
            } while (cursor != 0 && maxIterations-- > 0 && found.size() < count);
        }
        if (pattern != null) {
            byte[] pat = pattern;
            found.removeIf(n -> !GlobMatch.matches(pat, n.member()));
        }
        r.arrayHeader(2);
        r.bulk(Numbers.toBytes(cursor));
        r.arrayHeader(found.size() * 2L);
        for (ZSetNode n : found) {
            r.bulk(n.member());
            r.bulk(Numbers.formatDouble17g(n.score()).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** strtoul rules: no leading space, optional sign (a minus wraps around), decimal digits, no overflow. */
    static long parseCursor(byte[] arg) {
        if (arg.length > 0 && Strtod.isSpace(arg[0])) {
            throw new CommandError("ERR invalid cursor");
        }
        int i = 0;
        boolean negative = false;
        if (i < arg.length && (arg[i] == '+' || arg[i] == '-')) {
            negative = arg[i] == '-';
            i++;
        }
        if (i == arg.length) {
            if (arg.length == 0) {
                return 0;
            }
            throw new CommandError("ERR invalid cursor");
        }
        long v = 0;
        for (; i < arg.length; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9) {
                throw new CommandError("ERR invalid cursor");
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw new CommandError("ERR invalid cursor");
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
