package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZRANDMEMBER key [count [WITHSCORES]]: a negative count may repeat members; a positive one returns
 * distinct members, all of them (in order) when count reaches the size.
 */
public final class ZSetRandomCommands implements CommandGroup {
    private static final String COUNT_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

    private final ZSetAccess zsets;

    public ZSetRandomCommands(Server server) {
        this.zsets = new ZSetAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("zrandmember", -2, "readonly", 1, 1, 1, "sortedset", this::zrandmember).keySpecFlags("RO access")
                .tips("nondeterministic_output");
    }

    private void zrandmember(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            long l = Args.toLong(argv[2]);
            if (l == Long.MIN_VALUE) {
                throw new CommandError(COUNT_RANGE);
            }
            if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "withscores"))) {
                throw Errors.syntax();
            }
            boolean withScores = argv.length == 4;
            if (withScores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) {
                throw new CommandError("ERR value is out of range");
            }
            withCount(c, argv[1], l, withScores);
            return;
        }
        ZSetValue z = zsets.read(c, argv[1]);
        if (z == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(z.randomMember().member());
        }
    }

    private void withCount(Client c, byte[] key, long l, boolean withScores) {
        ZSetValue z = zsets.read(c, key);
        Reply r = c.reply();
        if (z == null || l == 0) {
            r.emptyArray();
            return;
        }
        long count = Math.abs(l);
        if (l < 0 || count == 1) {
            r.arrayHeader(withScores && !r.resp3() ? count * 2 : count);
            // A client closed for its output buffer stops a huge count early, as in Redis.
            for (long i = 0; i < count && !r.discarded(); i++) {
                ZSetEntry n = z.randomMember();
                ZSetAccess.replyMember(r, n.member(), n.score(), withScores);
            }
            return;
        }
        List<ZSetEntry> picked;
        if (count >= z.size()) {
            // Redis walks the set from the highest member down here.
            picked = RangeSelection.byRank(z, 0, -1, true);
        } else if (count * 3 > z.size()) {
            picked = RangeSelection.byRank(z, 0, -1, false);
            Collections.shuffle(picked, ThreadLocalRandom.current());
            picked = picked.subList(0, (int) count);
        } else {
            picked = new ArrayList<>((int) count);
            Set<Long> seenRanks = new HashSet<>();
            while (picked.size() < count) {
                ZSetEntry n = z.randomMember();
                if (seenRanks.add(z.rank(n))) {
                    picked.add(n);
                }
            }
        }
        ZSetAccess.replyMembers(r, picked, withScores);
    }
}
