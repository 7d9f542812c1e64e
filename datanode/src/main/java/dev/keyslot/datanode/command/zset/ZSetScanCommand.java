package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.scan.CollectionScan;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;

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
        t.add("zscan", -3, "readonly", 1, 1, 1, "sortedset", this::zscan).keySpecFlags("RO access")
                .tips("nondeterministic_output");
    }

    private void zscan(Client c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        ZSetValue z = zsets.read(c, argv[1]);
        if (z == null) {
            CollectionScan.replyEmpty(c.reply());
            return;
        }
        CollectionScan scan = CollectionScan.parse(argv, true);
        if (z.isListpack()) {
            for (ZSetEntry n = z.first(); n != null; n = n.next()) {
                addPair(scan, n);
            }
            cursor = 0;
        } else {
            long steps = scan.maxSteps();
            do {
                cursor = z.scan(cursor, n -> addPair(scan, n));
            } while (cursor != 0 && steps-- != 0 && !scan.hasEnough());
        }
        scan.reply(c.reply(), cursor);
    }

    private static void addPair(CollectionScan scan, ZSetEntry n) {
        scan.addPair(n.member(), Numbers.formatDouble17g(n.score()).getBytes(StandardCharsets.US_ASCII));
    }
}
