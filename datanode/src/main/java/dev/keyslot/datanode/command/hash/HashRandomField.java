package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HRANDFIELD key [count [WITHVALUES]]. A negative count may repeat fields; a positive one returns distinct
 * fields, the whole hash (in its order) when count reaches its size. With WITHVALUES RESP2 gets a flat array
 * and RESP3 an array of [field, value] pairs.
 */
final class HashRandomField {
    private static final String COUNT_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    /** Below this ratio of size to count, picking from a full copy beats sampling until distinct. */
    private static final int SAMPLING_MULTIPLIER = 3;

    private final TypedLookup lookup;

    HashRandomField(TypedLookup lookup) {
        this.lookup = lookup;
    }

    void hrandfield(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            long count = Args.toLong(argv[2]);
            if (count == Long.MIN_VALUE) {
                throw new CommandError(COUNT_RANGE);
            }
            if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "withvalues"))) {
                throw Errors.syntax();
            }
            boolean withValues = argv.length == 4;
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw new CommandError("ERR value is out of range");
            }
            withCount(c, argv[1], count, withValues);
            return;
        }
        HashValue h = lookup.value(c.db(), argv[1], ValueType.HASH);
        if (h == null) {
            c.reply().nullBulk();
        } else {
            h.randomPair((field, value) -> c.reply().bulk(field));
        }
    }

    private void withCount(Client c, byte[] key, long requested, boolean withValues) {
        HashValue h = lookup.value(c.db(), key, ValueType.HASH);
        Reply r = c.reply();
        if (h == null || requested == 0) {
            r.emptyArray();
            return;
        }
        boolean nested = withValues && r.resp3();
        long count = Math.abs(requested);
        if (requested < 0 || count == 1) {
            header(r, count, withValues);
            // A client closed for its output buffer stops a huge count early, as in Redis.
            for (long i = 0; i < count && !r.discarded(); i++) {
                h.randomPair((field, value) -> pair(r, field, value, withValues, nested));
            }
            return;
        }
        int size = h.size();
        header(r, Math.min(count, size), withValues);
        if (count >= size) {
            h.forEach((field, value) -> pair(r, field, value, withValues, nested));
        } else if (count * SAMPLING_MULTIPLIER > size) {
            pickFromAll(h, (int) count, r, withValues, nested);
        } else {
            sampleDistinct(h, (int) count, r, withValues, nested);
        }
    }

    private static void header(Reply r, long pairs, boolean withValues) {
        r.arrayHeader(withValues && !r.resp3() ? pairs * 2 : pairs);
    }

    private static void pair(Reply r, byte[] field, byte[] value, boolean withValues, boolean nested) {
        if (nested) {
            r.arrayHeader(2);
        }
        r.bulk(field);
        if (withValues) {
            r.bulk(value);
        }
    }

    /** count distinct pairs by a partial shuffle of a full copy. */
    private static void pickFromAll(HashValue h, int count, Reply r, boolean withValues, boolean nested) {
        List<byte[][]> all = new ArrayList<>(h.size());
        h.forEach((field, value) -> all.add(new byte[][] {field, value}));
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            int j = i + rnd.nextInt(all.size() - i);
            byte[][] chosen = all.get(j);
            all.set(j, all.get(i));
            pair(r, chosen[0], chosen[1], withValues, nested);
        }
    }

    /** count distinct pairs by sampling until enough distinct fields were seen (count is small here). */
    private static void sampleDistinct(HashValue h, int count, Reply r, boolean withValues, boolean nested) {
        Set<ByteBuffer> seen = new HashSet<>();
        while (seen.size() < count) {
            h.randomPair((field, value) -> {
                if (seen.add(ByteBuffer.wrap(field))) {
                    pair(r, field, value, withValues, nested);
                }
            });
        }
    }
}
